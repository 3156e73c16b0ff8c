package io.cirrus.health.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cirrus.device.DeviceFleet;
import io.cirrus.device.ReportingExpectation;
import io.cirrus.health.DeviceReporting;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryRecord;

/**
 * Measures each device's real reporting interval from the telemetry topic (the health consumer group sees every
 * message of the devices on its partitions): the last 64 intervals between arrivals, and the long silences of the
 * last hour. Every flush it writes percentiles, drift from the profile's expected interval and flaps (silences longer
 * than the profile's inactivity timeout that ended) for the devices that reported since the last flush. Memory is
 * bounded: about 300 bytes per active device; devices silent for a day are forgotten (their figures stay stored).
 */
@Component
class ReportingTracker {

	private static final Logger log = LoggerFactory.getLogger(ReportingTracker.class);

	static final int WINDOW = 64;

	private static final int MAX_GAPS = 32;

	private static final Duration FORGET_AFTER = Duration.ofDays(1);

	private record Key(TenantId tenant, DeviceId device) {
	}

	/** A silence that ended, for flap counting. */
	private record Gap(Instant endedAt, long millis) {
	}

	private static final class Reporting {

		final int[] intervals = new int[WINDOW];

		final ArrayDeque<Gap> gaps = new ArrayDeque<>();

		Instant last;

		int count;

		int next;

		boolean dirty;

		void add(long millis, Instant at) {
			intervals[next] = (int) Math.min(Integer.MAX_VALUE, millis);
			next = (next + 1) % WINDOW;
			count = Math.min(WINDOW, count + 1);
			if (millis >= 1000 && millis > 2L * median()) {
				gaps.addLast(new Gap(at, millis));
				if (gaps.size() > MAX_GAPS) {
					gaps.removeFirst();
				}
			}
		}

		long median() {
			return count == 0 ? 0 : percentile(sorted(), 50);
		}

		int[] sorted() {
			int[] values = Arrays.copyOf(intervals, count);
			Arrays.sort(values);
			return values;
		}

		int lastInterval() {
			return intervals[(next - 1 + WINDOW) % WINDOW];
		}
	}

	private final Map<Key, Reporting> devices = new ConcurrentHashMap<>();

	private final DeviceFleet fleet;

	private final ReportingStore store;

	ReportingTracker(DeviceFleet fleet, ReportingStore store) {
		this.fleet = fleet;
		this.store = store;
	}

	/** One message of a device arrived (reading or heartbeat). */
	void observe(TelemetryRecord record) {
		Instant at = record.receivedAt() != null ? record.receivedAt() : record.ts();
		if (at == null) {
			return;
		}
		Reporting reporting = devices.computeIfAbsent(new Key(record.tenant(), record.device()), k -> new Reporting());
		synchronized (reporting) {
			if (reporting.last != null && at.isAfter(reporting.last)) {
				reporting.add(Duration.between(reporting.last, at).toMillis(), at);
			}
			if (reporting.last == null || at.isAfter(reporting.last)) {
				reporting.last = at;
				reporting.dirty = true;
			}
		}
	}

	@Scheduled(initialDelayString = "${cirrus.health.devices.reporting-flush:10s}",
			fixedDelayString = "${cirrus.health.devices.reporting-flush:10s}")
	void flush() {
		Instant now = Instant.now();
		Map<TenantId, Map<DeviceId, Reporting>> dirty = new HashMap<>();
		devices.forEach((key, reporting) -> {
			synchronized (reporting) {
				if (reporting.dirty && reporting.count > 0) {
					dirty.computeIfAbsent(key.tenant(), t -> new HashMap<>()).put(key.device(), reporting);
				}
				else if (reporting.last != null && reporting.last.isBefore(now.minus(FORGET_AFTER))) {
					devices.remove(key, reporting);
				}
			}
		});
		dirty.forEach((tenant, reportings) -> {
			try {
				flush(tenant, reportings, now);
			}
			catch (RuntimeException e) {
				log.warn("Could not store the reporting figures of {} devices of tenant {} (will retry): {}",
						reportings.size(), tenant, e.getMessage());
			}
		});
	}

	private void flush(TenantId tenant, Map<DeviceId, Reporting> reportings, Instant now) {
		List<DeviceId> ids = new ArrayList<>(reportings.keySet());
		for (int from = 0; from < ids.size(); from += 1000) {
			List<DeviceId> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
			Map<DeviceId, ReportingExpectation> expected = new HashMap<>();
			fleet.expectations(tenant, chunk).forEach(e -> expected.put(e.device(), e));
			List<DeviceReporting> rows = new ArrayList<>(chunk.size());
			for (DeviceId device : chunk) {
				Reporting reporting = reportings.get(device);
				ReportingExpectation expectation = expected.get(device);
				if (expectation == null) {
					// Unknown here (deleted, or another tenant's id in a record): nothing to compare with.
					devices.remove(new Key(tenant, device));
					continue;
				}
				synchronized (reporting) {
					rows.add(figures(device, reporting, expectation, now));
					reporting.dirty = false;
				}
			}
			store.save(tenant, rows);
		}
	}

	private static DeviceReporting figures(DeviceId device, Reporting reporting, ReportingExpectation expectation,
			Instant now) {
		int[] sorted = reporting.sorted();
		long p50 = percentile(sorted, 50);
		long p99 = percentile(sorted, 99);
		long expectedMillis = expectation.reportingIntervalSeconds() * 1000L;
		double drift = expectedMillis == 0 ? 0 : (p50 - expectedMillis) * 100.0 / expectedMillis;
		Instant hourAgo = now.minus(Duration.ofHours(1));
		while (!reporting.gaps.isEmpty() && reporting.gaps.peekFirst().endedAt().isBefore(hourAgo)) {
			reporting.gaps.removeFirst();
		}
		long timeout = expectation.inactivityTimeoutSeconds() * 1000L;
		int flaps = (int) reporting.gaps.stream().filter(g -> g.millis() > timeout).count();
		return new DeviceReporting(device, reporting.count, p50, p99, reporting.lastInterval(),
				expectation.reportingIntervalSeconds(), Math.round(drift * 10) / 10.0, flaps, reporting.last, now, null);
	}

	/** Nearest-rank percentile of sorted values. */
	static long percentile(int[] sorted, int percent) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}
}
