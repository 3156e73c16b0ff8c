-- Records of the telemetry topic that storage cannot store however often it tries: a reading PostgreSQL refuses as
-- data (SQLSTATE classes 22 and 23: a value it cannot hold, a tenant deleted while its readings were on the topic)
-- or a record that is not a reading at all. Storage used to retry such a batch without end, which held up storage
-- for every tenant behind it; now it stores the batch's other records and parks these here, with the position past
-- them, in one transaction (ADR 0007). Nothing accepted is dropped: an operator reads why, fixes the cause and can
-- put the payload back on the topic.
--
-- Not under row-level security: written by storage for all tenants and read by platform operators. The tenant is
-- kept when the record's key names one.
create table telemetry_parked (
    consumer_group text        not null,
    topic          text        not null,
    partition      integer     not null,
    "offset"       bigint      not null,
    tenant_id      uuid,
    device_id      uuid,
    record_key     text,
    payload        bytea       not null,
    reason         text        not null,
    parked_at      timestamptz not null default now(),
    primary key (consumer_group, topic, partition, "offset")
);

create index telemetry_parked_recent on telemetry_parked (parked_at);
