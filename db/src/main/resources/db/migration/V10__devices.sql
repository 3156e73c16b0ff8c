-- Devices: profiles, the registry, and two tenant-free lookup tables for device-facing authentication.
-- See docs/adr/0006-device-registry-and-credentials.md.
--
-- device_profile and device are tenant-owned (RLS policy tenant_isolation, as in V1). A device presents only its
-- token, so the tenant is not known before the token is looked up: device_token and device_provision_key map a
-- SHA-256 hash (or a public provisioning key) to (tenant, id) and hold nothing else: no name, no secret. The device
-- row itself is then read with the tenant bound, as everywhere else.

-- Trigram index for "name contains" filters on 100,000 devices per tenant (trusted extension, the schema owner may
-- create it).
create extension if not exists pg_trgm;

create table device_profile (
    id                     uuid primary key,
    tenant_id              uuid        not null references tenant (id) on delete cascade,
    name                   varchar(100) not null check (length(btrim(name)) > 0),
    type                   varchar(64) not null default 'generic',
    reporting_interval_s   integer     not null check (reporting_interval_s between 1 and 604800),
    inactivity_timeout_s   integer     not null check (inactivity_timeout_s between 1 and 2592000),
    is_default             boolean     not null default false,
    provision_key          text unique,
    provision_secret_hash  bytea,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    unique (tenant_id, name),
    unique (tenant_id, id),
    check ((provision_key is null) = (provision_secret_hash is null))
);
-- At most one default profile per tenant (created lazily by the registry).
create unique index device_profile_default on device_profile (tenant_id) where is_default;

create table device (
    id                uuid primary key,
    tenant_id         uuid        not null references tenant (id) on delete cascade,
    name              varchar(200) not null check (length(btrim(name)) > 0),
    profile_id        uuid        not null,
    tags              text[]      not null default '{}',
    metadata          jsonb       not null default '{}',
    token_hash        bytea,
    token_state       text        not null default 'active' check (token_state in ('active', 'revoked')),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    last_seen_at      timestamptz,
    -- The status the offline/online sweep last announced; the status shown and filtered is computed from
    -- last_seen_at and the profile's inactivity timeout.
    announced_online  boolean     not null default false,
    decommissioned_at timestamptz,
    foreign key (tenant_id, profile_id) references device_profile (tenant_id, id),
    check ((token_state = 'active') = (token_hash is not null))
);
-- Lists of 100k devices: one index per sort order (first page = an index range scan of 50 entries), tags by GIN,
-- name contains by trigrams. Decommissioned devices are kept for history and filtered out by default.
create index device_by_name on device (tenant_id, name, id);
create index device_by_created on device (tenant_id, created_at desc, id);
create index device_by_last_seen on device (tenant_id, last_seen_at desc nulls last, id);
create index device_tags on device using gin (tags);
create index device_name_trgm on device using gin (name gin_trgm_ops);
create index device_by_profile on device (tenant_id, profile_id);

create table device_token (
    token_hash bytea primary key check (length(token_hash) = 32),
    tenant_id  uuid not null references tenant (id) on delete cascade,
    device_id  uuid not null unique references device (id) on delete cascade
);
comment on table device_token is
    'Tenant-free lookup of active device tokens: SHA-256 of the token -> (tenant, device). No RLS, no secrets.';

create table device_provision_key (
    provision_key text primary key,
    tenant_id     uuid not null references tenant (id) on delete cascade,
    profile_id    uuid not null unique references device_profile (id) on delete cascade
);
comment on table device_provision_key is
    'Tenant-free lookup of self-provisioning keys -> (tenant, profile). The secret hash stays in device_profile.';

do $$
declare t text;
begin
    foreach t in array array['device_profile', 'device']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = cirrus_current_tenant()) '
                       'with check (tenant_id = cirrus_current_tenant())', t);
    end loop;
end $$;

grant select, insert, update, delete on all tables in schema public to ${app_role};
grant usage, select on all sequences in schema public to ${app_role};
