-- Dashboards a tenant builds from widgets. One row per dashboard; its widgets are a JSON array the application
-- validates (kinds, devices, keys, ranges, thresholds) before it is stored. See docs/adr/0028-tenant-dashboards.md.
--
-- Tenant-owned with the row-level security policy of V1, forced like every tenant row.

create table dashboard (
    id           uuid primary key,
    tenant_id    uuid         not null references tenant (id) on delete cascade,
    name         varchar(100) not null check (length(btrim(name)) > 0),
    description  varchar(500),
    -- Roles besides tenant admins that may open it (developer, viewer); only tenant admins and developers edit.
    shared_with  text[]       not null default '{}' check (shared_with <@ array['developer', 'viewer']::text[]),
    widgets      jsonb        not null default '[]' check (jsonb_typeof(widgets) = 'array'),
    version      integer      not null default 1 check (version > 0),
    created_by   text         not null,
    created_at   timestamptz  not null default now(),
    updated_by   text         not null,
    updated_at   timestamptz  not null default now(),
    unique (tenant_id, name)
);
create index dashboard_by_name on dashboard (tenant_id, name, id);

alter table dashboard enable row level security;
alter table dashboard force row level security;
create policy tenant_isolation on dashboard using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

grant select, insert, update, delete on dashboard to ${app_role};
