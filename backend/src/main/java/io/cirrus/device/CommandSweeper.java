package io.cirrus.device;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.internal.CommandStore;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.persistence.ClusterLock;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;

/**
 * Expires commands past their time to live and offers pending ones over MQTT again (a device that subscribes late
 * still gets them). Tenant by tenant, each in a transaction bound to that tenant; one instance of the cluster at a
 * time.
 */
@Component
class CommandSweeper {

	private static final Logger log = LoggerFactory.getLogger(CommandSweeper.class);

	private final CommandStore store;

	private final DeviceCommands commands;

	private final TenantDirectory tenants;

	private final ClusterLock lock;

	private final TransactionTemplate transactions;

	private final Clock clock;

	CommandSweeper(CommandStore store, DeviceCommands commands, TenantDirectory tenants, ClusterLock lock,
			TransactionTemplate transactions, Clock clock) {
		this.store = store;
		this.commands = commands;
		this.tenants = tenants;
		this.lock = lock;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${cirrus.device.commands.sweep-interval:2s}", initialDelayString = "${cirrus.device.commands.sweep-interval:2s}")
	void sweep() {
		lock.runExclusively("device-command-sweeper", () -> {
			for (Tenant tenant : tenants.allForPlatformTasks()) {
				try {
					sweep(tenant);
				}
				catch (RuntimeException e) {
					log.warn("Sweeping the commands of tenant {} failed: {}", tenant.alias(), e.getMessage());
				}
			}
		});
	}

	private void sweep(Tenant tenant) {
		Instant now = clock.instant();
		var due = TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> {
			store.expire(tenant.id(), now);
			return store.dueForRetry(tenant.id(), now, 200);
		}));
		if (due != null) {
			due.forEach(command -> commands.reoffer(tenant.id(), command));
		}
	}
}
