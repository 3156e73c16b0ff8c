-- What the apps runtime did per tenant, app and day (UTC): the serverless bill. Counters are added to by every
-- Cirrus instance (each flushes what it counted since its last flush). Tenant-owned, row-level security of V1.

create table app_usage (
    tenant_id      uuid    not null references tenant (id) on delete cascade,
    app_id         uuid    not null,
    day            date    not null,
    invocations    bigint  not null default 0,
    matches        bigint  not null default 0,
    actions_ok     bigint  not null default 0,
    actions_failed bigint  not null default 0,
    refused        bigint  not null default 0,
    compute_micros bigint  not null default 0,
    primary key (tenant_id, app_id, day),
    foreign key (tenant_id, app_id) references app (tenant_id, id) on delete cascade
);

alter table app_usage enable row level security;
alter table app_usage force row level security;
create policy tenant_isolation on app_usage using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

grant select, insert, update, delete on app_usage to ${app_role};
