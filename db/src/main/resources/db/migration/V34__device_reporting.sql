-- Health watches how devices really report (as Prometheus tracks its real scrape interval): the measured interval
-- per device with its percentiles, the drift from the profile's expected interval, and flapping (returns after a
-- silence longer than the profile's inactivity timeout). And the opt-in device recovery policy per profile: send a
-- 'reboot' command to a device that missed N expected reports, once per silence.

create table device_reporting (
    tenant_id        uuid        not null references tenant (id) on delete cascade,
    device_id        uuid        not null references device (id) on delete cascade,
    samples          integer     not null,
    p50_ms           bigint      not null,
    p99_ms           bigint      not null,
    last_interval_ms bigint      not null,
    expected_s       integer     not null,
    drift_pct        double precision not null,
    flaps_last_hour  integer     not null,
    last_report_at   timestamptz not null,
    updated_at       timestamptz not null,
    reboot_sent_at   timestamptz,
    primary key (tenant_id, device_id)
);
create index device_reporting_drift on device_reporting (tenant_id) where abs(drift_pct) >= 25 and samples >= 10;
create index device_reporting_flaps on device_reporting (tenant_id) where flaps_last_hour >= 3;

alter table device_reporting enable row level security;
alter table device_reporting force row level security;
create policy tenant_isolation on device_reporting
    using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());

create table device_recovery_policy (
    tenant_id           uuid        not null references tenant (id) on delete cascade,
    profile_id          uuid        not null references device_profile (id) on delete cascade,
    reboot_after_missed integer     not null check (reboot_after_missed between 1 and 1000),
    updated_at          timestamptz not null,
    updated_by          text        not null,
    primary key (tenant_id, profile_id)
);

alter table device_recovery_policy enable row level security;
alter table device_recovery_policy force row level security;
create policy tenant_isolation on device_recovery_policy
    using (tenant_id = cirrus_current_tenant())
    with check (tenant_id = cirrus_current_tenant());
