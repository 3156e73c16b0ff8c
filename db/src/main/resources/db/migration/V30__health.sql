-- Health: sampled metrics for charts, alarm rules and alarms, and the log of automatic recovery actions.
--
-- These tables hold platform rows (tenant_id null, for platform admins and the platform's own loops) beside tenant
-- rows. The policy "tenant_id is not distinct from cirrus_current_tenant()" gives a transaction bound to a tenant
-- exactly that tenant's rows, and a transaction bound to no tenant exactly the platform's rows: no tenant ever sees
-- the platform's rows or another tenant's.

create table health_sample (
    tenant_id uuid references tenant (id) on delete cascade,
    metric    text             not null,
    subject   text             not null default '',
    ts        timestamptz      not null,
    value     double precision not null
);
create index health_sample_series on health_sample (tenant_id, metric, subject, ts);
create index health_sample_ts on health_sample (ts);

alter table health_sample enable row level security;
alter table health_sample force row level security;
create policy tenant_isolation on health_sample
    using (tenant_id is not distinct from cirrus_current_tenant())
    with check (tenant_id is not distinct from cirrus_current_tenant());

create table alarm_rule (
    id               uuid primary key,
    tenant_id        uuid references tenant (id) on delete cascade,
    name             varchar(100)     not null,
    source           varchar(16)      not null check (source in ('TELEMETRY', 'HEALTH')),
    metric           varchar(64)      not null,
    selector         varchar(200)     not null,
    operator         varchar(2)       not null check (operator in ('>', '>=', '<', '<=', '==', '!=')),
    threshold        double precision not null,
    duration_seconds integer          not null check (duration_seconds >= 0),
    severity         varchar(16)      not null check (severity in ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING')),
    enabled          boolean          not null default true,
    created_at       timestamptz      not null,
    updated_at       timestamptz      not null,
    updated_by       text             not null,
    version          bigint           not null default 0
);
create index alarm_rule_tenant on alarm_rule (tenant_id, source, metric);

alter table alarm_rule enable row level security;
alter table alarm_rule force row level security;
create policy tenant_isolation on alarm_rule
    using (tenant_id is not distinct from cirrus_current_tenant())
    with check (tenant_id is not distinct from cirrus_current_tenant());

create table alarm (
    id          uuid primary key,
    tenant_id   uuid references tenant (id) on delete cascade,
    rule_id     uuid references alarm_rule (id) on delete set null,
    rule_key    text             not null,
    rule_name   varchar(100)     not null,
    entity      text             not null,
    entity_name text             not null,
    severity    varchar(16)      not null,
    state       varchar(16)      not null check (state in ('ACTIVE', 'CLEARED')),
    message     text             not null,
    value       double precision,
    raised_at   timestamptz      not null,
    acked_at    timestamptz,
    acked_by    text,
    ack_note    varchar(500),
    cleared_at  timestamptz,
    details     jsonb            not null default '{}',
    version     bigint           not null default 0
);
-- One active alarm per rule (a tenant rule's id, or the name of a built-in platform check) and entity.
create unique index alarm_one_active on alarm (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), rule_key, entity)
    where state = 'ACTIVE';
create index alarm_tenant_state on alarm (tenant_id, state, raised_at desc);

alter table alarm enable row level security;
alter table alarm force row level security;
create policy tenant_isolation on alarm
    using (tenant_id is not distinct from cirrus_current_tenant())
    with check (tenant_id is not distinct from cirrus_current_tenant());

create table recovery_action (
    id          uuid primary key,
    tenant_id   uuid references tenant (id) on delete cascade,
    target_kind varchar(16)  not null check (target_kind in ('CONSUMER', 'COMPONENT', 'DEVICE', 'APP')),
    target      text         not null,
    action      text         not null,
    outcome     varchar(16)  not null check (outcome in ('SUCCEEDED', 'FAILED')),
    detail      text         not null,
    attempt     integer      not null,
    at          timestamptz  not null
);
create index recovery_action_at on recovery_action (tenant_id, at desc);

alter table recovery_action enable row level security;
alter table recovery_action force row level security;
create policy tenant_isolation on recovery_action
    using (tenant_id is not distinct from cirrus_current_tenant())
    with check (tenant_id is not distinct from cirrus_current_tenant());
