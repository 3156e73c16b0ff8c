package io.cirrus.notification.internal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Schedules the notification module's housekeeping (retention) and runs its listeners of other modules' events after
 * the publisher's commit ({@link DeviceStatusNotifications}, {@link AlarmNotifications}); publications that did not
 * complete (a failure, a crash) are handed to the listener again after
 * {@code cirrus.notification.event-resubmit-after}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableAsync
class NotificationConfiguration {

	private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

	private final IncompleteEventPublications incomplete;

	private final Duration resubmitAfter;

	NotificationConfiguration(IncompleteEventPublications incomplete,
			org.springframework.core.env.Environment environment) {
		this.incomplete = incomplete;
		this.resubmitAfter = environment.getProperty("cirrus.notification.event-resubmit-after", Duration.class,
				Duration.ofMinutes(1));
	}

	@Scheduled(fixedDelayString = "${cirrus.notification.event-resubmit-every:30s}", initialDelayString = "10s")
	void resubmitIncompleteEvents() {
		try {
			incomplete.resubmitIncompletePublicationsOlderThan(resubmitAfter);
		}
		catch (RuntimeException e) {
			log.warn("Could not resubmit incomplete event publications (will retry): {}", e.getMessage());
		}
	}
}
