-- telemetry_maintain_partitions() runs with the owner's rights (security definer) and the application role may call
-- it. Two ways to turn that against the platform are closed here:
--  * search_path: with `public` alone, pg_temp is searched first for tables, so a caller's temporary table named
--    telemetry or pg_inherits could take the place of ours. pg_catalog comes first and pg_temp last, as
--    PostgreSQL's documentation on security definer functions advises.
--  * arguments: a retention of 0 or less dropped today's partition and the days ahead (every reading stored), and a
--    large number of days ahead created as many tables. The arguments are clamped to what the platform uses.
create or replace function telemetry_maintain_partitions(days_back integer, days_ahead integer, retention_days integer) returns integer
    language plpgsql
    security definer
    set search_path = pg_catalog, public, pg_temp
as $$
declare
    day       date;
    created   integer := 0;
    part      record;
    retention integer := least(greatest(coalesce(retention_days, 36500), 1), 36500);
    back      integer := least(greatest(coalesce(days_back, 0), 0), retention);
    ahead     integer := least(greatest(coalesce(days_ahead, 0), 0), 31);
begin
    -- Past days too: the ingest window accepts readings up to days in the past.
    for day in select generate_series(current_date - back, current_date + ahead, interval '1 day')::date
    loop
        if to_regclass('public.telemetry_' || to_char(day, 'YYYYMMDD')) is null then
            execute format('create table public.%I partition of public.telemetry for values from (%L) to (%L)',
                           'telemetry_' || to_char(day, 'YYYYMMDD'), day::timestamptz, (day + 1)::timestamptz);
            created := created + 1;
        end if;
    end loop;
    for part in
        select c.relname from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'public.telemetry'::regclass and c.relname ~ '^telemetry_[0-9]{8}$'
          and to_date(substr(c.relname, 11), 'YYYYMMDD') < current_date - retention
    loop
        execute format('drop table public.%I', part.relname);
    end loop;
    -- Every run, for every partition: a partition read directly would bypass the parent's row-level security.
    for part in
        select c.relname from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'public.telemetry'::regclass
    loop
        execute format('revoke all on public.%I from ${app_role}', part.relname);
    end loop;
    return created;
end
$$;
