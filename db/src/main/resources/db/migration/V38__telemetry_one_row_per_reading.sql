-- Telemetry stores one row per reading with its values as jsonb, instead of one row per reading and key, and keeps
-- the latest values in one row per device instead of one per device and key (docs/adr/0007).
--
-- A reading of three keys cost three heap rows and three entries in an index keyed by two uuids, a text and a time,
-- plus three upserts of latest values, each an index probe and an update: measured with pgbench, 500 readings of
-- three keys for 500 of 10,000 devices took 20 ms to store that way and 10.6 ms this way, and 600,000 readings took
-- 324 MB on disk that way and 148 MB this way. Queries read the keys they want out of the jsonb of one device's
-- rows, which an index on (tenant, device, ts) finds as before.
--
-- Existing rows are carried over: readings grouped by (tenant, device, ts) into one jsonb object each; latest values
-- into {key: [epoch microseconds, value]} per device. The old tables are dropped afterwards.

-- The narrow tables step aside under other names (their partitions too: the new ones take their names).
alter table telemetry rename to telemetry_narrow;
do $$
declare
    part record;
begin
    for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'telemetry_narrow'::regclass
    loop
        execute format('alter table %I rename to %I', part.relname, 'narrow_' || part.relname);
    end loop;
end
$$;
alter table telemetry_latest rename to telemetry_latest_narrow;
alter table telemetry_latest_narrow rename constraint telemetry_latest_pkey to telemetry_latest_narrow_pkey;
alter index telemetry_series rename to telemetry_series_narrow;

create table telemetry (
    tenant_id uuid        not null,
    device_id uuid        not null,
    ts        timestamptz not null,
    vals      jsonb       not null
) partition by range (ts);

comment on table telemetry is
    'Readings, one row per message: vals maps each key to a number, string or boolean. Day partitions, see telemetry_maintain_partitions.';

-- Queries are per device over a time range; inserts arrive in ts order per device.
create index telemetry_series on telemetry (tenant_id, device_id, ts);

create table telemetry_default partition of telemetry default;

-- The tenant in a scalar subquery: evaluated once per statement (an init plan), where the bare function call was
-- evaluated for every row written, parsing the setting into a uuid each time (5% of PostgreSQL's time in storage).
alter table telemetry enable row level security;
alter table telemetry force row level security;
create policy tenant_isolation on telemetry
    using (tenant_id = (select cirrus_current_tenant()))
    with check (tenant_id = (select cirrus_current_tenant()));

-- Room on every page for the next version of a row: latest values change with every reading, as HOT updates.
create table telemetry_latest (
    tenant_id uuid        not null references tenant (id) on delete cascade,
    device_id uuid        not null,
    ts        timestamptz not null,
    vals      jsonb       not null,
    primary key (tenant_id, device_id)
) with (fillfactor = 80);

comment on table telemetry_latest is
    'The newest value of each key per device (by the reading''s ts): vals maps key to [epoch microseconds, value]; ts is the newest of them.';

alter table telemetry_latest enable row level security;
alter table telemetry_latest force row level security;
create policy tenant_isolation on telemetry_latest
    using (tenant_id = (select cirrus_current_tenant()))
    with check (tenant_id = (select cirrus_current_tenant()));

-- Merges latest values of one device key by key: a stored value stays when it was measured after the incoming one
-- (both are [epoch microseconds, value]). Storage's upsert concatenates instead when the incoming row is at least as
-- new as every stored key (the common case) and calls this only for readings that arrive late.
create function telemetry_latest_merge(current jsonb, incoming jsonb) returns jsonb
    language sql immutable parallel safe
as $$
    select current || coalesce(jsonb_object_agg(n.key, n.value), '{}'::jsonb)
    from jsonb_each(incoming) n
    where current -> n.key is null or (current -> n.key ->> 0)::bigint <= (n.value ->> 0)::bigint
$$;

comment on function telemetry_latest_merge(jsonb, jsonb) is
    'Latest values of a device merged with older ones: per key, the value measured last wins.';

-- Same name and signature as before, for the new partitions (and so that no session keeps a plan of the old table).
create or replace function telemetry_maintain_partitions(days_back integer, days_ahead integer, retention_days integer) returns integer
    language plpgsql
    security definer
    set search_path = public
as $$
declare
    day     date;
    created integer := 0;
    part    record;
begin
    -- Past days too: the ingest window accepts readings up to days in the past.
    for day in select generate_series(current_date - least(days_back, retention_days), current_date + days_ahead, interval '1 day')::date
    loop
        if to_regclass('telemetry_' || to_char(day, 'YYYYMMDD')) is null then
            execute format('create table %I partition of telemetry for values from (%L) to (%L)',
                           'telemetry_' || to_char(day, 'YYYYMMDD'), day::timestamptz, (day + 1)::timestamptz);
            created := created + 1;
        end if;
    end loop;
    for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'telemetry'::regclass and c.relname ~ '^telemetry_[0-9]{8}$'
          and to_date(substr(c.relname, 11), 'YYYYMMDD') < current_date - retention_days
    loop
        execute format('drop table %I', part.relname);
    end loop;
    -- Every run, for every partition: a partition read directly would bypass the parent's row-level security.
    for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'telemetry'::regclass
    loop
        execute format('revoke all on %I from ${app_role}', part.relname);
    end loop;
    return created;
end
$$;

-- The days the stored readings cover (and those ahead), then the readings themselves. The owner runs this
-- migration; with row-level security not forced on it for the copy, it sees every tenant's rows.
select telemetry_maintain_partitions(
    coalesce((select (current_date - min(ts)::date) from telemetry_narrow), 0)::integer, 3, 3650);

alter table telemetry_narrow no force row level security;
alter table telemetry no force row level security;
alter table telemetry_latest_narrow no force row level security;
alter table telemetry_latest no force row level security;

insert into telemetry (tenant_id, device_id, ts, vals)
select tenant_id, device_id, ts, jsonb_object_agg(key, coalesce(to_jsonb(num), to_jsonb(str), to_jsonb(bool)))
from telemetry_narrow
group by tenant_id, device_id, ts;

insert into telemetry_latest (tenant_id, device_id, ts, vals)
select tenant_id, device_id, max(ts),
       jsonb_object_agg(key, jsonb_build_array(
           (extract(epoch from ts) * 1000000)::bigint, coalesce(to_jsonb(num), to_jsonb(str), to_jsonb(bool))))
from telemetry_latest_narrow
group by tenant_id, device_id;

alter table telemetry force row level security;
alter table telemetry_latest force row level security;

drop table telemetry_narrow;
drop table telemetry_latest_narrow;

revoke all on telemetry_default from ${app_role};
grant select, insert, update, delete on telemetry, telemetry_latest to ${app_role};
grant execute on function telemetry_latest_merge(jsonb, jsonb) to ${app_role};
