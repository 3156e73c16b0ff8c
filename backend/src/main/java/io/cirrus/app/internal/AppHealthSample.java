package io.cirrus.app.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.app.ActiveDeployment;
import io.cirrus.app.DeploymentState;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.TenantSampleContributor;
import io.cirrus.shared.TenantId;

/**
 * A tenant's apps in its health history: running, paused by the platform, failing (running with failed or refused
 * actions in the last 5 minutes), and their errors in the last 5 minutes. Sampled by the health module on one
 * instance, with the tenant bound.
 */
@Component
class AppHealthSample implements TenantSampleContributor {

	private static final Duration RECENT = Duration.ofMinutes(5);

	private final RuntimeDeployments deployments;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final TransactionTemplate readOnly;

	AppHealthSample(RuntimeDeployments deployments, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.deployments = deployments;
		this.jdbc = jdbc;
		this.clock = clock;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
	}

	@Override
	public Map<HealthMetric, Double> sample(TenantId tenant) {
		long running = 0;
		long paused = 0;
		for (ActiveDeployment d : deployments.all()) {
			if (d.tenantId().equals(tenant)) {
				if (d.state() == DeploymentState.RUNNING) {
					running++;
				}
				else if (d.state() == DeploymentState.PAUSED) {
					paused++;
				}
			}
		}
		java.sql.Timestamp since = java.sql.Timestamp.from(clock.instant().minus(RECENT));
		long[] counts = readOnly.execute(tx -> new long[] { errors(tenant, since), failing(tenant, since) });
		return Map.of(HealthMetric.APPS_RUNNING, (double) running, HealthMetric.APPS_PAUSED, (double) paused,
				HealthMetric.APPS_FAILING, (double) counts[1], HealthMetric.APP_ERRORS, (double) counts[0]);
	}

	private long errors(TenantId tenant, java.sql.Timestamp since) {
		return jdbc.sql("select count(*) from app_runtime_error where tenant_id = ? and at > ?")
			.params(tenant.value(), since).query(Long.class).single();
	}

	private long failing(TenantId tenant, java.sql.Timestamp since) {
		return jdbc.sql("""
				select count(distinct e.app_id) from app_runtime_error e
				join app_deployment d on d.tenant_id = e.tenant_id and d.app_id = e.app_id and d.state = 'RUNNING'
				where e.tenant_id = ? and e.at > ? and e.kind in ('action', 'refused')
				""").params(tenant.value(), since).query(Long.class).single();
	}
}
