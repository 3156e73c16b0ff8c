package io.cirrus.device.internal;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.cirrus.device.DeviceLookup;
import io.cirrus.device.MqttProperties;
import io.cirrus.shared.persistence.ClusterLock;

/**
 * Ends the MQTT connections of devices that no longer have credentials. The broker checks a token only when a device
 * connects; a revoked or decommissioned device would otherwise keep its open connection. Every
 * {@code reconcile-interval} the device connections of the vhost are listed through RabbitMQ's management API and
 * those of a device without an active token are closed (one instance of the cluster at a time). A rotated token
 * leaves the connection open (the device has credentials, just new ones): it must use the new token when it next
 * connects.
 */
@Component
class MqttSessions {

	private static final Logger log = LoggerFactory.getLogger(MqttSessions.class);

	private final MqttProperties properties;

	private final DeviceLookup devices;

	private final ClusterLock lock;

	private final RestClient http;

	MqttSessions(MqttProperties properties, DeviceLookup devices, ClusterLock lock) {
		this.properties = properties;
		this.devices = devices;
		this.lock = lock;
		var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
		factory.setReadTimeout(Duration.ofSeconds(5));
		this.http = RestClient.builder()
			.requestFactory(factory)
			.defaultHeaders(h -> h.setBasicAuth(properties.managementUsername(), properties.managementPassword()))
			.build();
	}

	@Scheduled(fixedDelayString = "${cirrus.device.mqtt.reconcile-interval:5s}", initialDelayString = "${cirrus.device.mqtt.reconcile-interval:5s}")
	void reconcile() {
		if (properties.management().isBlank()) {
			return;
		}
		lock.runExclusively("mqtt-sessions", () -> {
			try {
				closeConnectionsWithoutCredentials();
			}
			catch (RestClientException e) {
				log.debug("MQTT connections not reconciled (management API at {}): {}", properties.management(), e.getMessage());
			}
		});
	}

	private void closeConnectionsWithoutCredentials() {
		String base = properties.management().endsWith("/") ? properties.management() : properties.management() + "/";
		List<Map<String, Object>> connections = http.get()
			.uri(java.net.URI.create(base + "api/vhosts/" + encode(properties.vhost()) + "/connections?columns=name,user,protocol"))
			.retrieve()
			.body(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {
			});
		if (connections == null) {
			return;
		}
		for (Map<String, Object> connection : connections) {
			String protocol = String.valueOf(connection.get("protocol"));
			String user = String.valueOf(connection.get("user"));
			if (!protocol.contains("MQTT")) {
				continue;
			}
			var device = MqttAccess.device(user);
			if (device.isEmpty() || devices.active(device.get()).isPresent()) {
				continue;
			}
			String name = String.valueOf(connection.get("name"));
			http.delete()
				.uri(java.net.URI.create(base + "api/connections/" + encode(name)))
				.header("X-Reason", "Cirrus: the device's credentials were revoked")
				.retrieve()
				.toBodilessEntity();
			log.info("Closed the MQTT connection of device {}: it has no active credentials", user);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
