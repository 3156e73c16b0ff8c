package io.cirrus.app;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.app.internal.RuntimeStats;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * What deployed apps did (docs/adr/0027): per app its counters over a period, latencies, consumer lag and the last
 * errors with the event that caused them; per tenant its invocations and compute time per day (the bill); and the
 * secret an app's webhook calls are signed with. Readers see them; only managers see the secret.
 */
@Service
public class AppMetrics {

	private final Apps apps;

	private final RuntimeStats stats;

	AppMetrics(Apps apps, RuntimeStats stats) {
		this.apps = apps;
		this.stats = stats;
	}

	/**
	 * An app's metrics.
	 *
	 * @param invocations24h   events it evaluated in the last day (today and yesterday, UTC)
	 * @param p50EvaluationMs  median time to evaluate an event on the instance that answers (null before any)
	 * @param consumerLag      records the runtime's consumers have yet to read (all apps share them)
	 * @param days             counters per day, oldest first
	 * @param errors           the latest errors and refusals, newest first
	 */
	public record Metrics(UUID app, long invocations24h, long matches24h, long actionsOk24h, long actionsFailed24h,
			long refused24h, @Nullable Double p50EvaluationMs, @Nullable Double p99EvaluationMs,
			@Nullable Double p50ActionMs, @Nullable Double p99ActionMs, @Nullable Long consumerLag, List<Day> days,
			List<Error> errors) {
	}

	/** One day's counters of an app (or of the tenant's apps), compute time in milliseconds. */
	public record Day(LocalDate day, long invocations, long matches, long actionsOk, long actionsFailed, long refused,
			double computeMs) {
	}

	/**
	 * An error of an app.
	 *
	 * @param kind   action (it failed), refused (outside the app's permissions), evaluation (a condition failed)
	 * @param action the action kind or rule
	 * @param event  the event that caused it, as a dry-run trace shows events
	 */
	public record Error(Instant at, int version, String kind, @Nullable String action, String message,
			Map<String, Object> event) {
	}

	/** A tenant's usage per day. */
	public record Usage(LocalDate from, LocalDate to, long invocations, double computeMs, List<Day> days) {
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public Metrics metrics(UUID app, int days) {
		apps.get(app);
		if (days < 1 || days > 90) {
			throw CirrusException.invalidField("days", "must be between 1 and 90");
		}
		return stats.metrics(TenantContext.require(), app, LocalDate.now(ZoneOffset.UTC).minusDays(days - 1));
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public Usage usage(@Nullable LocalDate from, @Nullable LocalDate to) {
		LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
		LocalDate start = from == null ? end.minusDays(29) : from;
		if (start.isAfter(end)) {
			throw CirrusException.invalidField("from", "must not be after to");
		}
		if (start.plusDays(366).isBefore(end)) {
			throw CirrusException.invalidField("from", "the period is at most 366 days");
		}
		TenantId tenant = TenantContext.require();
		return stats.usage(tenant, start, end);
	}

	/** Invocations in the last day and errors per app of the caller's tenant, for the apps list. */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public Map<UUID, long[]> lastDay() {
		return stats.lastDay(TenantContext.require());
	}

	/** The secret (Standard Webhooks, {@code whsec_...}) the app's webhook calls are signed with. */
	@PreAuthorize(Access.MANAGERS)
	public String webhookSecret(UUID app) {
		apps.get(app);
		return stats.secret(TenantContext.require(), app);
	}
}
