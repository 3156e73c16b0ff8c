package io.cirrus.device;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of commands to devices ({@code cirrus.device.commands.*}).
 *
 * @param defaultTtl     time to live of a command sent without one
 * @param sweepInterval  how often expired commands are marked and undelivered ones announced again
 * @param retryAfter     a command still pending (no MQTT session acknowledged it, no HTTP poll took it) is announced
 *                       again after this
 * @param maxWait        the longest HTTP long poll a device may ask for
 */
@ConfigurationProperties("cirrus.device.commands")
public record CommandProperties(@DefaultValue("5m") Duration defaultTtl, @DefaultValue("2s") Duration sweepInterval,
		@DefaultValue("10s") Duration retryAfter, @DefaultValue("60s") Duration maxWait) {
}
