package io.cirrus.device.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.MqttProperties;
import io.cirrus.device.internal.MqttAccess;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The endpoints RabbitMQ's HTTP auth backend calls (GET or POST with form parameters; the answer is {@code allow}
 * or {@code deny}). Only the broker may ask: the URL carries a shared secret ({@code cirrus.device.mqtt.auth-secret},
 * which {@code ./cirrus up} generates and writes into the broker's configuration) and, by default, only callers on
 * this host are answered. Anyone else gets a plain 404, so the endpoints never become an oracle for guessing tokens.
 */
@Hidden
@RestController
class MqttAuthController {

	private static final ResponseEntity<String> ALLOW = ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("allow");

	private static final ResponseEntity<String> DENY = ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("deny");

	private static final ResponseEntity<String> NOT_FOUND = ResponseEntity.status(HttpStatus.NOT_FOUND).build();

	private final MqttAccess access;

	private final MqttProperties properties;

	MqttAuthController(MqttAccess access, MqttProperties properties) {
		this.access = access;
		this.properties = properties;
	}

	@RequestMapping("/api/v1/mqtt/auth/{secret}/user")
	ResponseEntity<String> user(@PathVariable String secret, HttpServletRequest request,
			@RequestParam(required = false) String username, @RequestParam(required = false) String password,
			@RequestParam(name = "client_id", required = false) String clientId) {
		return answer(secret, request, () -> access.user(username, password, clientId));
	}

	@RequestMapping("/api/v1/mqtt/auth/{secret}/vhost")
	ResponseEntity<String> vhost(@PathVariable String secret, HttpServletRequest request,
			@RequestParam(required = false) String username, @RequestParam(required = false) String vhost) {
		return answer(secret, request, () -> access.vhost(username, vhost));
	}

	@RequestMapping("/api/v1/mqtt/auth/{secret}/resource")
	ResponseEntity<String> resource(@PathVariable String secret, HttpServletRequest request,
			@RequestParam(required = false) String username, @RequestParam(required = false) String vhost,
			@RequestParam(required = false) String resource, @RequestParam(required = false) String name,
			@RequestParam(required = false) String permission) {
		return answer(secret, request, () -> access.resource(username, vhost, resource, name, permission));
	}

	@RequestMapping("/api/v1/mqtt/auth/{secret}/topic")
	ResponseEntity<String> topic(@PathVariable String secret, HttpServletRequest request,
			@RequestParam(required = false) String username, @RequestParam(required = false) String vhost,
			@RequestParam(required = false) String name, @RequestParam(required = false) String permission,
			@RequestParam(name = "routing_key", required = false) String routingKey) {
		return answer(secret, request, () -> access.topic(username, vhost, name, permission, routingKey));
	}

	/** Any other path under the prefix (no secret, a wrong kind) answers 404 too, never the portal's page. */
	@RequestMapping("/api/v1/mqtt/auth/**")
	ResponseEntity<String> elsewhere() {
		return NOT_FOUND;
	}

	private ResponseEntity<String> answer(String secret, HttpServletRequest request, java.util.function.BooleanSupplier decision) {
		if (!authorizedCaller(secret, request)) {
			return NOT_FOUND;
		}
		return decision.getAsBoolean() ? ALLOW : DENY;
	}

	private boolean authorizedCaller(String secret, HttpServletRequest request) {
		String expected = properties.authSecret();
		if (expected.isEmpty() || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				secret.getBytes(StandardCharsets.UTF_8))) {
			return false;
		}
		if (!properties.loopbackOnly()) {
			return true;
		}
		try {
			return InetAddress.ofLiteral(request.getRemoteAddr()).isLoopbackAddress();
		}
		catch (IllegalArgumentException e) {
			try {
				return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
			}
			catch (UnknownHostException unknown) {
				return false;
			}
		}
	}
}
