package io.cirrus.health.internal;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** One long-lived Kafka admin client for probes and status pages, created on first use. */
@Component
public class KafkaAdminClient implements DisposableBean {

	private final KafkaAdmin kafkaAdmin;

	private volatile Admin admin;

	KafkaAdminClient(KafkaAdmin kafkaAdmin) {
		this.kafkaAdmin = kafkaAdmin;
	}

	public Admin admin() {
		Admin current = admin;
		if (current == null) {
			synchronized (this) {
				if (admin == null) {
					Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
					config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
					config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
					admin = Admin.create(config);
				}
				current = admin;
			}
		}
		return current;
	}

	/** Closes the client; the next call creates a fresh one (a recovery action when Kafka was unreachable). */
	public synchronized void reset() {
		Admin current = admin;
		admin = null;
		if (current != null) {
			current.close(java.time.Duration.ofSeconds(2));
		}
	}

	public String bootstrapServers() {
		Object servers = kafkaAdmin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		return servers instanceof Iterable<?> list ? String.join(",", (Iterable<String>) list) : String.valueOf(servers);
	}

	@Override
	public void destroy() {
		if (admin != null) {
			admin.close();
		}
	}
}
