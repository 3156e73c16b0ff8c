/**
 * The portal's shell: layout and navigation (filtered by role), home page (its dashboards come from the dashboard
 * module), access-denied page, session error handling. Feature views live with their feature, in
 * {@code <module>.ui}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "notification", "dashboard :: ui" })
@org.jspecify.annotations.NullMarked
package io.cirrus.portal;
