package io.cirrus.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

import io.cirrus.device.internal.CommandSignals;
import io.cirrus.device.internal.CommandStore;
import io.cirrus.device.internal.OpenCommandTenants;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands to devices: users (tenant admins, developers) and the platform send them, everyone in the tenant reads
 * them, devices fetch (HTTP long poll, or their MQTT session is offered them) and answer them. A command is stored
 * and announced to every instance in one transaction ({@link DeviceCommandsWaiting} once it commits); the sweeper
 * ({@code CommandSweeper}) expires old ones and announces undelivered ones again. Another tenant's device or command
 * is not found (404).
 */
@Service
@Validated
@EnableConfigurationProperties({ CommandProperties.class, MqttProperties.class })
public class DeviceCommands {

	/** The {@code createdBy} of the platform's own commands (auto-recovery). */
	public static final String PLATFORM = "platform";

	static final int MAX_JSON = 16 * 1024;

	private static final String SENDERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "', '" + Roles.DEVELOPER + "')";

	private final CommandStore store;

	private final DeviceDirectory directory;

	private final CommandSignals signals;

	private final CommandProperties properties;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	private final OpenCommandTenants open;

	private final ApplicationEventPublisher events;

	DeviceCommands(CommandStore store, DeviceDirectory directory, CommandSignals signals,
			CommandProperties properties, TransactionTemplate transactions, JsonMapper json, Clock clock,
			OpenCommandTenants open, ApplicationEventPublisher events) {
		this.events = events;
		this.open = open;
		this.store = store;
		this.directory = directory;
		this.signals = signals;
		this.properties = properties;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	/** Sends a command to a device of the caller's tenant. */
	@PreAuthorize(SENDERS)
	public DeviceCommand send(DeviceId device, @Valid CommandRequest request) {
		TenantId tenant = TenantContext.require();
		String by = TenantContext.currentUser().map(CirrusUser::username).orElse("unknown");
		Duration ttl = request.ttlSeconds() == null ? properties.defaultTtl() : Duration.ofSeconds(request.ttlSeconds());
		return create(tenant, device, Objects.requireNonNull(request.name()), request.params(), ttl, by);
	}

	/**
	 * Sends a command on the platform's own behalf (no user: e.g. the health module's auto-recovery "reboot").
	 * Refused like a user's when the device is not the tenant's.
	 */
	public DeviceCommand sendAsPlatform(TenantId tenant, DeviceId device, String name, Map<String, Object> params,
			Duration ttl) {
		if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
			throw CirrusException.invalidField("name", "must be 1 to 64 of A-Z a-z 0-9 _ . -");
		}
		return TenantContext.callAs(tenant, () -> create(tenant, device, name, params, ttl, PLATFORM));
	}

	private DeviceCommand create(TenantId tenant, DeviceId device, String name, @Nullable Map<String, Object> params,
			Duration ttl, String by) {
		Map<String, Object> arguments = params == null ? Map.of() : params;
		checkSize("params", arguments);
		DeviceCommand command = Objects.requireNonNull(transactions.execute(tx -> {
			DeviceSummary target = directory.find(device).orElseThrow(() -> new NotFoundException("Device", device));
			if (target.decommissionedAt() != null) {
				throw new CirrusException(Problems.CONFLICT,
						"Device " + device + " is decommissioned: it takes no more commands.");
			}
			Instant now = clock.instant();
			DeviceCommand created = new DeviceCommand(UUID.randomUUID(), device, name, arguments, CommandState.PENDING,
					null, now, by, now.plus(ttl), null, null, null);
			store.insert(tenant, created, now.plus(properties.retryAfter()));
			store.announce(device);
			open.add(tenant);
			return created;
		}));
		wakeLocally(command.device());
		return command;
	}

	/** The latest commands of a device of the caller's tenant, newest first. */
	@PreAuthorize("isAuthenticated()")
	public List<DeviceCommand> list(DeviceId device, int limit) {
		TenantId tenant = TenantContext.require();
		return Objects.requireNonNull(transactions.execute(tx -> {
			directory.find(device).orElseThrow(() -> new NotFoundException("Device", device));
			return store.list(tenant, device, Math.max(1, Math.min(limit, 500)));
		}));
	}

