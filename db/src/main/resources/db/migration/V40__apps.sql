-- Apps: a named document per tenant, versioned; a version is the author's text as written (JSON or YAML), the
-- document it parses into, and the outcome of its latest validation. See docs/adr/0024-apps-by-configuration.md.
--
-- Versions are immutable: only their validation (state, problems, time) may change when they are validated again,
-- which a trigger enforces. Both tables are tenant-owned with the row-level security policy of V1.

create table app (
    id              uuid primary key,
    tenant_id       uuid         not null references tenant (id) on delete cascade,
    name            varchar(100) not null check (length(btrim(name)) > 0),
    description     text,
    latest_version  integer      not null check (latest_version > 0),
    created_by      text         not null,
    created_at      timestamptz  not null default now(),
    updated_by      text         not null,
    updated_at      timestamptz  not null default now(),
    unique (tenant_id, name),
    unique (tenant_id, id)
);
create index app_by_updated on app (tenant_id, updated_at desc, id);

create table app_version (
    tenant_id        uuid        not null,
    app_id           uuid        not null,
    version          integer     not null check (version > 0),
    format           text        not null check (format in ('json', 'yaml')),
    source           text        not null check (length(source) <= 262144),
    -- The document as the model reads it; null when the source does not fit the model (its problems say why).
    document         jsonb,
    valid            boolean     not null,
    problems         jsonb       not null default '[]',
    validated_at     timestamptz not null,
    created_by       text        not null,
    created_at       timestamptz not null default now(),
    primary key (tenant_id, app_id, version),
    foreign key (tenant_id, app_id) references app (tenant_id, id) on delete cascade
);

create function app_version_immutable() returns trigger language plpgsql as $$
begin
    if new.source is distinct from old.source or new.format is distinct from old.format
       or new.document is distinct from old.document or new.version is distinct from old.version
       or new.app_id is distinct from old.app_id or new.tenant_id is distinct from old.tenant_id
       or new.created_by is distinct from old.created_by or new.created_at is distinct from old.created_at then
        raise exception 'app versions are immutable: save a new version instead' using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger app_version_immutable before update on app_version
    for each row execute function app_version_immutable();

do $$
declare
    t text;
begin
    foreach t in array array['app', 'app_version'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = cirrus_current_tenant()) '
                       'with check (tenant_id = cirrus_current_tenant())', t);
    end loop;
end
$$;

grant select, insert, update, delete on app, app_version to ${app_role};
