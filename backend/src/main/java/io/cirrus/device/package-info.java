/**
 * Devices: the registry (profiles, devices, tags, metadata), device credentials (tokens shown once, stored as
 * SHA-256 hashes, rotated and revoked), self-provisioning, last-seen and online/offline status.
 * <p>
 * Other modules use the API in this package: {@link io.cirrus.device.DeviceCredentials} authenticates a device token
 * (ingest over HTTP and MQTT), {@link io.cirrus.device.DeviceSightings} moves last-seen forward (telemetry
 * consumers), {@link io.cirrus.device.DeviceDirectory} resolves a device of the current tenant and
 * {@link io.cirrus.device.DeviceFleet} counts devices per status. Device-facing HTTP paths
 * ({@code /api/v1/telemetry/**}, {@code /api/v1/heartbeat/**}, {@code /api/v1/device/**}) are authenticated by the
 * device token here, with the {@link io.cirrus.device.AuthenticatedDevice} as principal and the device's tenant bound.
 * <p>
 * Events, published in the transaction that made the change: {@link io.cirrus.device.DeviceRegistered},
 * {@link io.cirrus.device.DeviceUpdated}, {@link io.cirrus.device.DeviceDecommissioned} and
 * {@link io.cirrus.device.DeviceStatusChanged}. The module calls no module that reacts to them (notification keeps
 * its recipients and tells subscribers from them). See docs/adr/0006-device-registry-and-credentials.md and
 * docs/adr/0023-typed-events-between-modules.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant" })
@org.jspecify.annotations.NullMarked
package io.cirrus.device;
