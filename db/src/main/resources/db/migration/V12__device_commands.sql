-- Commands to devices: sent by users (or by the platform, e.g. the health module's "reboot"), delivered over MQTT
-- (amq.topic, routing key devices.<id>.commands) or fetched by the device over HTTP (long poll), answered by the
-- device with a result. States: PENDING -> DELIVERED -> SUCCEEDED | FAILED | EXPIRED (PENDING may expire too).
-- See docs/adr/0008-mqtt-through-rabbitmq.md.

create table device_command (
    id              uuid primary key,
    tenant_id       uuid         not null references tenant (id) on delete cascade,
    device_id       uuid         not null references device (id) on delete cascade,
    name            varchar(64)  not null check (name ~ '^[A-Za-z0-9_.-]{1,64}$'),
    params          jsonb        not null default '{}',
    state           varchar(16)  not null check (state in ('PENDING', 'DELIVERED', 'SUCCEEDED', 'FAILED', 'EXPIRED')),
    result          jsonb,
    created_at      timestamptz  not null,
    created_by      text         not null,
    expires_at      timestamptz  not null,
    delivered_at    timestamptz,
    delivered_via   varchar(8)   check (delivered_via in ('MQTT', 'HTTP')),
    completed_at    timestamptz,
    -- MQTT publications tried so far, and when the sweeper tries again while the command is PENDING (no queue of
    -- the device took it: the device has not subscribed yet).
    attempts        integer      not null default 0,
    next_attempt_at timestamptz,
    check ((state in ('SUCCEEDED', 'FAILED', 'EXPIRED')) = (completed_at is not null))
);
create index device_command_by_device on device_command (tenant_id, device_id, created_at desc, id);
-- The sweeper's work: open commands by expiry, pending ones by next attempt.
create index device_command_open on device_command (tenant_id, expires_at) where state in ('PENDING', 'DELIVERED');
create index device_command_pending on device_command (tenant_id, device_id, created_at)
    where state = 'PENDING';

alter table device_command enable row level security;
alter table device_command force row level security;
create policy tenant_isolation on device_command
    using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

grant select, insert, update, delete on device_command to ${app_role};
