/**
 * Apps: business logic tenants design by configuration. An app is a named document, versioned (every save a new,
 * immutable version): triggers select events (telemetry, device status and registry changes, alarms, schedules,
 * calls), stateful blocks remember per device (windows, for-duration, cooldown, absence), rules test a CEL
 * condition and run actions (notify, webhook, command, set device, emit telemetry, invoke another app), all within
 * the permissions the app declares. {@link io.cirrus.app.Apps} saves and validates versions (every problem at once,
 * at its path, line and column), {@link io.cirrus.app.AppDryRuns} runs one against sample events or a device's last
 * readings without side effects, with the evaluator the runtime uses. {@link io.cirrus.app.AppDeployments} puts a
 * valid version live now or at a time (Quartz, clustered: once across instances), stops, resumes and rolls back,
 * recording every step and publishing it as {@link io.cirrus.app.AppDeploymentChanged}. Other modules check their
 * action kinds through {@link io.cirrus.app.ActionCheck}. See docs/adr/0024-apps-by-configuration.md and
 * docs/adr/0026-app-deployments-with-clustered-quartz.md.
 * <p>
 * The runtime ({@code internal.AppRuntime}, docs/adr/0027-apps-runtime.md) evaluates deployed versions on Kafka in
 * the {@code apps} consumer group and carries out their actions; modules that own an action kind carry it out
 * through {@link io.cirrus.app.AppActionHandler}; {@link io.cirrus.app.AppMetrics} reads what it did. It gives the
 * health module its apps' gauges (a {@code TenantSampleContributor}) and triggers on its alarms.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "device", "device :: ui", "telemetry", "health" })
@org.jspecify.annotations.NullMarked
package io.cirrus.app;
