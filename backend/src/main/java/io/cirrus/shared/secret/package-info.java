/** Tenant secrets encrypted at rest ({@link io.cirrus.shared.secret.SecretBox}). */
@org.jspecify.annotations.NullMarked
package io.cirrus.shared.secret;
