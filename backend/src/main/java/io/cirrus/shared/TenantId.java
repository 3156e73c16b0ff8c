package io.cirrus.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identity of a tenant (a Keycloak organization) inside Cirrus. Every tenant-owned row, queue message,
 * Kafka key and cache entry carries one.
 */
public record TenantId(UUID value) implements Serializable {

	public TenantId {
		Objects.requireNonNull(value, "tenant id");
	}

	@JsonCreator
	public static TenantId of(String value) {
		return new TenantId(UUID.fromString(value));
	}

	public static TenantId random() {
		return new TenantId(UUID.randomUUID());
	}

	@JsonValue
	@Override
	public String toString() {
		return value.toString();
	}
}
