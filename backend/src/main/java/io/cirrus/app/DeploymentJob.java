package io.cirrus.app;

import java.util.UUID;

import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

import io.cirrus.shared.TenantId;

/** A scheduled deployment's time came: {@link AppDeployments} deploys it (it does nothing when it ended meanwhile). */
class DeploymentJob extends QuartzJobBean {

	static final String TENANT = "tenant";

	static final String DEPLOYMENT = "deployment";

	private final AppDeployments deployments;

	DeploymentJob(AppDeployments deployments) {
		this.deployments = deployments;
	}

	@Override
	protected void executeInternal(JobExecutionContext context) {
		var data = context.getMergedJobDataMap();
		deployments.fire(new TenantId(UUID.fromString(data.getString(TENANT))), UUID.fromString(data.getString(DEPLOYMENT)));
	}
}
