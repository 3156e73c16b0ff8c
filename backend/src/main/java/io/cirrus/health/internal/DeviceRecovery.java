package io.cirrus.health.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceCommand;
import io.cirrus.device.DeviceCommands;
import io.cirrus.device.DeviceFleet;
import io.cirrus.device.DeviceSummary;
import io.cirrus.health.DeviceRecoveryPolicy;
import io.cirrus.health.HealthProperties;
import io.cirrus.health.RecoveryAction;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.persistence.ClusterLock;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;

/**
 * Opt-in device recovery: for each device profile with a policy, a device that missed the policy's number of
 * expected reports is sent a {@code reboot} command on the platform's behalf, once per silence (a device that
 * reports again and falls silent again gets another). Each command is written to the tenant's recovery log. One
 * instance of the cluster runs it at a time.
 */
@Component
class DeviceRecovery {

	private static final Logger log = LoggerFactory.getLogger(DeviceRecovery.class);

	static final String COMMAND = "reboot";

	private static final int PER_ROUND = 200;

	private final TenantDirectory tenants;

	private final ReportingStore store;

	private final DeviceFleet fleet;

	private final DeviceCommands commands;

	private final RecoveryLogStore recoveryLog;

	private final TransactionTemplate transactions;

	private final ClusterLock lock;

	private final HealthProperties properties;

	private final Clock clock;

	DeviceRecovery(TenantDirectory tenants, ReportingStore store, DeviceFleet fleet, DeviceCommands commands,
			RecoveryLogStore recoveryLog, TransactionTemplate transactions, ClusterLock lock, HealthProperties properties,
			Clock clock) {
		this.tenants = tenants;
		this.store = store;
		this.fleet = fleet;
		this.commands = commands;
		this.recoveryLog = recoveryLog;
		this.transactions = transactions;
		this.lock = lock;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${cirrus.health.recovery.interval:5s}", fixedDelayString = "${cirrus.health.recovery.interval:5s}")
	void check() {
		lock.runExclusively("health.device-recovery", () -> {
			for (Tenant tenant : tenants.allForPlatformTasks()) {
				try {
					recover(tenant.id());
				}
				catch (RuntimeException e) {
					log.warn("Device recovery for tenant {} failed this round: {}", tenant.id(), e.getMessage());
				}
			}
		});
	}

	private void recover(TenantId tenant) {
		List<DeviceRecoveryPolicy> policies = TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.policies()));
		for (DeviceRecoveryPolicy policy : policies) {
			for (DeviceSummary device : fleet.missedReports(tenant, policy.profile(), policy.rebootAfterMissed(), PER_ROUND)) {
				Instant lastSeen = device.lastSeen();
				boolean sent = lastSeen == null || TenantContext.callAs(tenant,
						() -> transactions.execute(tx -> store.rebootSentFor(device.id(), lastSeen)));
				if (!sent) {
					reboot(tenant, device, policy, lastSeen);
				}
			}
		}
	}

	private void reboot(TenantId tenant, DeviceSummary device, DeviceRecoveryPolicy policy, Instant lastSeen) {
		Instant now = clock.instant();
		String detail = "missed " + policy.rebootAfterMissed() + " expected reports (silent since " + lastSeen + ")";
		boolean succeeded;
		String outcome;
		try {
			DeviceCommand command = commands.sendAsPlatform(tenant, device.id(), COMMAND,
					Map.of("reason", detail), properties.devices().rebootTtl());
			succeeded = true;
			outcome = "sent reboot command " + command.id() + ": " + detail;
		}
		catch (RuntimeException e) {
			succeeded = false;
			outcome = "could not send a reboot command (" + e.getMessage() + "): " + detail;
		}
		boolean ok = succeeded;
		String text = outcome;
		TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> {
			store.rebootSent(tenant, device.id(), lastSeen, now);
			recoveryLog.record(RecoveryAction.TargetKind.DEVICE, "device:" + device.id() + " (" + device.name() + ")",
					"reboot command", ok, text, 1, now);
		}));
		log.info("Device recovery for tenant {}: {} {}", tenant, device.name(), text);
	}
}
