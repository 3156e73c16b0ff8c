package io.cirrus.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.test.context.TestPropertySource;

import io.cirrus.test.CirrusIntegrationTest;

/**
 * A benchmark ({@code ./cirrus bench}): the whole application as {@link CirrusIntegrationTest} starts it, but with
 * the background loops at their production intervals. The test profile runs them every second or faster so tests
 * need not wait; with a fleet of 100,000 devices that alone kept PostgreSQL busy and would be measured as the cost
 * of the path under test. All benchmarks share this one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("benchmark")
@CirrusIntegrationTest
@TestPropertySource(properties = { "cirrus.device.sweep-interval=15s", "cirrus.mqtt.reconcile-interval=60s",
		"cirrus.device.commands.sweep-interval=2s", "cirrus.health.sample-interval=15s", "cirrus.health.tick=1s",
		"cirrus.health.recovery.interval=5s", "cirrus.health.devices.reporting-flush=10s" })
@interface Benchmark {
}
