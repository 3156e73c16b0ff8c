/**
 * Tenants: the registry of tenants (each linked to a Keycloak organization, created on first sign-in) and their
 * settings. Plans, quotas, rate limits and usage metering arrive here as they are built.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
@org.jspecify.annotations.NullMarked
package io.cirrus.tenant;
