-- What happened to each device, for its page: registered (by a person, an import or self-provisioning), changed,
-- token rotated or revoked, online and offline, decommissioned. Written in the transaction that made the change
-- (the status sweep writes its transitions in one statement). Tenant-owned with forced row-level security.

create table device_event (
    id         uuid primary key default gen_random_uuid(),
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    device_id  uuid        not null,
    kind       text        not null check (kind in ('registered', 'imported', 'provisioned', 'updated', 'token-rotated',
                                                    'token-revoked', 'online', 'offline', 'decommissioned')),
    detail     varchar(500),
    by_user    text,
    at         timestamptz not null default now()
);
create index device_event_by_device on device_event (tenant_id, device_id, at desc);

alter table device_event enable row level security;
alter table device_event force row level security;
create policy tenant_isolation on device_event using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

grant select, insert, delete on device_event to ${app_role};
