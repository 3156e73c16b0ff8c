package io.cirrus.device.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.MqttProperties;
import io.cirrus.shared.DeviceId;

/**
 * What RabbitMQ's HTTP auth backend asks about MQTT clients, answered for devices (docs/adr/0008). A device connects
 * with its id as username and client id and its token as password; it may publish only
 * {@code devices/<id>/telemetry}, {@code devices/<id>/heartbeat} and {@code devices/<id>/commands/<command>/result}
 * and subscribe only {@code devices/<id>/commands} (the broker asks with AMQP routing keys: {@code /} becomes
 * {@code .}). Anything else, and anyone who is not a device, is denied: AMQP users are the broker's internal ones and
 * never reach Cirrus with a right password.
 */
@Component
public class MqttAccess {

	private static final Pattern COMMAND_SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final DeviceCredentials credentials;

	private final MqttProperties properties;

	MqttAccess(DeviceCredentials credentials, MqttProperties properties) {
		this.credentials = credentials;
		this.properties = properties;
	}

	/** Connect: the token must be the named device's, and the client id the device id (else one device could kick another off). */
	public boolean user(@Nullable String username, @Nullable String password, @Nullable String clientId) {
		Optional<DeviceId> device = device(username);
		if (device.isEmpty() || password == null || clientId == null || !clientId.equals(username)) {
			return false;
		}
		return credentials.authenticate(password).filter(d -> d.device().equals(device.get())).isPresent();
	}

	public boolean vhost(@Nullable String username, @Nullable String vhost) {
		return device(username).isPresent() && properties.vhost().equals(vhost);
	}

	/**
	 * Exchanges and queues: publishing to and subscribing through {@code amq.topic}, and the device's own MQTT
	 * session queues ({@code mqtt-subscription-<client id>qos0|qos1}).
	 */
	public boolean resource(@Nullable String username, @Nullable String vhost, @Nullable String resource,
			@Nullable String name, @Nullable String permission) {
		Optional<DeviceId> device = device(username);
		if (device.isEmpty() || !properties.vhost().equals(vhost) || name == null || permission == null) {
			return false;
		}
		if ("exchange".equals(resource)) {
			return CommandPublisher.EXCHANGE.equals(name) && (permission.equals("read") || permission.equals("write"));
		}
		if ("queue".equals(resource)) {
			String prefix = "mqtt-subscription-" + device.get();
			return (name.equals(prefix + "qos0") || name.equals(prefix + "qos1"))
					&& (permission.equals("configure") || permission.equals("read") || permission.equals("write"));
		}
		return false;
	}

	/** Topics, as AMQP routing keys on {@code amq.topic}: write = publish, read = subscribe. */
	public boolean topic(@Nullable String username, @Nullable String vhost, @Nullable String name,
			@Nullable String permission, @Nullable String routingKey) {
		Optional<DeviceId> device = device(username);
		if (device.isEmpty() || !properties.vhost().equals(vhost) || !CommandPublisher.EXCHANGE.equals(name)
				|| routingKey == null) {
			return false;
		}
		String own = "devices." + device.get() + ".";
		if (!routingKey.startsWith(own)) {
			return false;
		}
		String rest = routingKey.substring(own.length());
		if ("read".equals(permission)) {
			return rest.equals("commands");
		}
		if ("write".equals(permission)) {
			if (rest.equals("telemetry") || rest.equals("heartbeat")) {
				return true;
			}
			String[] parts = rest.split("\\.", -1);
			return parts.length == 3 && parts[0].equals("commands") && COMMAND_SEGMENT.matcher(parts[1]).matches()
					&& parts[2].equals("result");
		}
		return false;
	}

	/** A device id in canonical form (lower-case UUID); anything else is not a device. */
	static Optional<DeviceId> device(@Nullable String username) {
		if (username == null || username.length() != 36) {
			return Optional.empty();
		}
		try {
			DeviceId id = new DeviceId(UUID.fromString(username));
			return id.toString().equals(username) ? Optional.of(id) : Optional.empty();
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}
}
