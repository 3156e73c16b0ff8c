-- The apps runtime (docs/adr/0027-apps-runtime.md): the state of each deployed app's stateful blocks per device,
-- checkpointed together with the Kafka positions it covers, the errors and refusals of its runs with the event that
-- caused them, and the secret its webhook calls are signed with.
--
-- app_runtime_position (the consumer positions) and app_runtime_epoch hold no tenant data; the other
-- tables are tenant-owned with the row-level security policy of V1.

create table app_runtime_position (
    consumer_group text    not null,
    topic          text    not null,
    kafka_partition integer not null,
    next_offset    bigint  not null,
    primary key (consumer_group, topic, kafka_partition)
);

create table app_runtime_state (
    tenant_id       uuid        not null references tenant (id) on delete cascade,
    app_id          uuid        not null,
    -- the device the state is kept for ('' for events without a device)
    device          text        not null,
    kafka_partition integer     not null,
    state           jsonb       not null,
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, app_id, device),
    foreign key (tenant_id, app_id) references app (tenant_id, id) on delete cascade
);
create index app_runtime_state_by_partition on app_runtime_state (tenant_id, kafka_partition);

create table app_runtime_error (
    id         bigint generated always as identity primary key,
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    app_id     uuid        not null,
    version    integer     not null,
    at         timestamptz not null default now(),
    -- action (a failed action), refused (outside the declared permissions), evaluation (a condition failed)
    kind       text        not null check (kind in ('action', 'refused', 'evaluation')),
    action     text,
    message    text        not null check (length(message) <= 4000),
    event      jsonb       not null,
    foreign key (tenant_id, app_id) references app (tenant_id, id) on delete cascade
);
create index app_runtime_error_by_app on app_runtime_error (tenant_id, app_id, at desc);

create table app_webhook_secret (
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    app_id     uuid        not null,
    secret     text        not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, app_id),
    foreign key (tenant_id, app_id) references app (tenant_id, id) on delete cascade
);

do $$
declare
    t text;
begin
    foreach t in array array['app_runtime_state', 'app_runtime_error', 'app_webhook_secret'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = cirrus_current_tenant()) '
                       'with check (tenant_id = cirrus_current_tenant())', t);
    end loop;
end
$$;

grant select, insert, update, delete on app_runtime_position, app_runtime_state, app_runtime_error,
    app_webhook_secret to ${app_role};

-- One row (no tenant data): bumped by every statement that changes a deployment, so each runtime consumer learns
-- with one cheap read per batch whether it must read the deployments of every tenant again.
create table app_runtime_epoch (
    id         boolean primary key default true check (id),
    seq        bigint      not null,
    changed_at timestamptz not null
);
insert into app_runtime_epoch (id, seq, changed_at) values (true, 0, now());

create function app_runtime_epoch_bump() returns trigger language plpgsql as $$
begin
    update app_runtime_epoch set seq = seq + 1, changed_at = now();
    return null;
end
$$;
create trigger app_deployment_epoch after insert or update or delete on app_deployment
    for each statement execute function app_runtime_epoch_bump();

grant select, update on app_runtime_epoch to ${app_role};
