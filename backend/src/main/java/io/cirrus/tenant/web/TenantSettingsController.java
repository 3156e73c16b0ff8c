package io.cirrus.tenant.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.tenant.TenantSettings;
import io.cirrus.tenant.TenantSettingsService;
import io.cirrus.tenant.TenantSettingsUpdate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/tenant/settings")
@Tag(name = "Tenant", description = "The caller's tenant")
class TenantSettingsController {

	private final TenantSettingsService settings;

	TenantSettingsController(TenantSettingsService settings) {
		this.settings = settings;
	}

	@GetMapping
	@Operation(summary = "Settings of the caller's tenant")
	TenantSettings get() {
		return settings.current();
	}

	@PutMapping
	@Operation(summary = "Change the settings of the caller's tenant (tenant-admin)")
	TenantSettings put(@Valid @RequestBody TenantSettingsUpdate update) {
		return settings.update(update);
	}
}
