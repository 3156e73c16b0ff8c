package io.cirrus.health.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cirrus.health.ComponentStatus;
import io.cirrus.health.HealthProperties;
import io.cirrus.health.RecoveryAction;

/**
 * Keeps this instance's consumers running and its connections fresh. Every interval it checks each Kafka and
 * RabbitMQ listener container that is meant to run (auto-startup): a stopped or failed one is restarted; a Kafka
 * consumer whose group lags while its committed offsets have not moved for the stall time is restarted too. A
 * component that is down gets its reconnect action. Attempts on one target back off exponentially; every action is
 * logged in the recovery log.
 */
@Component
class RecoveryLoop {

	private static final Logger log = LoggerFactory.getLogger(RecoveryLoop.class);

	private record Progress(long committed, Instant since) {
	}

	private final ObjectProvider<KafkaListenerEndpointRegistry> kafkaListeners;

	private final ObjectProvider<org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry> rabbitListeners;

	private final ObjectProvider<org.springframework.amqp.rabbit.listener.MessageListenerContainer> rabbitContainers;

	private final ComponentChecks components;

	private final List<ComponentRecovery> recoveries;

	private final MessagingInventory messaging;

	private final RecoveryAttempts attempts;

	private final RecoveryLogStore recoveryLog;

	private final HealthProperties properties;

	private final Clock clock;

	private final Map<String, Progress> progress = new ConcurrentHashMap<>();

	RecoveryLoop(ObjectProvider<KafkaListenerEndpointRegistry> kafkaListeners,
			ObjectProvider<org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry> rabbitListeners,
			ObjectProvider<org.springframework.amqp.rabbit.listener.MessageListenerContainer> rabbitContainers,
			ComponentChecks components, List<ComponentRecovery> recoveries, MessagingInventory messaging,
			RecoveryAttempts attempts, RecoveryLogStore recoveryLog, HealthProperties properties, Clock clock) {
		this.kafkaListeners = kafkaListeners;
		this.rabbitListeners = rabbitListeners;
		this.rabbitContainers = rabbitContainers;
		this.components = components;
		this.recoveries = recoveries;
		this.messaging = messaging;
		this.attempts = attempts;
		this.recoveryLog = recoveryLog;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${cirrus.health.recovery.interval:5s}", fixedDelayString = "${cirrus.health.recovery.interval:5s}")
	void check() {
		try {
			superviseKafka();
			superviseRabbit();
			superviseComponents();
		}
		catch (RuntimeException e) {
			log.warn("The recovery loop failed this round: {}", e.getMessage(), e);
		}
	}

	private void superviseKafka() {
		KafkaListenerEndpointRegistry registry = kafkaListeners.getIfAvailable();
		if (registry == null) {
			return;
		}
		Instant now = clock.instant();
		Map<String, Long> lags = messaging.consumerLag();
		for (org.springframework.kafka.listener.MessageListenerContainer container : registry.getAllListenerContainers()) {
			if (!container.isAutoStartup()) {
				continue;
			}
			String target = "kafka:" + container.getListenerId();
			if (!container.isRunning() || !container.isInExpectedState()) {
				restart(target, "consumer stopped", () -> {
					if (container.isRunning()) {
						container.stop();
					}
					container.start();
					return container.isRunning();
				}, now);
				continue;
			}
			if (stalled(container.getGroupId(), lags, now)) {
				restart(target, "no progress for " + properties.recovery().stallAfter().toSeconds() + " s while lagging", () -> {
					container.stop();
					container.start();
					progress.remove(container.getGroupId());
					return container.isRunning();
				}, now);
				continue;
			}
			attempts.healthy(target);
		}
	}

	private void superviseRabbit() {
		List<org.springframework.amqp.rabbit.listener.MessageListenerContainer> containers = new ArrayList<>();
		var registry = rabbitListeners.getIfAvailable();
		if (registry != null) {
			containers.addAll(registry.getListenerContainers());
		}
		rabbitContainers.orderedStream().filter(c -> !containers.contains(c)).forEach(containers::add);
		Instant now = clock.instant();
		for (var container : containers) {
			if (!container.isAutoStartup()) {
				continue;
			}
			String target = "rabbit:" + name(container);
			if (!container.isRunning()) {
				restart(target, "consumer stopped", () -> {
					container.start();
					return container.isRunning();
				}, now);
			}
			else {
				attempts.healthy(target);
			}
		}
	}

	private void superviseComponents() {
		Instant now = clock.instant();
		for (ComponentStatus status : components.checkAll()) {
			if (status.up()) {
				attempts.healthy(status.name());
				continue;
			}
			for (ComponentRecovery recovery : recoveries) {
				if (recovery.component().equals(status.name()) && attempts.due(status.name(), now)) {
					int attempt = attempts.attempted(status.name(), now);
					boolean worked;
					String detail;
					try {
						detail = recovery.attempt() + " (" + status.detail() + ")";
						worked = true;
					}
					catch (Exception e) {
						detail = "reconnect failed: " + e.getMessage();
						worked = false;
					}
					log.warn("{} is down; recovery attempt {}: {}", status.name(), attempt, detail);
					recoveryLog.record(RecoveryAction.TargetKind.COMPONENT, status.name(), "reconnect", worked, detail, attempt,
							clock.instant());
				}
			}
		}
	}

	private boolean stalled(String group, Map<String, Long> lags, Instant now) {
		if (group == null) {
			return false;
		}
		Long lag = lags.get(group);
		long committed = messaging.committedTotal(group);
		if (lag == null || lag == 0 || committed < 0) {
			progress.remove(group);
			return false;
		}
		Progress last = progress.get(group);
		if (last == null || last.committed() != committed) {
			progress.put(group, new Progress(committed, now));
			return false;
		}
		return !now.isBefore(last.since().plus(properties.recovery().stallAfter()));
	}

	private void restart(String target, String reason, RestartAction action, Instant now) {
		if (!attempts.due(target, now)) {
			return;
		}
		int attempt = attempts.attempted(target, now);
		boolean running;
		String detail;
		try {
			running = action.run();
			detail = reason + "; restarted" + (running ? "" : " but it is not running");
		}
		catch (RuntimeException e) {
			running = false;
			detail = reason + "; restart failed: " + e.getMessage();
		}
		log.warn("Recovery of {} (attempt {}): {}", target, attempt, detail);
		// Logged at the time of the action: the pass began earlier, possibly before the consumer stopped.
		recoveryLog.record(RecoveryAction.TargetKind.CONSUMER, target, "restart", running, detail, attempt, clock.instant());
	}

	private static String name(org.springframework.amqp.rabbit.listener.MessageListenerContainer container) {
		if (container instanceof org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer abstractContainer
				&& abstractContainer.getListenerId() != null) {
			return abstractContainer.getListenerId();
		}
		return container.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(container));
	}

	@FunctionalInterface
	interface RestartAction {

		boolean run();
	}
}