	/** One command of a device of the caller's tenant. */
	@PreAuthorize("isAuthenticated()")
	public DeviceCommand get(DeviceId device, UUID id) {
		TenantId tenant = TenantContext.require();
		return Objects.requireNonNull(transactions.execute(tx -> store.find(tenant, device, id)
			.orElseThrow(() -> new NotFoundException("Command", id))));
	}

	/**
	 * A device's HTTP long poll: its pending commands (now DELIVERED over HTTP), waiting up to {@code wait} for one
	 * to arrive; an empty list when none did.
	 */
	public List<DeviceCommand> await(AuthenticatedDevice device, Duration wait) {
		Duration bounded = wait.isNegative() ? Duration.ZERO : wait.compareTo(properties.maxWait()) > 0 ? properties.maxWait() : wait;
		Instant deadline = clock.instant().plus(bounded);
		while (true) {
			var signal = signals.next(device.device());
			List<DeviceCommand> claimed = TenantContext.callAs(device.tenant(), () -> transactions
				.execute(tx -> store.claimForHttp(device.tenant(), device.device(), clock.instant(), 20)));
			if (claimed != null && !claimed.isEmpty()) {
				return claimed;
			}
			long left = Duration.between(clock.instant(), deadline).toMillis();
			if (left <= 0) {
				return List.of();
			}
			try {
				signal.get(Math.min(left, 1000), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException e) {
				// look again: a command may have come through another instance
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return List.of();
			}
			catch (java.util.concurrent.ExecutionException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	/**
	 * A device's answer (HTTP or MQTT). Answering again with the same status is harmless (MQTT may deliver twice);
	 * answering a command that is over otherwise is a conflict (409), another device's or tenant's command is not
	 * found (404).
	 */
	public DeviceCommand complete(AuthenticatedDevice device, UUID id, @Valid CommandOutcome outcome) {
		CommandState status = outcome.status();
		if (status == null || !CommandState.OUTCOMES.contains(status)) {
			throw CirrusException.invalidField("status", "must be SUCCEEDED or FAILED");
		}
		if (outcome.result() != null) {
			checkSize("result", outcome.result());
		}
		return Objects.requireNonNull(TenantContext.callAs(device.tenant(), () -> transactions.execute(tx -> {
			var done = store.complete(device.tenant(), device.device(), id, status, outcome.result(), clock.instant());
			if (done.isPresent()) {
				return done.get();
			}
			DeviceCommand current = store.find(device.tenant(), device.device(), id)
				.orElseThrow(() -> new NotFoundException("Command", id));
			if (current.state() == status) {
				return current;
			}
			throw new CirrusException(Problems.CONFLICT, "Command " + id + " is " + current.state()
					+ (current.state().terminal() || !current.expiresAt().isAfter(clock.instant()) ? ": it takes no more answers." : "."));
		})));
	}

	/**
	 * The device's pending commands, oldest first (at most 20), for its MQTT session to offer; each becomes
	 * DELIVERED when the device acknowledges it ({@link #delivered}).
	 */
	public List<DeviceCommand> pending(AuthenticatedDevice device) {
		return Objects.requireNonNull(TenantContext.callAs(device.tenant(), () -> transactions
			.execute(tx -> store.pending(device.tenant(), device.device(), clock.instant(), 20))));
	}

	/** The device received a pending command (MQTT: it acknowledged the publication): PENDING -> DELIVERED. */
	public void delivered(AuthenticatedDevice device, UUID id, String via) {
		TenantContext.runAs(device.tenant(), () -> transactions
			.executeWithoutResult(tx -> store.delivered(device.tenant(), id, via, clock.instant())));
	}

	/**
	 * Wakes this instance's poll and MQTT session of the device at once, without waiting for the notification
	 * (which also comes, and still matters when PostgreSQL's notifications are not heard here).
	 */
	private void wakeLocally(DeviceId device) {
		signals.signal(device);
		events.publishEvent(new DeviceCommandsWaiting(device));
	}

	/** Used by the sweeper: announces a pending command again, and when to do so next if it is still pending. */
	void reoffer(TenantId tenant, DeviceCommand command) {
		TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> {
			store.announce(command.device());
			store.retryLater(tenant, command.id(), clock.instant().plus(properties.retryAfter()));
		}));
		wakeLocally(command.device());
	}

	private void checkSize(String field, Map<String, Object> value) {
		if (json.writeValueAsBytes(value).length > MAX_JSON) {
			throw CirrusException.invalidField(field, "must be at most 16 KiB of JSON");
		}
	}
}
