package io.cirrus.notification.internal;

import java.util.List;

import org.springframework.stereotype.Component;

import io.cirrus.health.WatchedQueues;
import io.cirrus.notification.NotificationTopology;

/** The notification queues health watches: every lane, delay and the parked queue of {@link NotificationTopology}. */
@Component
class NotificationQueues implements WatchedQueues {

	private final NotificationTopology topology;

	NotificationQueues(NotificationTopology topology) {
		this.topology = topology;
	}

	@Override
	public List<String> queues() {
		return topology.queues();
	}

	@Override
	public String parkedQueue() {
		return NotificationTopology.PARKED_QUEUE;
	}
}
