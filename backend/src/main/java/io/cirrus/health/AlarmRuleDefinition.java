package io.cirrus.health;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * What a tenant writes to create or change an alarm rule.
 *
 * @param name            shown with every alarm of the rule
 * @param source          {@code TELEMETRY} (a telemetry key of devices) or {@code HEALTH} (a tenant health metric)
 * @param metric          the telemetry key (e.g. {@code temperature}) or health metric (e.g. {@code devices.offline})
 * @param selector        which devices a telemetry rule watches: {@code all} or {@code device:<id>}; ignored
 *                        (use {@code all}) for health rules
 * @param operator        one of {@code > >= < <= == !=}
 * @param threshold       the value compared with
 * @param durationSeconds how long the condition must hold before the alarm is raised (0: at once)
 * @param severity        CRITICAL, MAJOR, MINOR or WARNING
 * @param enabled         a disabled rule raises nothing (default true)
 */
public record AlarmRuleDefinition(
		@NotBlank(message = "must not be blank") @Size(max = 100, message = "must be at most 100 characters") @Nullable String name,
		@NotNull(message = "must be TELEMETRY or HEALTH") @Nullable AlarmSource source,
		@NotBlank(message = "must name a telemetry key or health metric") @Size(max = 64, message = "must be at most 64 characters") @Nullable String metric,
		@Size(max = 200, message = "must be at most 200 characters") @Nullable String selector,
		@NotBlank(message = "must be one of > >= < <= == !=") @Nullable String operator,
		@NotNull(message = "must be a number") @Nullable Double threshold,
		@NotNull(message = "must be given") @PositiveOrZero(message = "must not be negative") @Nullable Integer durationSeconds,
		@NotNull(message = "must be CRITICAL, MAJOR, MINOR or WARNING") @Nullable Severity severity,
		@Nullable Boolean enabled) {
}
