package io.cirrus.device.internal;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.cirrus.device.DeviceLookup;
import io.cirrus.device.MqttProperties;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.persistence.ClusterLock;

/**
 * Ends the MQTT connections of devices that no longer have credentials. The broker checks a token only when a device
 * connects; a revoked or decommissioned device would otherwise keep its open connection. Every
 * {@code reconcile-interval} the device connections of the vhost are listed through RabbitMQ's management API and
 * those of a device without an active token are closed (one instance of the cluster at a time). When a token is
 * rotated, the registry ends the device's connections once the rotation committed ({@link #endSessionsOf}).
 */
@Component
public class MqttSessions {

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
		closeConnections(user -> MqttAccess.device(user).filter(d -> devices.active(d).isEmpty()).isPresent(),
				"Cirrus: the device's credentials were revoked", "it has no active credentials");
	}

	/**
	 * Ends the device's open MQTT connections: its token was replaced, and a connection opened before was
	 * authenticated with the old one (which may have leaked: that is why tokens are rotated). The device connects
	 * again with its new token. The management API lists a new connection only after its next statistics round
	 * (5 s by default), so the connections are looked for a few times over about 15 s, in the background. Without
	 * the management API configured there is nothing to do.
	 */
	public void endSessionsOf(DeviceId device) {
		if (properties.management().isBlank()) {
			return;
		}
		Thread.ofVirtual().name("mqtt-end-sessions").start(() -> {
			for (long pause : new long[] { 0, 1000, 2000, 4000, 8000 }) {
				try {
					Thread.sleep(pause);
					if (closeConnections(user -> MqttAccess.device(user).filter(device::equals).isPresent(),
							"Cirrus: the device's token was rotated", "its token was rotated") > 0) {
						return;
					}
				}
				catch (RestClientException e) {
					log.warn("Could not end the MQTT connections of device {} after its token was rotated "
							+ "(management API at {}): {}", device, properties.management(), e.getMessage());
				}
				catch (InterruptedException e) {
					return;
				}
			}
		});
	}

	/** Closes the MQTT connections of the users {@code ofUser} accepts; answers how many. */
	private int closeConnections(Predicate<String> ofUser, String reason, String why) {
		String base = properties.management().endsWith("/") ? properties.management() : properties.management() + "/";
		List<Map<String, Object>> connections = http.get()
			.uri(java.net.URI.create(base + "api/vhosts/" + encode(properties.vhost()) + "/connections?columns=name,user,protocol"))
			.retrieve()
			.body(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {
			});
		if (connections == null) {
			return 0;
		}
		int closed = 0;
		for (Map<String, Object> connection : connections) {
			String protocol = String.valueOf(connection.get("protocol"));
			String user = String.valueOf(connection.get("user"));
			if (!protocol.contains("MQTT") || !ofUser.test(user)) {
				continue;
			}
			String name = String.valueOf(connection.get("name"));
			http.delete()
				.uri(java.net.URI.create(base + "api/connections/" + encode(name)))
				.header("X-Reason", reason)
				.retrieve()
				.toBodilessEntity();
			log.info("Closed the MQTT connection of device {}: {}", user, why);
			closed++;
		}
		return closed;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
