package io.cirrus.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * Identity of a tenant (a Keycloak organization) inside Cirrus. Every tenant-owned row, queue message,
 * Kafka key and cache entry carries one.
 */
public record TenantId(UUID value) implements Serializable {

	public TenantId {
		Objects.requireNonNull(value, "tenant id");
	}

	public static TenantId of(String value) {
		return new TenantId(UUID.fromString(value));
	}

	public static TenantId random() {
		return new TenantId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
