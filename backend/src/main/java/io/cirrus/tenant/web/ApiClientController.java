package io.cirrus.tenant.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.tenant.ApiClient;
import io.cirrus.tenant.ApiClients;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The tenant's API clients (tenant-admin): machines that call the API with one of the tenant's roles. */
@RestController
@RequestMapping("/api/v1/api-clients")
@Tag(name = "API clients", description = "Client-credentials clients of the tenant, each with one role (tenant-admin)")
class ApiClientController {

	private static final String PROBLEM = "application/problem+json";

	private final ApiClients clients;

	ApiClientController(ApiClients clients) {
		this.clients = clients;
	}

	/** A client and its secret, shown this once: Cirrus does not keep it. */
	record IssuedClient(ApiClient client, String clientSecret, String tokenUrl) {
	}

	@GetMapping
	@Operation(summary = "The tenant's API clients, oldest first (without secrets)")
	@ApiResponse(responseCode = "200", description = "The clients")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage API clients", content = @Content(mediaType = PROBLEM))
	List<ApiClient> list() {
		return clients.list();
	}

	@PostMapping
	@Operation(summary = "Create an API client with a role (tenant-admin, developer or viewer); its tokens come from "
			+ "Keycloak's token endpoint with grant_type=client_credentials and act on the API as that role of the tenant. "
			+ "The secret is in this answer only")
	@ApiResponse(responseCode = "201", description = "The client, its secret (shown once) and where to get tokens")
	@ApiResponse(responseCode = "400", description = "Name missing or too long, or a role an API client cannot have", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage API clients", content = @Content(mediaType = PROBLEM))
	ResponseEntity<IssuedClient> create(@RequestBody ApiClients.Request request) {
		ApiClients.Issued issued = clients.create(request);
		return ResponseEntity.created(URI.create("/api/v1/api-clients/" + issued.client().id())).body(issued(issued));
	}

	@GetMapping("/{id}")
	@Operation(summary = "One API client of the tenant (without its secret)")
	@ApiResponse(responseCode = "200", description = "The client")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage API clients", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such client in the tenant", content = @Content(mediaType = PROBLEM))
	ApiClient get(@PathVariable UUID id) {
		return clients.get(id);
	}

	@PostMapping("/{id}/secret")
	@Operation(summary = "Replace the client's secret; the old one stops working at once. The new one is in this answer only")
	@ApiResponse(responseCode = "200", description = "The client and its new secret")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage API clients", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such client in the tenant", content = @Content(mediaType = PROBLEM))
	IssuedClient rotate(@PathVariable UUID id) {
		return issued(clients.rotateSecret(id));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete the client; its tokens and secret are refused from then on")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "Only tenant admins manage API clients", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such client in the tenant", content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		clients.delete(id);
		return ResponseEntity.noContent().build();
	}

	private IssuedClient issued(ApiClients.Issued issued) {
		return new IssuedClient(issued.client(), issued.secret(), clients.tokenUrl());
	}
}
