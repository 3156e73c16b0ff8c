package io.cirrus.device;

import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;

/**
 * A device's answer to a command.
 *
 * @param status {@code SUCCEEDED} or {@code FAILED}
 * @param result anything the device reports, a JSON object (at most 16 KiB)
 */
public record CommandOutcome(@NotNull(message = "must be SUCCEEDED or FAILED") @Nullable CommandState status,
		@Nullable Map<String, Object> result) {
}
