package io.cirrus.tenant.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;
import io.cirrus.tenant.TenantOnboarding;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The platform's tenants, for platform admins: the list, and onboarding a new one. */
@RestController
@RequestMapping("/api/v1/admin/tenants")
@Tag(name = "Platform admin", description = "Tenants of the platform (platform-admin)")
class TenantAdminController {

	private static final String PROBLEM = "application/problem+json";

	private final TenantOnboarding onboarding;

	private final TenantDirectory tenants;

	TenantAdminController(TenantOnboarding onboarding, TenantDirectory tenants) {
		this.onboarding = onboarding;
		this.tenants = tenants;
	}

	/** An onboarded tenant, its first admin and the admin's temporary password (shown once, stored nowhere). */
	record OnboardedTenant(Tenant tenant, String adminUserId, String adminUsername, String temporaryPassword) {
	}

	@GetMapping
	@Operation(summary = "Every tenant of the platform (platform-admin)")
	@ApiResponse(responseCode = "200", description = "The tenants, by name")
	@ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Only platform admins see the tenants", content = @Content(mediaType = PROBLEM))
	List<Tenant> list() {
		return tenants.list();
	}

	@PostMapping
	@Operation(summary = "Onboard a tenant (platform-admin): creates its Keycloak organization, its first tenant admin "
			+ "with a temporary password (Keycloak asks for a new one at the first sign-in) and its row in Cirrus. "
			+ "adminUsername defaults to adminEmail. A failure half way undoes what was created")
	@ApiResponse(responseCode = "201", description = "The tenant, its admin and the temporary password (shown once)")
	@ApiResponse(responseCode = "400", description = "A field is missing or malformed (named in errors)", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Only platform admins onboard tenants", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The alias, or the admin's username or e-mail, is taken", content = @Content(mediaType = PROBLEM))
	ResponseEntity<OnboardedTenant> onboard(@RequestBody TenantOnboarding.Request request) {
		TenantOnboarding.Onboarded onboarded = onboarding.onboard(request);
		return ResponseEntity.created(URI.create("/api/v1/admin/tenants/" + onboarded.tenant().id()))
			.body(new OnboardedTenant(onboarded.tenant(), onboarded.adminUserId(), onboarded.adminUsername(),
					onboarded.temporaryPassword()));
	}
}
