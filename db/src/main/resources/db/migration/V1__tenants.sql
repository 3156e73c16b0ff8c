-- Tenants and their settings.
--
-- Tenant isolation is enforced twice: every repository filters by tenant_id, and row-level security filters again
-- from the per-transaction setting cirrus.tenant_id (set by the application at the start of each transaction).
-- The application connects as ${app_role}, which owns nothing, is no superuser and cannot bypass RLS; migrations
-- run as the schema owner. FORCE makes the policies apply to the owner as well.

create function cirrus_current_tenant() returns uuid
    language sql stable
as $$ select nullif(current_setting('cirrus.tenant_id', true), '')::uuid $$;

comment on function cirrus_current_tenant() is
    'The tenant of the current transaction (set_config(''cirrus.tenant_id'', ..., true)); null when none is set.';

create table tenant (
    id              uuid primary key,
    alias           text not null unique check (alias ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name            text not null check (length(name) between 1 and 200),
    keycloak_org_id text unique,
    created_at      timestamptz not null default now()
);

comment on table tenant is 'The registry of tenants; one per Keycloak organization. Not tenant-owned: no RLS.';

create table tenant_settings (
    tenant_id     uuid primary key references tenant (id) on delete cascade,
    display_name  varchar(100) not null check (length(btrim(display_name)) > 0),
    contact_email varchar(254),
    time_zone     varchar(64)  not null,
    updated_at    timestamptz  not null,
    updated_by    text         not null,
    version       bigint       not null default 0
);

alter table tenant_settings enable row level security;
alter table tenant_settings force row level security;
create policy tenant_isolation on tenant_settings
    using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

grant usage on schema public to ${app_role};
grant select, insert, update, delete on all tables in schema public to ${app_role};
grant usage, select on all sequences in schema public to ${app_role};
grant execute on all functions in schema public to ${app_role};
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};
alter default privileges in schema public grant execute on functions to ${app_role};
