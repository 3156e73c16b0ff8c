package io.cirrus.device;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.internal.CommandStore;
import io.cirrus.device.internal.OpenCommandTenants;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.persistence.ClusterLock;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;

/**
 * Expires commands past their time to live and offers pending ones over MQTT again (a device that subscribes late
 * still gets them). Tenant by tenant, each in a transaction bound to that tenant (row-level security); one instance
 * of the cluster at a time. Each sweep visits only the tenants known to have open commands (those sent through this
 * instance, kept until none is open); every {@link #FULL_SWEEP} it visits every tenant, which also finds commands
 * sent through other instances or before a restart.
 */
@Component
class CommandSweeper {

	private static final Logger log = LoggerFactory.getLogger(CommandSweeper.class);

	static final java.time.Duration FULL_SWEEP = java.time.Duration.ofMinutes(1);

	private volatile Instant lastFullSweep = Instant.EPOCH;

	private final CommandStore store;

	private final DeviceCommands commands;

	private final TenantDirectory tenants;

	private final ClusterLock lock;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final OpenCommandTenants open;

	CommandSweeper(CommandStore store, DeviceCommands commands, TenantDirectory tenants, ClusterLock lock,
			TransactionTemplate transactions, Clock clock, OpenCommandTenants open) {
		this.open = open;
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
			Instant now = clock.instant();
			java.util.Collection<io.cirrus.shared.TenantId> visit;
			if (java.time.Duration.between(lastFullSweep, now).compareTo(FULL_SWEEP) >= 0) {
				visit = tenants.allForPlatformTasks().stream().map(Tenant::id).toList();
				lastFullSweep = now;
			}
			else {
				visit = open.snapshot();
			}
			for (io.cirrus.shared.TenantId tenant : visit) {
				try {
					sweep(tenant);
				}
				catch (RuntimeException e) {
					log.warn("Sweeping the commands of tenant {} failed: {}", tenant, e.getMessage());
				}
			}
		});
	}

	private void sweep(io.cirrus.shared.TenantId tenant) {
		Instant now = clock.instant();
		var due = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
			store.expire(tenant, now);
			if (store.countOpen(tenant) == 0) {
				open.remove(tenant);
			}
			else {
				open.add(tenant);
			}
			return store.dueForRetry(tenant, now, 200);
		}));
		if (due != null) {
			due.forEach(command -> commands.reoffer(tenant, command));
		}
	}
}
