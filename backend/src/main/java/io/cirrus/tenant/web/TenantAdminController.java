package io.cirrus.tenant.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;
import io.cirrus.shared.TenantId;
import io.cirrus.tenant.TenantOnboarding;
import io.cirrus.tenant.TenantSuspensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The platform's tenants, for platform admins: the list, onboarding a new one, suspending and resuming one. */
@RestController
@RequestMapping("/api/v1/admin/tenants")
@Tag(name = "Platform admin", description = "Tenants of the platform (platform-admin)")
class TenantAdminController {

	private static final String PROBLEM = "application/problem+json";

	private final TenantOnboarding onboarding;

	private final TenantDirectory tenants;

	private final TenantSuspensions suspensions;

	TenantAdminController(TenantOnboarding onboarding, TenantDirectory tenants, TenantSuspensions suspensions) {
		this.onboarding = onboarding;
		this.tenants = tenants;
		this.suspensions = suspensions;
	}

	/** Why a tenant is suspended: its users and devices are told. */
	record SuspendRequest(@Nullable String reason) {
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

	@PostMapping("/{id}/suspend")
	@Operation(summary = "Suspend a tenant (platform-admin): its users' API calls answer 403 'Tenant suspended' with the "
			+ "reason, the portal shows them a page saying so, its devices' HTTP and MQTT ingest is refused and its apps "
			+ "evaluate nothing (events meanwhile are skipped) until it is resumed. Other Cirrus instances follow within "
			+ "seconds (docs/adr/0035)")
	@ApiResponse(responseCode = "200", description = "The tenant, suspended")
	@ApiResponse(responseCode = "400", description = "No reason, or one over 500 characters", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Only platform admins suspend tenants", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The tenant is suspended already", content = @Content(mediaType = PROBLEM))
	Tenant suspend(@PathVariable UUID id, @RequestBody(required = false) @Nullable SuspendRequest request) {
		return suspensions.suspend(new TenantId(id), request == null ? null : request.reason());
	}

	@PostMapping("/{id}/resume")
	@Operation(summary = "Resume a suspended tenant (platform-admin): everything works again; apps go on with events "
			+ "that arrive from now on")
	@ApiResponse(responseCode = "200", description = "The tenant, active")
	@ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Only platform admins resume tenants", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The tenant is not suspended", content = @Content(mediaType = PROBLEM))
	Tenant resume(@PathVariable UUID id) {
		return suspensions.resume(new TenantId(id));
	}
}
