package io.cirrus.tenant.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.tenant.TenantMembers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The tenant's users (tenant-admin): its Keycloak organization's members and their roles. */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "The tenant's users and their roles (tenant-admin)")
class TenantUserController {

	private static final String PROBLEM = "application/problem+json";

	private final TenantMembers members;

	TenantUserController(TenantMembers members) {
		this.members = members;
	}

	/** A new role for a user. */
	record RoleChange(String role) {
	}

	@GetMapping
	@Operation(summary = "The tenant's users with their role, enabled or not")
	@ApiResponse(responseCode = "200", description = "The users, by username")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage users", content = @Content(mediaType = PROBLEM))
	List<TenantMembers.User> list() {
		return members.list();
	}

	@PostMapping
	@Operation(summary = "Invite a user with a role (tenant-admin, developer or viewer): made in Keycloak with a "
			+ "temporary password, shown in this answer only; Keycloak asks for a new one at the first sign-in")
	@ApiResponse(responseCode = "201", description = "The user and their temporary password")
	@ApiResponse(responseCode = "400", description = "A field is missing or malformed, or the role is not a tenant's", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage users", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The username or e-mail is taken", content = @Content(mediaType = PROBLEM))
	ResponseEntity<TenantMembers.Invited> invite(@RequestBody TenantMembers.Invitation invitation) {
		TenantMembers.Invited invited = members.invite(invitation);
		return ResponseEntity.created(URI.create("/api/v1/users/" + invited.user().id())).body(invited);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One user of the tenant")
	@ApiResponse(responseCode = "200", description = "The user")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage users", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such user in the tenant", content = @Content(mediaType = PROBLEM))
	TenantMembers.User get(@PathVariable String id) {
		return members.get(id);
	}

	@PutMapping("/{id}/role")
	@Operation(summary = "Give the user another role; it applies to their next token (portal sessions: within a minute)")
	@ApiResponse(responseCode = "200", description = "The user with the new role")
	@ApiResponse(responseCode = "400", description = "Not a tenant's role", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage users; platform admins are not theirs", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such user in the tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "It would leave the tenant without a tenant admin", content = @Content(mediaType = PROBLEM))
	TenantMembers.User changeRole(@PathVariable String id, @RequestBody RoleChange change) {
		return members.changeRole(id, change.role());
	}

	@PostMapping("/{id}/disable")
	@Operation(summary = "Disable the user: no more sign-ins, and their sessions end")
	@ApiResponse(responseCode = "200", description = "The disabled user")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage users; platform admins are not theirs", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such user in the tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "It would leave the tenant without a tenant admin", content = @Content(mediaType = PROBLEM))
	TenantMembers.User disable(@PathVariable String id) {
		return members.setEnabled(id, false);
	}

	@PostMapping("/{id}/enable")
	@Operation(summary = "Enable a disabled user again")
	@ApiResponse(responseCode = "200", description = "The enabled user")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage users; platform admins are not theirs", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such user in the tenant", content = @Content(mediaType = PROBLEM))
	TenantMembers.User enable(@PathVariable String id) {
		return members.setEnabled(id, true);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove the user from the tenant and delete their account")
	@ApiResponse(responseCode = "204", description = "Removed")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage users; platform admins are not theirs", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such user in the tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "It would leave the tenant without a tenant admin", content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> remove(@PathVariable String id) {
		members.remove(id);
		return ResponseEntity.noContent().build();
	}
}
