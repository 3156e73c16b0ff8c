package io.cirrus.app;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantId;

/**
 * Scheduled deployments as Quartz jobs in the clustered JDBC job store: the trigger is written in the caller's
 * transaction (Boot's Quartz uses the application's data source and transaction manager), so a deployment that
 * rolls back leaves no job behind; at its time exactly one instance of the cluster acquires it (docs/adr/0026). A
 * time missed while every instance was down fires as soon as one is up again.
 */
@Component
class DeploymentTimer {

	static final String GROUP = "app-deployments";

	private final Scheduler scheduler;

	DeploymentTimer(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	void schedule(TenantId tenant, UUID deployment, Instant at) {
		JobDetail job = JobBuilder.newJob(DeploymentJob.class)
			.withIdentity(key(deployment))
			.usingJobData(DeploymentJob.TENANT, tenant.value().toString())
			.usingJobData(DeploymentJob.DEPLOYMENT, deployment.toString())
			.requestRecovery()
			.build();
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(deployment.toString(), GROUP)
			.startAt(Date.from(at))
			.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
			.build();
		try {
			scheduler.scheduleJob(job, trigger);
		}
		catch (SchedulerException e) {
			throw new IllegalStateException("Could not schedule deployment " + deployment + ": " + e.getMessage(), e);
		}
	}

	void cancel(UUID deployment) {
		try {
			scheduler.deleteJob(key(deployment));
		}
		catch (SchedulerException e) {
			throw new IllegalStateException("Could not cancel deployment " + deployment + ": " + e.getMessage(), e);
		}
	}

	private static JobKey key(UUID deployment) {
		return JobKey.jobKey(deployment.toString(), GROUP);
	}
}
