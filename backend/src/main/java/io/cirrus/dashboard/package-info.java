/**
 * Dashboards tenants build: a named grid of widgets (time-series chart, latest value, gauge, alarm list, device
 * table, notification activity), saved per tenant and shared with roles. Tenant admins and developers build and edit
 * them; a dashboard shared with viewers opens for them read-only. {@link io.cirrus.dashboard.Dashboards} stores them
 * after checking every widget (its kind, devices of the tenant, keys, ranges, thresholds; a problem names the field,
 * e.g. {@code widgets[2].keys}); what a widget shows is read from the modules that own the data (device, telemetry, health) when the portal draws it.
 * See docs/adr/0028-tenant-dashboards.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "device", "device :: ui", "telemetry", "health" })
@org.jspecify.annotations.NullMarked
package io.cirrus.dashboard;
