package io.cirrus.app;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cirrus.shared.TenantId;
import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.Keycloak;
import io.cirrus.test.TestTenant;

/** Deploying apps of the acme tenant in-process and waiting for the apps runtime's consumers. */
final class RuntimeFixture {

	static final String RUNTIME = "app-runtime";

	private RuntimeFixture() {
	}

	/** The acme tenant (made on its users' first sign-in), to act in-process as one of its developers. */
	static TestTenant acme(JdbcClient jdbc) {
		String id = Api.get("/api/v1/me", Keycloak.token("acme-dev")).json().get("tenant").get("id").asString();
		return new TestTenant(new TenantId(UUID.fromString(id)), "acme");
	}

	static AppDeployment deploy(TestTenant tenant, AppDeployments deployments, String app, int version) {
		AppDeployment deployed = tenant.asDeveloper(() -> deployments.deploy(UUID.fromString(app), version, null));
		if (deployed.state() != DeploymentState.RUNNING) {
			throw new IllegalStateException("The deployment is " + deployed.state() + ": " + deployed.reason());
		}
		return deployed;
	}

	/** Waits until the runtime's consumers hold their partitions (a new group reads from the end of the log). */
	static void runtimeAssigned(KafkaListenerEndpointRegistry registry) {
		MessageListenerContainer container = registry.getListenerContainer(RUNTIME);
		Await.until("the apps runtime holds its partitions", Duration.ofSeconds(60),
				() -> container != null && container.isRunning() && container.getAssignedPartitions() != null
						&& !container.getAssignedPartitions().isEmpty());
	}

	/**
	 * Stops the runtime's consumers (their partitions are revoked, their state dropped) and starts them again (health's
	 * recovery loop may be first): their state comes back from the checkpoint.
	 */
	static void restartRuntime(KafkaListenerEndpointRegistry registry) {
		MessageListenerContainer container = registry.getListenerContainer(RUNTIME);
		CountDownLatch stopped = new CountDownLatch(1);
		container.stop(stopped::countDown);
		try {
			if (!stopped.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the apps runtime did not stop within 30 s");
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		container.start();
		runtimeAssigned(registry);
	}
}
