/**
 * Shared kernel: typed ids, the {@link io.cirrus.shared.TenantContext} every module resolves its tenant from,
 * role names, and the problem types the API answers with (RFC 9457).
 * <p>
 * Everything here is small, stable and free of business rules; modules depend on it, it depends on no module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@org.jspecify.annotations.NullMarked
package io.cirrus.shared;
