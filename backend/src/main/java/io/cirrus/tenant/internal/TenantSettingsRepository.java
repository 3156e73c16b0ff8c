package io.cirrus.tenant.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Settings rows; every lookup names the tenant (row-level security checks it again). */
public interface TenantSettingsRepository extends JpaRepository<TenantSettingsEntity, UUID> {

	Optional<TenantSettingsEntity> findByTenantId(UUID tenantId);
}
