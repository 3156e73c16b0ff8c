-- A platform admin suspends a tenant (docs/adr/0035): its users, API calls, device ingest and apps are refused
-- with the reason until it is resumed. Who and when are kept for both; the tenant table has no row-level security
-- (it is the list of tenants), every instance reads the suspended ones from here.
alter table tenant
    add column suspended_at     timestamptz,
    add column suspended_reason text,
    add column suspended_by     text,
    add column resumed_at       timestamptz,
    add column resumed_by       text,
    add constraint tenant_suspension check ((suspended_at is null) = (suspended_reason is null));

create index tenant_suspended on tenant (id) where suspended_at is not null;
