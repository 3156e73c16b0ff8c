-- Notifications: requests, recipients, deliveries (the delivery log and the in-portal inbox), subscriptions,
-- webhook endpoints, audio clips, and the dispatch outbox. See docs/adr/0010 to 0014.
--
-- Every tenant-owned table has row-level security (policy tenant_isolation, as in V1). The one exception is
-- notification_dispatch, the outbox the relay drains for all tenants: it holds ids only (tenant, notification,
-- delivery id range, channel lane, priority), never a title, body, address or secret.

create table notification (
    id              uuid primary key,
    tenant_id       uuid        not null references tenant (id) on delete cascade,
    kind            text        not null check (kind in ('direct', 'broadcast', 'event')),
    priority        smallint    not null check (priority between 0 and 3),
    channels        text[]      not null,
    title           text        not null check (length(title) between 1 and 200),
    body            text        not null check (length(body) <= 4000),
    link            text,
    data            jsonb       not null default '{}',
    audio_id        uuid,
    target          text,
    expand_cursor   text,
    event_type      text,
    idempotency_key text,
    send_at         timestamptz,
    state           text        not null check (state in ('scheduled', 'expanding', 'dispatched', 'cancelled')),
    total           integer     not null default 0,
    delivered       integer     not null default 0,
    failed          integer     not null default 0,
    created_at      timestamptz not null default now(),
    created_by      text        not null,
    unique (tenant_id, idempotency_key)
);
create index notification_recent on notification (tenant_id, created_at desc);

create table recipient (
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    id         text        not null check (id ~ '^(user|device|ext):[A-Za-z0-9._@-]{1,120}$'),
    kind       text        not null check (kind in ('user', 'device', 'external')),
    name       text        not null,
    tags       text[]      not null default '{}',
    roles      text[]      not null default '{}',
    email      text,
    phone      text,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id)
);
create index recipient_tags on recipient using gin (tags);

-- One row per (notification, recipient, channel), written before anything is published. For the in-portal
-- channel the row is the inbox entry: delivering it is the state change queued -> delivered, done once.
create table delivery (
    id              bigint generated always as identity,
    tenant_id       uuid        not null references tenant (id) on delete cascade,
    notification_id uuid        not null references notification (id) on delete cascade,
    recipient_id    text        not null,
    channel         text        not null check (channel in ('inbox', 'email', 'sms', 'webhook')),
    state           text        not null default 'queued'
        check (state in ('queued', 'retrying', 'sending', 'delivered', 'failed', 'parked', 'cancelled')),
    attempts        integer     not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz,
    delivered_at    timestamptz,
    delivered_seq   bigint,
    read_at         timestamptz,
    last_error      text,
    primary key (notification_id, id)
) with (fillfactor = 80);
-- No index on state: state changes stay HOT updates (the 1M broadcast updates every row once).
create index delivery_recipient on delivery (tenant_id, recipient_id, id desc);
create sequence delivery_order;

create table notification_subscription (
    tenant_id  uuid   not null references tenant (id) on delete cascade,
    user_id    text   not null,
    event_type text   not null,
    channels   text[] not null,
    primary key (tenant_id, user_id, event_type)
);

create table webhook_endpoint (
    id          uuid primary key,
    tenant_id   uuid        not null references tenant (id) on delete cascade,
    url         text        not null,
    description text        not null default '',
    secret      text        not null,
    enabled     boolean     not null default true,
    created_at  timestamptz not null default now()
);
create index webhook_endpoint_tenant on webhook_endpoint (tenant_id);

create table audio_clip (
    id         uuid primary key,
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    media_type text        not null,
    size       integer     not null check (size between 1 and 1048576),
    content    bytea       not null,
    created_at timestamptz not null default now()
);

-- The outbox. Rows are written in the transaction that writes the deliveries, published by the relay with
-- publisher confirms, and deleted once confirmed. 'expand' rows are broadcast jobs still to be expanded.
create table notification_dispatch (
    id              bigint generated always as identity primary key,
    tenant_id       uuid        not null,
    notification_id uuid        not null,
    kind            text        not null check (kind in ('publish', 'expand')),
    lane            text        not null,
    priority        smallint    not null,
    first_id        bigint,
    last_id         bigint,
    due_at          timestamptz not null default now(),
    claimed_until   timestamptz
);
create index notification_dispatch_due on notification_dispatch (due_at, priority desc);

do $$
declare t text;
begin
    foreach t in array array['notification', 'recipient', 'delivery', 'notification_subscription',
                             'webhook_endpoint', 'audio_clip']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = cirrus_current_tenant()) '
                       'with check (tenant_id = cirrus_current_tenant())', t);
    end loop;
end $$;

grant select, insert, update, delete on all tables in schema public to ${app_role};
grant usage, select on all sequences in schema public to ${app_role};
