package io.cirrus.mqtt.internal;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.DeviceId;

/**
 * The topics of a device, {@code devices/<id>/...}: what it may publish (telemetry, heartbeat, answers to its
 * commands) and the one filter it may subscribe to (its commands). Anything else, another device's id, wildcards
 * included, is not the device's.
 */
final class DeviceTopics {

	private DeviceTopics() {
	}

	/** What a publication on a device's own topic is. */
	sealed interface Publication {
	}

	record Telemetry() implements Publication {
	}

	record Heartbeat() implements Publication {
	}

	record CommandResult(UUID command) implements Publication {
	}

	/** The topic commands reach the device on, and the only filter it may subscribe to. */
	static String commands(DeviceId device) {
		return "devices/" + device + "/commands";
	}

	/** What {@code topic} is for {@code device}; null when it is not one the device may publish to. */
	static @Nullable Publication publication(String topic, DeviceId device) {
		String own = "devices/" + device + "/";
		if (!topic.startsWith(own)) {
			return null;
		}
		String rest = topic.substring(own.length());
		return switch (rest) {
			case "telemetry" -> new Telemetry();
			case "heartbeat" -> new Heartbeat();
			default -> commandResult(rest);
		};
	}

	private static @Nullable Publication commandResult(String rest) {
		// commands/<uuid>/result
		String prefix = "commands/";
		String suffix = "/result";
		if (!rest.startsWith(prefix) || !rest.endsWith(suffix) || rest.length() != prefix.length() + 36 + suffix.length()) {
			return null;
		}
		try {
			return new CommandResult(UUID.fromString(rest.substring(prefix.length(), prefix.length() + 36)));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
