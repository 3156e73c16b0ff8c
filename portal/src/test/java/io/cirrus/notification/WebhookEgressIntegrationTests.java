package io.cirrus.notification;

import static io.cirrus.notification.NotificationFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.internal.WebhookSecrets;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.net.WebhookSigner;
import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.MailServer;
import io.cirrus.test.SlowReceiver;
import io.cirrus.test.TestTenant;

/**
 * Webhook egress against real receivers on 127.0.0.1 (the test profile allows loopback, nothing else private): a
 * receiver that answers 200 and trickles its body forever holds no delivery thread and delays no other tenant's
 * webhooks or e-mails; what the tenant reads about the failure is generic; signing secrets are sealed at rest and
 * rotate with an overlap in which both sign (docs/adr/0030).
 */
@CirrusIntegrationTest
class WebhookEgressIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	WebhookService webhooks;

	@Autowired
	NotificationService notifications;

	@Autowired
	RecipientRegistry recipients;

	@Autowired
	NotificationProperties properties;

	@Autowired
	WebhookSecrets secrets;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aTricklingEndpointHoldsBackNeitherAnotherTenantsWebhooksNorItsEmails() throws Exception {
		MailServer.get(); // GreenMail starts on first use
		TestTenant slowTenant = TestTenant.create(jdbc);
		TestTenant other = TestTenant.create(jdbc);
		try (SlowReceiver slow = new SlowReceiver(); HttpReceiver fast = new HttpReceiver(0)) {
			UUID slowEndpoint = slowTenant.asDeveloper(
					() -> webhooks.register(new WebhookService.EndpointRequest(slow.url("/slow"), "trickles")).endpoint().id());
			UUID fastEndpoint = other.asDeveloper(
					() -> webhooks.register(new WebhookService.EndpointRequest(fast.url("/fast"), "fine")).endpoint().id());
			for (int i = 0; i < 12; i++) {
				slowTenant.asDeveloper(() -> webhooks.sendTest(slowEndpoint));
			}
			Await.until("the trickling endpoint holding calls", WAIT, () -> slow.open() >= 1);

			long started = System.nanoTime();
			for (int i = 0; i < 6; i++) {
				other.asDeveloper(() -> webhooks.sendTest(fastEndpoint));
			}
			String title = "egress-mail-" + UUID.randomUUID();
			other.asDeveloper(() -> {
				recipients.putExternal("ext:ops", new RecipientRegistry.ExternalRecipient(null, Set.of(), "ops@" + other.alias() + ".example", null));
				return notifications.send(new NotificationRequest(List.of("ext:ops"), null, List.of("email"), "high", title,
						"still flowing", null, null, null, null, null, null));
			});
			Await.until("the other tenant's six webhooks", WAIT, () -> fast.received().size() >= 6);
			Await.until("the other tenant's e-mail", WAIT, () -> java.util.Arrays.stream(MailServer.get().getReceivedMessages())
				.anyMatch(m -> subject(m).equals(title)));
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			System.out.printf("egress: another tenant's 6 webhooks and 1 e-mail arrived in %d ms while %d calls trickled%n",
					took.toMillis(), slow.open());
			assertThat(took).as("beside a trickling endpoint (deadline %s)", properties.webhook().timeout())
				.isLessThan(properties.webhook().timeout());

			// The trickling calls end at the deadline; what the tenant reads names neither address nor port.
			List<DeliveryView> failed = Await.value("the trickling deliveries recorded as timed out", WAIT.multipliedBy(2),
					() -> slowTenant.asDeveloper(() -> webhooks.recentDeliveries(slowEndpoint, 50)),
					list -> list.stream().anyMatch(d -> d.lastError() != null && d.lastError().startsWith("timed out")));
			assertThat(failed).allSatisfy(d -> {
				if (d.lastError() != null) {
					assertThat(d.lastError()).doesNotContain("127.0.0.1").doesNotContain(Integer.toString(slow.port()))
						.doesNotContain("Exception");
				}
			});
		}
	}

	@Test
	void privateAndSpecialPurposeTargetsAreRefusedAtRegistrationWithoutEchoingTheirAddress() {
		String dev = token("acme-dev");
		for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data", "http://[fd00::1]/hook",
				"http://[64:ff9b::a00:1]/hook", "http://[2002:a00:1::1]/hook", "http://198.18.0.1/hook", "http://0.0.0.0:8080/")) {
			Api.Answer answer = Api.post("/api/v1/webhooks", dev, Api.json(Map.of("url", url)));
			assertThat(answer.status()).as(url).isEqualTo(400);
			assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
			assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("url");
			assertThat(answer.json().at("/errors/0/message").asString()).as(url).contains("special-purpose address");
		}
	}

	@Test
	void aStoredDeliveryErrorForAnInternalPortIsGeneric() throws Exception {
		TestTenant tenant = TestTenant.create(jdbc);
		int closed;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		UUID endpoint = tenant.asDeveloper(() -> webhooks
			.register(new WebhookService.EndpointRequest("http://127.0.0.1:" + closed + "/x", "nothing listens")).endpoint().id());
		tenant.asDeveloper(() -> webhooks.sendTest(endpoint));
		List<DeliveryView> deliveries = Await.value("the failure recorded", WAIT,
				() -> tenant.asDeveloper(() -> webhooks.recentDeliveries(endpoint, 5)),
				list -> list.stream().anyMatch(d -> d.lastError() != null));
		assertThat(deliveries.getFirst().lastError()).isEqualTo("connection refused");
	}

	@Test
	void signingSecretsAreSealedAtRestAndRotateWithAnOverlapInWhichBothSign() throws Exception {
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String dev = token("acme-dev");
			Api.Answer registered = Api.post("/api/v1/webhooks", dev, Api.json(Map.of("url", receiver.url("/rotate"))));
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			String first = registered.json().get("secret").asString();
			String endpoint = registered.json().at("/endpoint/id").asString();
			UUID tenant = UUID.fromString(acmeTenant());
			String stored = storedSecret(tenant, UUID.fromString(endpoint));
			assertThat(stored).startsWith("enc1:").doesNotContain(first.substring(6));

			// Another tenant's endpoint is as if it did not exist; a viewer may not rotate.
			assertThat(Api.post("/api/v1/webhooks/" + endpoint + "/secret", token("globex-dev"), "").status()).isEqualTo(404);
			Api.Answer viewer = Api.post("/api/v1/webhooks/" + endpoint + "/secret", token("acme-viewer"), "");
			assertThat(viewer.status()).isEqualTo(403);
			assertThat(viewer.header("Content-Type")).startsWith("application/problem+json");

			Api.Answer rotated = Api.post("/api/v1/webhooks/" + endpoint + "/secret", dev, "");
			assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
			String second = rotated.json().get("secret").asString();
			assertThat(second).startsWith("whsec_").isNotEqualTo(first);
			assertThat(rotated.json().get("previousSignsUntil").asString()).isNotBlank();
			assertThat(Api.get("/api/v1/webhooks/" + endpoint, dev).body()).doesNotContain(second).doesNotContain(first);

			assertThat(Api.post("/api/v1/webhooks/" + endpoint + "/test", dev, "").status()).isEqualTo(202);
			Await.until("the test event", WAIT, () -> !receiver.received().isEmpty());
			HttpReceiver.Received event = receiver.received().getFirst();
			String id = event.header("webhook-id");
			long timestamp = Long.parseLong(event.header("webhook-timestamp"));
			assertThat(event.header("webhook-signature").split(" ")).containsExactly(
					WebhookSigner.sign(second, id, timestamp, event.body()), WebhookSigner.sign(first, id, timestamp, event.body()));
			Api.delete("/api/v1/webhooks/" + endpoint, dev);
		}
	}

	@Test
	void plainSecretsFromBeforeAreSealedByTheRewrapAndStillSign() throws Exception {
		TestTenant tenant = TestTenant.create(jdbc);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			UUID endpoint = tenant.asDeveloper(
					() -> webhooks.register(new WebhookService.EndpointRequest(receiver.url("/old"), "old")).endpoint().id());
			String plain = WebhookSigner.newSecret();
			TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(tx -> jdbc
				.sql("update webhook_endpoint set secret = ? where tenant_id = ? and id = ?")
				.params(plain, tenant.id().value(), endpoint)
				.update()));
			assertThat(secrets.rewrapAll()).isPositive();
			assertThat(storedSecret(tenant.id().value(), endpoint)).startsWith("enc1:").doesNotContain(plain.substring(6));
			tenant.asDeveloper(() -> webhooks.sendTest(endpoint));
			Await.until("the test event", WAIT, () -> !receiver.received().isEmpty());
			HttpReceiver.Received event = receiver.received().getFirst();
			assertThat(event.header("webhook-signature")).isEqualTo(WebhookSigner.sign(plain, event.header("webhook-id"),
					Long.parseLong(event.header("webhook-timestamp")), event.body()));
		}
	}

	private String storedSecret(UUID tenant, UUID endpoint) {
		return TenantContext.callAs(new io.cirrus.shared.TenantId(tenant), () -> transactions.execute(tx -> jdbc
			.sql("select secret from webhook_endpoint where tenant_id = ? and id = ?")
			.params(tenant, endpoint)
			.query(String.class)
			.single()));
	}

	private String acmeTenant() {
		return jdbc.sql("select id::text from tenant where alias = 'acme'").query(String.class).single();
	}

	private static String subject(jakarta.mail.internet.MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException e) {
			return "";
		}
	}
}
