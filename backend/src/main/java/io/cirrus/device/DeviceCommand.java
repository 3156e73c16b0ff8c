package io.cirrus.device;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.DeviceId;

/**
 * A command to a device, as the API and the portal show it.
 *
 * @param id           the command id (the device names it in its answer)
 * @param device       the device it is for
 * @param name         what to do, e.g. {@code reboot}
 * @param params       arguments, a JSON object
 * @param state        where it stands
 * @param result       the device's answer, once it answered
 * @param createdAt    when it was sent
 * @param createdBy    the user who sent it, or {@code platform} for the platform's own commands
 * @param expiresAt    after this it is not delivered and a late answer is refused
 * @param deliveredAt  when it was handed to the device
 * @param deliveredVia {@code MQTT} or {@code HTTP}
 * @param completedAt  when it reached a terminal state
 */
public record DeviceCommand(UUID id, DeviceId device, String name, Map<String, Object> params, CommandState state,
		@Nullable Map<String, Object> result, Instant createdAt, String createdBy, Instant expiresAt,
		@Nullable Instant deliveredAt, @Nullable String deliveredVia, @Nullable Instant completedAt) {

	/** What a device receives: over MQTT as the message body, over HTTP as an item of the poll's answer. */
	public record Delivery(UUID id, String name, Map<String, Object> params, Instant expiresAt) {
	}

	public Delivery delivery() {
		return new Delivery(id, name, params, expiresAt);
	}
}
