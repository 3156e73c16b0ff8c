package io.cirrus.identity.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Identity", description = "Who is calling")
class MeController {

	/** The caller: who they are, their tenant and their Cirrus roles. */
	record Me(String subject, String username, String name, @Nullable String email, @Nullable TenantView tenant,
			List<String> roles) {
	}

	/** A tenant as the caller sees it. */
	record TenantView(String id, String alias, String name) {
	}

	@GetMapping("/api/v1/me")
	@Operation(summary = "The caller, their tenant and roles")
	Me me() {
		CirrusUser user = TenantContext.currentUser()
			.orElseThrow(() -> new CirrusException(Problems.UNAUTHORIZED, "Authentication is required."));
		TenantView tenant = user.tenantRef()
			.map(t -> new TenantView(t.id().toString(), t.alias(), t.name()))
			.orElse(null);
		List<String> roles = Roles.ALL.stream().filter(user::hasRole).toList();
		return new Me(user.subject(), user.username(), user.displayName(), user.email(), tenant, roles);
	}
}
