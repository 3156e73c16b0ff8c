package io.cirrus.telemetry.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.IngestSource;

/**
 * Counts the messages ingest refused per device and path, with the last reason, in memory, and adds them to
 * {@code telemetry_rejection} once a second: a device that floods bad messages costs one upsert per second, not one
 * per message.
 */
@Component
public class RejectionCounter {

	private static final Logger log = LoggerFactory.getLogger(RejectionCounter.class);

	record Key(TenantId tenant, DeviceId device, IngestSource source) {
	}

	static final class Pending {

		long count;

		String lastError = "";

		Instant lastAt = Instant.EPOCH;
	}

	private final Map<Key, Pending> pending = new ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	RejectionCounter(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	public void count(TenantId tenant, DeviceId device, IngestSource source, String error) {
		pending.compute(new Key(tenant, device, source), (k, p) -> {
			Pending next = p == null ? new Pending() : p;
			next.count++;
			next.lastError = error.length() > 500 ? error.substring(0, 500) : error;
			next.lastAt = Instant.now();
			return next;
		});
	}

	@Scheduled(fixedDelayString = "${cirrus.telemetry.rejections-flush:1s}")
	public void flush() {
		List<Key> keys = new ArrayList<>(pending.keySet());
		for (Key key : keys) {
			Pending p = pending.remove(key);
			if (p == null) {
				continue;
			}
			try {
				TenantContext.runAs(key.tenant(), () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
						insert into telemetry_rejection (tenant_id, device_id, source, rejected, last_error, last_at)
						values (?, ?, ?, ?, ?, ?)
						on conflict (tenant_id, device_id, source) do update
						set rejected = telemetry_rejection.rejected + excluded.rejected,
						    last_error = excluded.last_error, last_at = excluded.last_at""")
					.params(key.tenant().value(), key.device().value(), key.source().name(), p.count, p.lastError,
							Timestamp.from(p.lastAt))
					.update()));
			}
			catch (RuntimeException e) {
				log.warn("Could not record {} rejected messages of device {}: {}", p.count, key.device(), e.getMessage());
			}
		}
	}
}
