-- App deployments: a validated version of an app put live, now or at a time, and every step it took.
-- States: SCHEDULED -> DEPLOYING -> RUNNING | FAILED; RUNNING -> STOPPED (by a person, or replaced by a newer
-- deployment) or PAUSED (by the platform) -> RUNNING again. At most one deployment per app is live (DEPLOYING,
-- RUNNING or PAUSED) at a time, which a partial unique index enforces. activated_at is when it became RUNNING, set
-- in the transaction that made it RUNNING: the runtime evaluates a record with the deployment whose activated_at is
-- the latest not after the record's timestamp, so a switch loses no event and evaluates none twice.
-- Both tables are tenant-owned with the row-level security policy of V1.

create table app_deployment (
    id            uuid primary key,
    tenant_id     uuid        not null references tenant (id) on delete cascade,
    app_id        uuid        not null,
    version       integer     not null check (version > 0),
    state         text        not null check (state in ('SCHEDULED', 'DEPLOYING', 'RUNNING', 'FAILED', 'STOPPED', 'PAUSED')),
    scheduled_for timestamptz,
    activated_at  timestamptz,
    ended_at      timestamptz,
    -- When this deployment is a rollback: the version it replaced.
    rollback_of   integer,
    reason        text check (length(reason) <= 4000),
    created_by    text        not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    unique (tenant_id, id),
    foreign key (tenant_id, app_id) references app (tenant_id, id) on delete cascade,
    foreign key (tenant_id, app_id, version) references app_version (tenant_id, app_id, version) on delete cascade
);
create unique index app_deployment_one_live on app_deployment (tenant_id, app_id)
    where state in ('DEPLOYING', 'RUNNING', 'PAUSED');
create index app_deployment_by_app on app_deployment (tenant_id, app_id, created_at desc);
create index app_deployment_active on app_deployment (state) where state in ('RUNNING', 'PAUSED');

create table app_deployment_transition (
    id            uuid primary key,
    tenant_id     uuid        not null,
    deployment_id uuid        not null,
    app_id        uuid        not null,
    from_state    text check (from_state in ('SCHEDULED', 'DEPLOYING', 'RUNNING', 'FAILED', 'STOPPED', 'PAUSED')),
    to_state      text        not null check (to_state in ('SCHEDULED', 'DEPLOYING', 'RUNNING', 'FAILED', 'STOPPED', 'PAUSED')),
    at            timestamptz not null,
    by_user       text        not null,
    reason        text check (length(reason) <= 4000),
    foreign key (tenant_id, deployment_id) references app_deployment (tenant_id, id) on delete cascade
);
create index app_deployment_transition_by_deployment on app_deployment_transition (tenant_id, deployment_id, at, id);

do $$
declare
    t text;
begin
    foreach t in array array['app_deployment', 'app_deployment_transition'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = cirrus_current_tenant()) '
                       'with check (tenant_id = cirrus_current_tenant())', t);
    end loop;
end
$$;

grant select, insert, update, delete on app_deployment, app_deployment_transition to ${app_role};
