-- Telemetry: stored readings (one row per reading and key), latest value per device and key, rejected messages per
-- device, and the storage consumer's Kafka offsets (docs/adr/0007-telemetry-ingest-and-storage.md).
--
-- Readings are range-partitioned by day on ts. The application role owns nothing, so it cannot create partitions:
-- telemetry_maintain_partitions() runs with the owner's rights (security definer), creates the days ahead, drops the
-- days past retention and keeps the application role off the partitions themselves, so every read and write goes
-- through the parent, where row-level security applies.

create table telemetry (
    tenant_id uuid             not null,
    device_id uuid             not null,
    key       varchar(64)      not null,
    ts        timestamptz      not null,
    num       double precision,
    str       text,
    bool      boolean
) partition by range (ts);

comment on table telemetry is
    'Readings, one row per (message, key); exactly one of num, str, bool is set. Day partitions, see telemetry_maintain_partitions.';

-- Queries are per device and key over a time range; inserts arrive in ts order per device.
create index telemetry_series on telemetry (tenant_id, device_id, key, ts);

-- Catches rows outside the created days (a clock far off that the ingest window let through); always nearly empty.
create table telemetry_default partition of telemetry default;

alter table telemetry enable row level security;
alter table telemetry force row level security;
create policy tenant_isolation on telemetry
    using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

create table telemetry_latest (
    tenant_id uuid        not null references tenant (id) on delete cascade,
    device_id uuid        not null,
    key       varchar(64) not null,
    ts        timestamptz not null,
    num       double precision,
    str       text,
    bool      boolean,
    primary key (tenant_id, device_id, key)
);

comment on table telemetry_latest is 'The newest value per device and key (by the reading''s ts), kept by the storage consumer.';

alter table telemetry_latest enable row level security;
alter table telemetry_latest force row level security;
create policy tenant_isolation on telemetry_latest
    using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

create table telemetry_rejection (
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    device_id  uuid        not null,
    source     varchar(8)  not null check (source in ('HTTP', 'MQTT')),
    rejected   bigint      not null,
    last_error text        not null,
    last_at    timestamptz not null,
    primary key (tenant_id, device_id, source)
);

comment on table telemetry_rejection is 'Messages of a device that ingest refused (bad input, over the rate limit), per path.';

alter table telemetry_rejection enable row level security;
alter table telemetry_rejection force row level security;
create policy tenant_isolation on telemetry_rejection
    using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

-- Not tenant-owned: positions of the storage consumer in the Kafka log, written in the same transaction as the rows,
-- so a restart resumes exactly after the last stored batch (exactly once without a unique index on the readings).
create table telemetry_storage_offset (
    consumer_group text    not null,
    topic          text    not null,
    partition      integer not null,
    next_offset    bigint  not null,
    primary key (consumer_group, topic, partition)
);

create function telemetry_maintain_partitions(days_back integer, days_ahead integer, retention_days integer) returns integer
    language plpgsql
    security definer
    set search_path = public
as $$
declare
    day     date;
    created integer := 0;
    part    record;
begin
    -- Past days too: the ingest window accepts readings up to days in the past.
    for day in select generate_series(current_date - least(days_back, retention_days), current_date + days_ahead, interval '1 day')::date
    loop
        if to_regclass('telemetry_' || to_char(day, 'YYYYMMDD')) is null then
            execute format('create table %I partition of telemetry for values from (%L) to (%L)',
                           'telemetry_' || to_char(day, 'YYYYMMDD'), day::timestamptz, (day + 1)::timestamptz);
            created := created + 1;
        end if;
    end loop;
    for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'telemetry'::regclass and c.relname ~ '^telemetry_[0-9]{8}$'
          and to_date(substr(c.relname, 11), 'YYYYMMDD') < current_date - retention_days
    loop
        execute format('drop table %I', part.relname);
    end loop;
    -- Every run, for every partition: later migrations grant on all tables of the schema, and a partition read
    -- directly would bypass the parent's row-level security.
    for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'telemetry'::regclass
    loop
        execute format('revoke all on %I from ${app_role}', part.relname);
    end loop;
    return created;
end
$$;

comment on function telemetry_maintain_partitions(integer, integer, integer) is
    'Creates the day partitions of telemetry from days_back ago to days_ahead, drops those older than retention_days; returns how many it created.';

revoke all on telemetry_default from ${app_role};
revoke execute on function telemetry_maintain_partitions(integer, integer, integer) from public;
grant execute on function telemetry_maintain_partitions(integer, integer, integer) to ${app_role};

select telemetry_maintain_partitions(8, 3, 30);
