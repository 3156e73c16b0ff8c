/**
 * Identity: who is calling and for which tenant. Keycloak owns users, roles and tenants (organizations); this
 * module verifies Keycloak tokens for the API, signs people in to the portal, maps the {@code organization} claim to
 * the {@link io.cirrus.shared.TenantContext} and realm roles to authorities, and adapts Keycloak's admin API for
 * tenant provisioning and the notification module's user directory (organization members and their roles).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "notification" })
@org.jspecify.annotations.NullMarked
package io.cirrus.identity;
