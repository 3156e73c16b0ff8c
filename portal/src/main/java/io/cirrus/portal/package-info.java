/**
 * The portal's shell: layout and navigation (filtered by role), home page, access-denied page, session error
 * handling. Feature views live with their feature, in {@code <module>.ui}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "notification" })
@org.jspecify.annotations.NullMarked
package io.cirrus.portal;
