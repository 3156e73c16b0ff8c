-- API clients: machines that call the API as one of a tenant's roles, with the OAuth2 client-credentials grant of a
-- confidential client in Keycloak (which holds the secret; Cirrus never stores it). One row per client, so a tenant
-- admin sees only the tenant's own. See docs/adr/0036-api-clients.md.
--
-- Tenant-owned with the row-level security policy of V1, forced like every tenant row.

create table api_client (
    id                 uuid primary key,
    tenant_id          uuid         not null references tenant (id) on delete cascade,
    client_id          varchar(100) not null unique,
    keycloak_id        varchar(64)  not null,
    name               varchar(100) not null check (length(btrim(name)) > 0),
    -- Never platform-admin: a tenant's machine acts inside its tenant.
    role               text         not null check (role in ('tenant-admin', 'developer', 'viewer')),
    created_by         text         not null,
    created_at         timestamptz  not null default now(),
    secret_rotated_by  text,
    secret_rotated_at  timestamptz
);
create index api_client_by_tenant on api_client (tenant_id, created_at, id);

alter table api_client enable row level security;
alter table api_client force row level security;
create policy tenant_isolation on api_client using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

grant select, insert, update, delete on api_client to ${app_role};
