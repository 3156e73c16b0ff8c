package io.cirrus.app.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.cirrus.app.ActiveDeployment;
import io.cirrus.app.AppRuntimeProperties;
import io.cirrus.shared.TenantContext;
import io.cirrus.tenant.TenantDirectory;
import io.cirrus.shared.TenantId;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the runtime did, per app: counters added to {@code app_usage} per day by every instance (the bill), the
 * errors and refusals with the event that caused them ({@code app_runtime_error}), Micrometer meters tagged
 * {@code tenant} (its alias) and {@code app} (its name; at most {@link #MAX_TAGGED_APPS} apps get their own tags per
 * instance, later ones share {@code app="other"}, so a tenant creating apps cannot blow up the metrics'
 * cardinality), and the error budget
 * that pauses an app whose actions keep failing.
 */
@Component
class RuntimeLedger {

	static final int MAX_TAGGED_APPS = 500;

	private static final Logger log = LoggerFactory.getLogger(RuntimeLedger.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final AppRuntimeProperties properties;

	private final Clock clock;

	private final Map<Key, Counts> counts = new ConcurrentHashMap<>();

	private final Map<UUID, Meters> tagged = new ConcurrentHashMap<>();

	private final Map<UUID, Deque<Instant>> failures = new ConcurrentHashMap<>();

	private final Map<TenantId, String> aliases = new ConcurrentHashMap<>();

	private final TenantDirectory tenants;

	private record Key(TenantId tenant, UUID app, LocalDate day) {
	}

	private static final class Counts {

		final LongAdder invocations = new LongAdder();

		final LongAdder matches = new LongAdder();

		final LongAdder ok = new LongAdder();

		final LongAdder failed = new LongAdder();

		final LongAdder refused = new LongAdder();

		final LongAdder micros = new LongAdder();
	}

	record Meters(Counter invocations, Counter matches, Counter ok, Counter failed, Timer evaluation, Timer action) {
	}

	RuntimeLedger(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meters,
			AppRuntimeProperties properties, TenantDirectory tenants, Clock clock) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.meters = meters;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A consumer's evaluations of one app within a batch: each evaluation's time goes to the app's timer, the counts
	 * are added once per batch ({@link #add}) rather than per evaluation.
	 */
	static final class Tally {

		final ActiveDeployment deployment;

		final Meters meters;

		long invocations;

		long matches;

		long nanos;

		Tally(ActiveDeployment deployment, Meters meters) {
			this.deployment = deployment;
			this.meters = meters;
		}

		void evaluated(long took, boolean matched) {
			invocations++;
			nanos += took;
			if (matched) {
				matches++;
			}
			meters.evaluation().record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
	}

	/** A tally for evaluations of the app (events it selected) and whether a rule fired. */
	Tally tally(ActiveDeployment d) {
		return new Tally(d, meters(d));
	}

	/** Adds a tally's evaluations to the app's counts and counters. */
	void add(Tally tally) {
		if (tally.invocations == 0) {
			return;
		}
		Counts c = counts(tally.deployment);
		c.invocations.add(tally.invocations);
		c.micros.add(tally.nanos / 1000);
		c.matches.add(tally.matches);
		tally.meters.invocations().increment(tally.invocations);
		tally.meters.matches().increment(tally.matches);
	}

	/** An action that succeeded. */
	void succeeded(ActiveDeployment d, long nanos) {
		counts(d).ok.increment();
		Meters m = meters(d);
		m.ok().increment();
		m.action().record(Duration.ofNanos(nanos));
	}

	/**
	 * An action that failed or was refused, recorded with its event; answers whether the app just went over its
	 * error budget.
	 */
	boolean failed(ActiveDeployment d, String kind, String action, String message, Object event, long nanos) {
		Counts c = counts(d);
		if (kind.equals("refused")) {
			c.refused.increment();
		}
		else {
			c.failed.increment();
		}
		Meters m = meters(d);
		m.failed().increment();
		m.action().record(Duration.ofNanos(nanos));
		record(d, kind, action, message, event);
		Instant now = clock.instant();
		Deque<Instant> recent = failures.computeIfAbsent(d.appId(), a -> new ArrayDeque<>());
		synchronized (recent) {
			recent.addLast(now);
			while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(properties.errorWindow()))) {
				recent.removeFirst();
			}
			if (recent.size() >= properties.errorBudget()) {
				recent.clear();
				return true;
			}
		}
		return false;
	}

	/** Records an error of an app with the event that caused it. */
	void record(ActiveDeployment d, String kind, String action, String message, Object event) {
		try {
			String text = message.length() > 4000 ? message.substring(0, 4000) : message;
			TenantContext.runAs(d.tenantId(), () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
					insert into app_runtime_error (tenant_id, app_id, version, kind, action, message, event)
					values (?, ?, ?, ?, ?, ?, ?::jsonb)
					""").params(d.tenantId().value(), d.appId(), d.version(), kind, action, text, JSON.writeValueAsString(event))
				.update()));
		}
		catch (RuntimeException e) {
			log.warn("Could not record an error of app {}: {} ({})", d.appId(), message, e.getMessage());
		}
	}

	/** The latest errors of an app, newest first. */
	List<String> lastErrors(TenantId tenant, UUID app, int limit) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc
			.sql("select action, message from app_runtime_error where tenant_id = ? and app_id = ? order by at desc, id desc limit ?")
			.params(tenant.value(), app, limit)
			.query((rs, n) -> (rs.getString(1) == null ? "" : rs.getString(1) + ": ") + rs.getString(2))
			.list()));
	}

	/** Adds what this instance counted since the last flush to the daily usage rows. */
	@Scheduled(fixedDelayString = "${cirrus.app.runtime.flush-interval:5s}")
	void flush() {
		LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
		for (Key key : Set.copyOf(counts.keySet())) {
			Counts c = key.day().isBefore(today) ? counts.remove(key) : counts.get(key);
			if (c == null) {
				continue;
			}
			long invocations = c.invocations.sumThenReset();
			long matches = c.matches.sumThenReset();
			long ok = c.ok.sumThenReset();
			long failed = c.failed.sumThenReset();
			long refused = c.refused.sumThenReset();
			long micros = c.micros.sumThenReset();
			if (invocations + ok + failed + refused == 0) {
				continue;
			}
			try {
				TenantContext.runAs(key.tenant(), () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
						insert into app_usage as u (tenant_id, app_id, day, invocations, matches, actions_ok, actions_failed,
						    refused, compute_micros)
						select ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from app where tenant_id = ? and id = ?)
						on conflict (tenant_id, app_id, day) do update set invocations = u.invocations + excluded.invocations,
						    matches = u.matches + excluded.matches, actions_ok = u.actions_ok + excluded.actions_ok,
						    actions_failed = u.actions_failed + excluded.actions_failed, refused = u.refused + excluded.refused,
						    compute_micros = u.compute_micros + excluded.compute_micros
						""").params(key.tenant().value(), key.app(), key.day(), invocations, matches, ok, failed, refused,
						micros, key.tenant().value(), key.app()).update()));
			}
			catch (RuntimeException e) {
				log.warn("Could not add the usage of app {}: {}", key.app(), e.getMessage());
			}
		}
	}

	/** This instance's meters of an app, for the metrics API. */
	Meters meters(ActiveDeployment d) {
		Meters m = tagged.get(d.appId());
		if (m != null) {
			return m;
		}
		String app = tagged.size() < MAX_TAGGED_APPS ? d.appName() : "other";
		String tenant = alias(d.tenantId());
		return tagged.computeIfAbsent(d.appId(), id -> new Meters(
				Counter.builder("cirrus.apps.invocations").tag("tenant", tenant).tag("app", app)
					.description("Events a deployed app evaluated").register(meters),
				Counter.builder("cirrus.apps.matches").tag("tenant", tenant).tag("app", app)
					.description("Evaluations in which a rule fired").register(meters),
				Counter.builder("cirrus.apps.actions").tag("tenant", tenant).tag("app", app).tag("outcome", "ok")
					.description("Actions carried out").register(meters),
				Counter.builder("cirrus.apps.actions").tag("tenant", tenant).tag("app", app).tag("outcome", "failed")
					.description("Actions carried out").register(meters),
				// Recorded for every evaluation: one histogram over the last 2 minutes instead of a ring of three (each
				// takes every value) keeps this off the top of the runtime's profile.
				Timer.builder("cirrus.apps.evaluation").tag("tenant", tenant).tag("app", app)
					.publishPercentiles(0.5, 0.99).publishPercentileHistogram(false)
					.distributionStatisticExpiry(Duration.ofMinutes(2)).distributionStatisticBufferLength(1)
					.description("Time to evaluate one event").register(meters),
				Timer.builder("cirrus.apps.action").tag("tenant", tenant).tag("app", app)
					.publishPercentiles(0.5, 0.99)
					.description("Time an action took").register(meters)));
	}

	/** The tenant's alias, as the other meters tag tenants. */
	private String alias(TenantId tenant) {
		String alias = aliases.get(tenant);
		if (alias == null) {
			tenants.allForPlatformTasks().forEach(t -> aliases.put(t.id(), t.alias()));
			alias = aliases.getOrDefault(tenant, tenant.toString());
		}
		return alias;
	}

	/** This instance's meters of an app if it has evaluated anything here. */
	Meters metersIfAny(UUID app) {
		return tagged.get(app);
	}

	private Counts counts(ActiveDeployment d) {
		return counts.computeIfAbsent(new Key(d.tenantId(), d.appId(), today()), k -> new Counts());
	}

	/** Today (UTC), worked out again only once the day is over: this runs for every evaluation. */
	private LocalDate today() {
		long now = clock.millis();
		Day day = this.day;
		if (day == null || now >= day.endsAt() || now < day.startsAt()) {
			LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
			long start = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
			day = new Day(date, start, start + 86_400_000L);
			this.day = day;
		}
		return day.date();
	}

	private record Day(LocalDate date, long startsAt, long endsAt) {
	}

	private volatile @Nullable Day day;

	/** Drops the error window of an app (it was resumed). */
	void forgive(UUID app) {
		failures.remove(app);
	}

	static List<String> strings(List<?> values) {
		List<String> out = new ArrayList<>();
		values.forEach(v -> out.add(String.valueOf(v)));
		return out;
	}
}
