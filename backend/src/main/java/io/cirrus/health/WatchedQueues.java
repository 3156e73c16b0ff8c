package io.cirrus.health;

import java.util.List;

/**
 * SPI: the RabbitMQ queues a module owns, for health to watch: their depth and consumers on the platform status
 * page, in the history and as metrics, and a queue whose passive declaration is the RabbitMQ probe's round trip (it
 * exists whenever the module's topology does). A module offers one as a bean; health knows no queue names itself.
 */
public interface WatchedQueues {

	/** Every queue to watch, in the order the status page lists them. */
	List<String> queues();

	/** The queue where the module parks what it could not deliver; the RabbitMQ probe declares it passively. */
	String parkedQueue();
}
