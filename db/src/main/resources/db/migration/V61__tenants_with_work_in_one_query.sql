-- Loops over every tenant, one transaction (or two) each, to find the few with work: the device status sweep asked
-- each tenant whether a device's status had changed, and the apps runtime read each tenant's active deployments
-- whenever any deployment changed: their time grew with the number of tenants, not with the work. Each now asks once
-- which tenants have work and visits only those.
--
-- The tables have forced row-level security, so a query across tenants needs the owner's rights: security definer
-- functions (search path pinned as in V55) that answer tenant ids only, nothing about the rows. The owner may read
-- these tables' rows for them; the owner could turn row-level security off anyway, and the application role gains
-- nothing but the functions.
create policy owner_reads_across_tenants on device for select to current_user using (true);
create policy owner_reads_across_tenants on device_profile for select to current_user using (true);
create policy owner_reads_across_tenants on app_deployment for select to current_user using (true);

-- No index on last_seen_at for this (ADR 6: sightings are HOT updates because none has it): the function reads the
-- device table once, where the sweep read each tenant's devices (and opened two transactions per tenant).
-- The conditions are DeviceStore.cameOnline and DeviceStore.wentOffline's, across tenants.
create function device_status_pending_tenants() returns setof uuid
    language sql
    stable
    security definer
    set search_path = pg_catalog, public, pg_temp
as $$
    select distinct d.tenant_id
    from public.device d
    join public.device_profile p on p.id = d.profile_id and p.tenant_id = d.tenant_id
    where case when d.announced_online
               then d.decommissioned_at is not null or d.last_seen_at is null
                    or d.last_seen_at < now() - p.inactivity_timeout_s * interval '1 second'
               else d.decommissioned_at is null
                    and d.last_seen_at >= now() - p.inactivity_timeout_s * interval '1 second'
          end
$$;

revoke all on function device_status_pending_tenants() from public;
grant execute on function device_status_pending_tenants() to ${app_role};

-- The tenants with a running or paused deployment (DeploymentStore.active's, across tenants).
create function app_deployment_active_tenants() returns setof uuid
    language sql
    stable
    security definer
    set search_path = pg_catalog, public, pg_temp
as $$
    select distinct tenant_id from public.app_deployment where state in ('RUNNING', 'PAUSED')
$$;

revoke all on function app_deployment_active_tenants() from public;
grant execute on function app_deployment_active_tenants() to ${app_role};
