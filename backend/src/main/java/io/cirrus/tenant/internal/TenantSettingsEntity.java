package io.cirrus.tenant.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

import io.cirrus.tenant.TenantSettings;

/** The row of a tenant's settings; one per tenant, guarded by row-level security. */
@Entity
@Table(name = "tenant_settings")
public class TenantSettingsEntity {

	@Id
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Column(name = "display_name", nullable = false)
	private String displayName;

	@Column(name = "contact_email")
	private @Nullable String contactEmail;

	@Column(name = "time_zone", nullable = false)
	private String timeZone;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "updated_by", nullable = false)
	private String updatedBy;

	@Version
	private long version;

	protected TenantSettingsEntity() {
		// for JPA
	}

	public static TenantSettingsEntity create(UUID tenantId) {
		TenantSettingsEntity entity = new TenantSettingsEntity();
		entity.tenantId = tenantId;
		return entity;
	}

	public void change(String displayName, @Nullable String contactEmail, String timeZone, String by, Instant at) {
		this.displayName = displayName;
		this.contactEmail = contactEmail;
		this.timeZone = timeZone;
		this.updatedBy = by;
		this.updatedAt = at;
	}

	public TenantSettings toSettings() {
		return new TenantSettings(displayName, contactEmail, timeZone, updatedAt, updatedBy);
	}
}
