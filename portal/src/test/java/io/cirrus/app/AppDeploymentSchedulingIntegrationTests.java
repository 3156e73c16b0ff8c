package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.scheduling.quartz.SpringBeanJobFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.SubscriptionService;
import io.cirrus.notification.WebhookService;
import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import io.cirrus.test.PlatformNotifications;
import io.cirrus.test.PlatformNotifications.Notification;
import io.cirrus.test.RecordedEvents;
import io.cirrus.test.TestTenant;

/**
 * Scheduled deployments fire exactly once with two clustered Quartz schedulers on the same job store (the
 * application's, and a second one with its own instance id, as a second Cirrus instance would run); every transition
 * is published and announced; the announcements reach a subscriber's inbox.
 */
@CirrusIntegrationTest
class AppDeploymentSchedulingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Apps apps;

	@Autowired
	AppDeployments deployments;

	@Autowired
	RecordedEvents events;

	@Autowired
	WebhookService webhooks;

	@Autowired
	Scheduler scheduler;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ApplicationContext context;

	@Test
	void scheduledDeploymentsFireExactlyOnceWithTwoClusteredSchedulers() throws Exception {
		SchedulerFactoryBean second = secondInstance();
		try {
			Scheduler other = second.getObject();
			Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
			Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
			for (Scheduler instance : List.of(scheduler, other)) {
				instance.getListenerManager().addJobListener(new Counter(instance.getSchedulerInstanceId(), executions, byInstance));
			}
			assertThat(other.getSchedulerInstanceId()).isNotEqualTo(scheduler.getSchedulerInstanceId());
			assertThat(other.getSchedulerName()).isEqualTo(scheduler.getSchedulerName());
			assertThat(other.getMetaData().isJobStoreClustered()).isTrue();
			assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();

			TestTenant tenant = TestTenant.create(jdbc);
			int count = 12;
			List<AppVersion> versions = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String yaml = AppFixture.freezer("Twice " + i + " " + tenant.uniqueId(), "t-" + tenant.alias());
				versions.add(tenant.asDeveloper(() -> apps.create(yaml, AppFormat.YAML)));
			}
			// The apps exist before the time is chosen, so a slow machine does not eat the lead of the schedule.
			Instant at = Instant.now().plusSeconds(8);
			List<AppDeployment> scheduled = new ArrayList<>();
			for (AppVersion version : versions) {
				scheduled.add(tenant.asDeveloper(() -> deployments.deploy(version.app(), 1, at)));
			}
			assertThat(scheduled).extracting(AppDeployment::state).containsOnly(DeploymentState.SCHEDULED);

			for (AppDeployment deployment : scheduled) {
				Await.until("deployment " + deployment.id() + " running", WAIT, () -> tenant
					.asDeveloper(() -> deployments.get(deployment.app(), deployment.id())).state() == DeploymentState.RUNNING);
			}
			Thread.sleep(3000); // room for a second firing, should there be one
			for (AppDeployment deployment : scheduled) {
				AppDeployment running = tenant.asDeveloper(() -> deployments.get(deployment.app(), deployment.id()));
				assertThat(running.transitions()).extracting(t -> t.from() + ">" + t.to() + " " + t.by())
					.containsExactly("null>SCHEDULED dev-" + tenant.alias(), "SCHEDULED>DEPLOYING scheduler",
							"DEPLOYING>RUNNING scheduler");
				assertThat(executions.get(deployment.id().toString())).as("executions of " + deployment.id()).hasValue(1);
				assertThat(events.of(AppDeploymentChanged.class, e -> e.deploymentId().equals(deployment.id())
						&& e.to() == DeploymentState.RUNNING)).hasSize(1);
			}
			PlatformNotifications notifications = new PlatformNotifications(jdbc, transactions);
			Await.until("a completion notification per deployment", WAIT,
					() -> notifications.of(tenant.id(), "deployment.finished").size() >= count);
			Thread.sleep(1000);
			List<Notification> finished = notifications.of(tenant.id(), "deployment.finished");
			assertThat(finished).extracting(n -> n.data().get("deploymentId"))
				.containsExactlyInAnyOrderElementsOf(scheduled.stream().map(d -> d.id().toString()).toList());
			assertThat(finished).allSatisfy(n -> assertThat(n.title()).startsWith("Deployment completed: Twice"));
			System.out.printf("%d scheduled deployments fired once each; executions by scheduler instance: %s%n", count,
					byInstance);
			assertThat(byInstance).as("both instances took part").hasSize(2);
			// The scheduled ones were announced as well.
			assertThat(notifications.of(tenant.id(), "deployment.changed")).hasSize(count);
		}
		finally {
			second.destroy();
		}
	}

	@Test
	void aScheduledVersionThatNoLongerValidatesFailsWithItsReasonAndTheLiveOneRuns() {
		TestTenant tenant = TestTenant.create(jdbc);
		WebhookService.Created endpoint = tenant.asDeveloper(
				() -> webhooks.register(new WebhookService.EndpointRequest("http://127.0.0.1:18099/hook", "test")));
		String yaml = AppFixture.freezer("Webhook " + tenant.uniqueId(), "t").replace("channels: [inbox]",
				"channels: [inbox, webhook]");
		AppVersion v1 = tenant.asDeveloper(() -> apps.create(yaml, AppFormat.YAML));
		assertThat(v1.validation().valid()).as(v1.validation().toString()).isTrue();
		AppDeployment live = tenant.asDeveloper(() -> deployments.deploy(v1.app(), 1, null));
		AppDeployment later = tenant.asDeveloper(() -> deployments.deploy(v1.app(), 1, Instant.now().plusSeconds(3)));
		// Before its time the tenant removes the only webhook endpoint the version's notify action sends to.
		tenant.asDeveloper(() -> {
			webhooks.remove(endpoint.endpoint().id());
			return null;
		});
		AppDeployment failed = Await.value("the scheduled deployment failed", WAIT,
				() -> tenant.asDeveloper(() -> deployments.get(v1.app(), later.id())), d -> d.state() == DeploymentState.FAILED);
		assertThat(failed.reason()).startsWith("version 1 has 1 error now: $.rules[0].actions[0].channels[1]");
		assertThat(failed.endedAt()).isNotNull();
		assertThat(failed.transitions()).extracting(t -> t.from() + ">" + t.to())
			.containsExactly("null>SCHEDULED", "SCHEDULED>DEPLOYING", "DEPLOYING>FAILED");
		assertThat(tenant.asDeveloper(() -> deployments.get(v1.app(), live.id())).state()).isEqualTo(DeploymentState.RUNNING);
		PlatformNotifications notifications = new PlatformNotifications(jdbc, transactions);
		Notification told = Await.value("the failure announced", WAIT,
				() -> notifications.of(tenant.id(), "deployment.finished").stream()
					.filter(n -> n.title().startsWith("Deployment failed")).findFirst().orElse(null),
				n -> n != null);
		assertThat(told.body()).contains("could not be deployed: version 1 has 1 error now");
		assertThat(told.priority()).isEqualTo(2);
		assertThat(told.link()).isEqualTo("/apps/" + v1.app() + "?view=deployments");
		// The version's recorded validation says so too.
		assertThat(tenant.asDeveloper(() -> apps.version(v1.app(), 1)).validation().valid()).isFalse();
	}

	@Test
	void deploymentNotificationsReachASubscribersInbox() {
		String viewer = Keycloak.token("acme-viewer");
		var current = Api.get("/api/v1/notifications/subscriptions", viewer).json();
		List<Map<String, Object>> wanted = new ArrayList<>();
		current.forEach(s -> {
			List<String> channels = new ArrayList<>();
			s.get("channels").forEach(c -> channels.add(c.asString()));
			String type = s.get("eventType").asString();
			wanted.add(Map.of("eventType", type, "channels", type.startsWith("deployment.") ? List.of("inbox") : channels));
		});
		assertThat(Api.put("/api/v1/notifications/subscriptions", viewer, Api.json(wanted)).status()).isEqualTo(200);
		assertThat(SubscriptionService.EVENT_TYPES).containsKeys("deployment.finished", "deployment.changed");

		String dev = Keycloak.token("acme-dev");
		String name = AppFixture.name("Inbox");
		String id = AppFixture.create(dev, AppFixture.freezer(name, AppFixture.tag())).json().get("app").asString();
		String path = AppFixture.APPS + "/" + id;
		assertThat(AppDeploymentApiIntegrationTests.deploy(path, dev, 1, Instant.now().plusSeconds(2)).status()).isEqualTo(201);
		Await.until("the scheduled and completed notifications in the viewer's inbox", WAIT, () -> {
			String inbox = Api.get("/api/v1/inbox", viewer).body();
			return inbox.contains("Deployment scheduled: " + name + " version 1")
					&& inbox.contains("Deployment completed: " + name + " version 1");
		});
		assertThat(Api.post(path + "/stop", dev, "{\"reason\": \"done for today\"}").status()).isEqualTo(200);
		Await.until("the stopped notification", WAIT,
				() -> Api.get("/api/v1/inbox", viewer).body().contains("Deployment stopped: " + name + " version 1"));
		// Another tenant's people hear nothing of it.
		assertThat(Api.get("/api/v1/inbox", Keycloak.token("globex-admin")).body()).doesNotContain(name);
	}

	/** A second scheduler on the same clustered job store, as a second Cirrus instance runs it. */
	private SchedulerFactoryBean secondInstance() throws Exception {
		SchedulerFactoryBean factory = new SchedulerFactoryBean();
		factory.setSchedulerName(scheduler.getSchedulerName());
		factory.setDataSource(dataSource);
		factory.setTransactionManager(transactionManager);
		SpringBeanJobFactory jobs = new SpringBeanJobFactory();
		jobs.setApplicationContext(context);
		factory.setJobFactory(jobs);
		factory.setApplicationContext(context);
		Properties properties = new Properties();
		properties.setProperty("org.quartz.scheduler.instanceId", "second-instance-" + UUID.randomUUID());
		properties.setProperty("org.quartz.jobStore.isClustered", "true");
		properties.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
		properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
		properties.setProperty("org.quartz.threadPool.threadCount", "2");
		// It learns of triggers scheduled through the other instance only by looking (no in-process signal): look
		// often (Quartz allows once a second at most), so both instances compete for the same due triggers.
		properties.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
		factory.setQuartzProperties(properties);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Counts the executions of each deployment job, and per scheduler instance. */
	private record Counter(String instance, Map<String, AtomicInteger> executions, Map<String, AtomicInteger> byInstance)
			implements JobListener {

		@Override
		public String getName() {
			return "count-" + instance;
		}

		@Override
		public void jobToBeExecuted(JobExecutionContext context) {
			executions.computeIfAbsent(context.getJobDetail().getKey().getName(), k -> new AtomicInteger()).incrementAndGet();
			byInstance.computeIfAbsent(instance, k -> new AtomicInteger()).incrementAndGet();
		}

		@Override
		public void jobExecutionVetoed(JobExecutionContext context) {
		}

		@Override
		public void jobWasExecuted(JobExecutionContext context, JobExecutionException exception) {
		}
	}
}
