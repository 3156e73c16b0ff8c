package io.cirrus.device;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.jspecify.annotations.Nullable;

/**
 * A command a user sends to a device.
 *
 * @param name       what to do: 1 to 64 of {@code A-Z a-z 0-9 _ . -}, e.g. {@code reboot}
 * @param params     arguments for the device, a JSON object (at most 16 KiB); empty when absent
 * @param ttlSeconds how long the command may wait for delivery and an answer (default 300, at most 604800)
 */
public record CommandRequest(
		@NotBlank(message = "must not be blank") @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 _ . -") @Nullable String name,
		@Nullable Map<String, Object> params,
		@Positive(message = "must be positive") @Max(value = 604800, message = "must be at most 604800 (7 days)") @Nullable Integer ttlSeconds) {
}
