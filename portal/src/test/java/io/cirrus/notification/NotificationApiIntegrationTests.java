package io.cirrus.notification;

import static io.cirrus.notification.NotificationFixture.NOTIFICATIONS;
import static io.cirrus.notification.NotificationFixture.assertProblem;
import static io.cirrus.notification.NotificationFixture.awaitDone;
import static io.cirrus.notification.NotificationFixture.inboxTo;
import static io.cirrus.notification.NotificationFixture.send;
import static io.cirrus.notification.NotificationFixture.token;
import static io.cirrus.notification.NotificationFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.health.AlarmRaised;
import io.cirrus.health.Severity;
import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.MailServer;
import io.cirrus.test.HttpReceiver;
import io.cirrus.shared.TenantId;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/** The notification API against the real services: on-demand, batch, broadcast, channels, roles and bad input. */
@CirrusIntegrationTest
class NotificationApiIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void developerSendsToAUsersInboxAndReadsThePerRecipientState() {
		String dev = token("acme-dev");
		String title = unique("Pump");
		JsonNode created = send(dev, inboxTo(title, "user:acme-viewer", "user:acme-admin"));
		String id = created.get("id").asString();
		assertThat(created.get("total").asInt()).isEqualTo(2);

		JsonNode done = awaitDone(dev, id, WAIT);
		assertThat(done.at("/notification/delivered").asInt()).isEqualTo(2);
		assertThat(done.at("/deliveries/items").valueStream().map(d -> d.get("state").asString())).containsOnly("delivered");
		assertThat(done.at("/deliveries/items").valueStream().map(d -> d.get("channel").asString())).containsOnly("inbox");

		String viewer = token("acme-viewer");
		JsonNode inbox = Api.get("/api/v1/inbox?unread=true", viewer).json();
		JsonNode entry = inbox.valueStream().filter(i -> i.get("title").asString().equals(title)).findFirst().orElseThrow();
		int unread = Api.get("/api/v1/inbox/unread-count", viewer).json().get("unread").asInt();
		assertThat(unread).isPositive();
		assertThat(Api.post("/api/v1/inbox/" + entry.get("id").asLong() + "/read", viewer, "").status()).isEqualTo(204);
		assertThat(Api.get("/api/v1/inbox/unread-count", viewer).json().get("unread").asInt()).isEqualTo(unread - 1);
		// Marking someone else's entry is as if it did not exist.
		assertThat(Api.post("/api/v1/inbox/" + entry.get("id").asLong() + "/read", token("globex-viewer"), "").status())
			.isEqualTo(404);
	}

	@Test
	void sameIdempotencyKeyAnswersTheFirstNotification() {
		String dev = token("acme-dev");
		Map<String, Object> request = new java.util.HashMap<>(inboxTo(unique("Once"), "user:acme-viewer"));
		request.put("idempotencyKey", unique("key"));
		JsonNode first = send(dev, request);
		Api.Answer again = Api.post(NOTIFICATIONS, dev, Api.json(request));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("id").asString()).isEqualTo(first.get("id").asString());
	}

	@Test
	void templateIsFilledFromDataAndUrgentPriorityIsKept() {
		String dev = token("acme-admin");
		JsonNode created = send(dev, Map.of("recipients", List.of("user:acme-dev"), "channels", List.of("inbox"), "title",
				"Boiler", "template", "Temperature {{temp}} at {{site}}", "data", Map.of("temp", "93", "site", "Lisbon"),
				"priority", "urgent"));
		assertThat(created.get("body").asString()).isEqualTo("Temperature 93 at Lisbon");
		assertThat(created.get("priority").asString()).isEqualTo("urgent");
	}

	@Test
	void viewerMayNotSend() {
		Api.Answer answer = Api.post(NOTIFICATIONS, token("acme-viewer"), Api.json(inboxTo("x", "user:acme-dev")));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(Api.post(NOTIFICATIONS + "/broadcast", token("acme-viewer"),
				Api.json(Map.of("target", "all", "channels", List.of("inbox"), "title", "x"))).status()).isEqualTo(403);
		assertThat(Api.post("/api/v1/webhooks", token("acme-viewer"), Api.json(Map.of("url", "http://127.0.0.1:1/x")))
			.status()).isEqualTo(403);
	}

	@Test
	void anotherTenantsNotificationIsNotFoundOnEveryEndpoint() {
		String acme = token("acme-dev");
		String id = send(acme, inboxTo(unique("Secret"), "user:acme-viewer")).get("id").asString();
		JsonNode delivery = awaitDone(acme, id, WAIT).at("/deliveries/items/0");
		String globex = token("globex-admin");
		assertThat(Api.get(NOTIFICATIONS + "/" + id, globex).status()).isEqualTo(404);
		assertThat(Api.get(NOTIFICATIONS + "/" + id + "/deliveries", globex).status()).isEqualTo(404);
		assertThat(Api.post(NOTIFICATIONS + "/" + id + "/cancel", globex, "").status()).isEqualTo(404);
		assertThat(Api.post(NOTIFICATIONS + "/" + id + "/deliveries/" + delivery.get("id").asLong() + "/retry", globex, "")
			.status()).isEqualTo(404);
		assertThat(Api.get(NOTIFICATIONS, globex).body()).doesNotContain(id);
		// Nor can Globex address Acme's users.
		assertProblem(Api.post(NOTIFICATIONS, globex, Api.json(inboxTo("x", "user:acme-viewer"))), 400, "recipients");

		String endpoint = Api.post("/api/v1/webhooks", acme, Api.json(Map.of("url", "http://127.0.0.1:9/hook")))
			.json()
			.at("/endpoint/id")
			.asString();
		assertThat(Api.get("/api/v1/webhooks/" + endpoint, globex).status()).isEqualTo(404);
		assertThat(Api.post("/api/v1/webhooks/" + endpoint + "/test", globex, "").status()).isEqualTo(404);
		assertThat(Api.get("/api/v1/webhooks/" + endpoint + "/deliveries", globex).status()).isEqualTo(404);
		assertThat(Api.delete("/api/v1/webhooks/" + endpoint, globex).status()).isEqualTo(404);
		assertThat(Api.delete("/api/v1/webhooks/" + endpoint, acme).status()).isEqualTo(204);

		Api.put("/api/v1/recipients/ext:acme-only", acme, Api.json(Map.of("tags", List.of("x"))));
		assertThat(Api.get("/api/v1/recipients/ext:acme-only", globex).status()).isEqualTo(404);
		assertThat(Api.delete("/api/v1/recipients/ext:acme-only", globex).status()).isEqualTo(404);
	}

	@Test
	void badInputIsRefusedSayingWhatIsWrong() {
		String dev = token("acme-dev");
		assertProblem(Api.post(NOTIFICATIONS + "/broadcast", dev,
				Api.json(Map.of("target", "tag:floor-3 && (role:viewer", "channels", List.of("inbox"), "title", "x"))), 400,
				"position");
		assertProblem(Api.post(NOTIFICATIONS + "/broadcast", dev,
				Api.json(Map.of("target", "role:janitor", "channels", List.of("inbox"), "title", "x"))), 400, "janitor");
		assertProblem(Api.post(NOTIFICATIONS, dev,
				Api.json(Map.of("recipients", List.of("user:acme-viewer"), "channels", List.of("pigeon"), "title", "x"))),
				400, "channels[0]");
		assertProblem(Api.post(NOTIFICATIONS, dev, Api.json(Map.of("recipients", List.of("user:acme-viewer"), "channels",
				List.of("inbox"), "title", "x", "body", "b".repeat(5000)))), 400, "body");
		assertProblem(Api.post(NOTIFICATIONS, dev, Api.json(Map.of("recipients", List.of("user:acme-viewer"), "channels",
				List.of("inbox"), "title", "x", "priority", "panic"))), 400, "priority");
		assertProblem(Api.post(NOTIFICATIONS, dev, Api.json(Map.of("recipients", List.of("nobody"), "channels",
				List.of("inbox"), "title", "x"))), 400, "recipients[0]");
		assertProblem(Api.post(NOTIFICATIONS, dev, "{\"title\": "), 400, "JSON");
		assertProblem(Api.post(NOTIFICATIONS, dev, Api.json(Map.of("recipients", List.of("user:acme-viewer"), "channels",
				List.of("inbox"), "title", "x", "link", "javascript:alert(document.cookie)"))), 400, "link");
		assertProblem(Api.post("/api/v1/webhooks", dev, Api.json(Map.of("url", "ftp://example.com/x"))), 400, "http");
		assertProblem(Api.post("/api/v1/notifications/targets/preview", dev, Api.json(Map.of("target", "tag:"))), 400,
				"position");
	}

	@Test
	void concurrentSendsShareCommitsYetEachGetsItsOwnAnswer() throws Exception {
		// Requests arriving together are written in shared transactions (docs/adr/0016): a bad one among them and
		// two racing with one idempotency key must still each get their own, right answer.
		String dev = token("acme-dev");
		String key = unique("race");
		List<Map<String, Object>> requests = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			requests.add(inboxTo(unique("Together" + i), i % 2 == 0 ? "user:acme-viewer" : "user:acme-admin"));
		}
		requests.add(inboxTo(unique("Stray"), "user:acme-viewer", "ext:nobody-here"));
		for (int i = 0; i < 2; i++) {
			Map<String, Object> keyed = new java.util.HashMap<>(inboxTo(unique("Keyed"), "user:acme-viewer"));
			keyed.put("idempotencyKey", key);
			requests.add(keyed);
		}
		List<Api.Answer> answers;
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(requests.size())) {
			java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
			List<java.util.concurrent.Future<Api.Answer>> futures = new ArrayList<>();
			for (Map<String, Object> request : requests) {
				futures.add(pool.submit(() -> {
					start.await();
					return Api.post(NOTIFICATIONS, dev, Api.json(request));
				}));
			}
			start.countDown();
			answers = new ArrayList<>();
			for (var future : futures) {
				answers.add(future.get());
			}
		}
		for (int i = 0; i < 30; i++) {
			assertThat(answers.get(i).status()).as(answers.get(i).body()).isEqualTo(202);
			assertThat(answers.get(i).json().get("total").asInt()).isEqualTo(1);
		}
		assertProblem(answers.get(30), 400, "ext:nobody-here");
		Api.Answer first = answers.get(31);
		Api.Answer second = answers.get(32);
		assertThat(List.of(first.status(), second.status())).containsExactlyInAnyOrder(202, 200);
		assertThat(first.json().get("id").asString()).isEqualTo(second.json().get("id").asString());
		for (int i = 0; i < 32; i++) {
			if (i == 30) {
				continue;
			}
			JsonNode done = awaitDone(dev, answers.get(i).json().get("id").asString(), WAIT);
			assertThat(done.at("/notification/delivered").asInt()).isEqualTo(1);
		}
		// The stray one left nothing behind: its title is in no inbox.
		String stray = (String) requests.get(30).get("title");
		assertThat(Api.get("/api/v1/inbox", token("acme-viewer")).body()).doesNotContain(stray);
	}

	@Test
	void batchAnswersPerItemAndRefusesMoreThanTenOr256KiB() {
		String dev = token("acme-dev");
		List<Object> items = List.of(inboxTo(unique("B1"), "user:acme-viewer"),
				Map.of("recipients", List.of("user:acme-viewer"), "channels", List.of("fax"), "title", "bad"),
				inboxTo(unique("B3"), "user:acme-admin"));
		Api.Answer answer = Api.post(NOTIFICATIONS + "/batch", dev, Api.json(items));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		List<Integer> statuses = answer.json().valueStream().map(r -> r.get("status").asInt()).toList();
		assertThat(statuses).containsExactly(202, 400, 202);
		assertThat(answer.json().get(1).at("/problem/detail").asString()).contains("fax");

		List<Object> eleven = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			eleven.add(inboxTo("n" + i, "user:acme-viewer"));
		}
		assertProblem(Api.post(NOTIFICATIONS + "/batch", dev, Api.json(eleven)), 400, "at most 10");
		List<Object> huge = List.of(Map.of("recipients", List.of("user:acme-viewer"), "channels", List.of("inbox"),
				"title", "big", "body", "x".repeat(300_000)));
		Api.Answer tooBig = Api.post(NOTIFICATIONS + "/batch", dev, Api.json(huge));
		assertProblem(tooBig, 413, "256 KiB");
		assertThat(tooBig.json().get("limitBytes").asInt()).isEqualTo(262144);
	}

	@Test
	void broadcastExpandsATargetOverTagsShowsProgressAndPreviewCounts() {
		String dev = token("acme-dev");
		String tag = unique("floor");
		for (int i = 0; i < 30; i++) {
			List<String> tags = i % 3 == 0 ? List.of(tag, "test") : List.of(tag);
			assertThat(Api.put("/api/v1/recipients/ext:" + tag + "-" + i, dev, Api.json(Map.of("tags", tags))).status())
				.isEqualTo(200);
		}
		String target = "tag:" + tag + " && !tag:test";
		assertThat(Api.post(NOTIFICATIONS + "/targets/preview", dev, Api.json(Map.of("target", target))).json()
			.get("recipients")
			.asInt()).isEqualTo(20);
		Api.Answer created = Api.post(NOTIFICATIONS + "/broadcast", dev,
				Api.json(Map.of("target", target, "channels", List.of("inbox"), "title", unique("Evacuate"), "priority", "high")));
		assertThat(created.status()).as(created.body()).isEqualTo(202);
		JsonNode done = awaitDone(dev, created.json().get("id").asString(), WAIT);
		assertThat(done.at("/notification/total").asInt()).isEqualTo(20);
		assertThat(done.at("/notification/delivered").asInt()).isEqualTo(20);
		assertThat(done.at("/deliveries/items").valueStream().map(d -> d.get("recipient").asString()))
			.allMatch(r -> r.startsWith("ext:" + tag)).noneMatch(r -> r.endsWith("-0") || r.endsWith("-3"));
	}

	@Test
	void scheduledBroadcastCanBeCancelledBeforeItStarts() {
		String dev = token("acme-dev");
		Api.Answer created = Api.post(NOTIFICATIONS + "/broadcast", dev, Api.json(Map.of("target", "all", "channels",
				List.of("inbox"), "title", unique("Later"), "sendAt", Instant.now().plusSeconds(3600).toString())));
		assertThat(created.status()).isEqualTo(202);
		String id = created.json().get("id").asString();
		JsonNode cancelled = Api.post(NOTIFICATIONS + "/" + id + "/cancel", dev, "").json();
		assertThat(cancelled.get("state").asString()).isEqualTo("cancelled");
		assertThat(cancelled.get("queued").asInt()).isZero();
	}

	@Test
	void subscribersHearOfPlatformEventsOnTheChannelsTheyChose() throws Exception {
		String viewer = token("acme-viewer");
		Api.Answer put = Api.put(NOTIFICATIONS + "/subscriptions", viewer,
				Api.json(List.of(Map.of("eventType", "alarm.raised", "channels", List.of("inbox", "email")))));
		assertThat(put.status()).as(put.body()).isEqualTo(200);
		assertProblem(Api.put(NOTIFICATIONS + "/subscriptions", viewer,
				Api.json(List.of(Map.of("eventType", "coffee.ready", "channels", List.of("inbox"))))), 400, "eventType");
		TenantId acme = TenantId.of(Api.get("/api/v1/me", viewer).json().at("/tenant/id").asString());
		MailServer.get();
		String rule = unique("Pressure");
		String title = "MAJOR alarm: " + rule;
		// As health publishes it: in the transaction that raised the alarm.
		transactions.executeWithoutResult(tx -> events.publishEvent(new AlarmRaised(acme, UUID.randomUUID(), null, rule,
				"pump-1", "Pump 1", Severity.MAJOR, "Pressure high", 9.5, Instant.now())));
		Await.until("the alarm in the viewer's inbox", WAIT, () -> Api.get("/api/v1/inbox", viewer).body().contains(title));
		Await.until("the alarm e-mail", WAIT, () -> subjects().contains(title));
		// Nobody else subscribed: the developer's inbox stays without it.
		assertThat(Api.get("/api/v1/inbox", token("acme-dev")).body()).doesNotContain(title);
	}

	@Test
	void emailAndSmsAreDeliveredThroughRealPeersWithAnAudioLink() throws Exception {
		MailServer.get();
		HttpReceiver sms = HttpReceiver.shared(18026);
		String dev = token("acme-dev");
		byte[] wav = wav(2000);
		Api.Answer upload = Api.postBytes(NOTIFICATIONS + "/audio", dev, "audio/wav", wav);
		assertThat(upload.status()).as(upload.body()).isEqualTo(201);
		String audioId = upload.json().get("id").asString();
		Api.put("/api/v1/recipients/ext:oncall", dev,
				Api.json(Map.of("email", "oncall@acme.example", "phone", "+4915112345678", "tags", List.of("oncall"))));
		String title = unique("Leak");
		JsonNode created = send(dev, Map.of("recipients", List.of("ext:oncall"), "channels", List.of("email", "sms"),
				"title", title, "body", "Water on floor 3", "audioId", audioId));
		awaitDone(dev, created.get("id").asString(), WAIT);

		MimeMessage mail = java.util.Arrays.stream(MailServer.get().getReceivedMessages())
			.filter(m -> subject(m).equals(title))
			.findFirst()
			.orElseThrow();
		String text = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
		assertThat(mail.getHeader("Message-ID")[0]).startsWith("<delivery-");
		String link = text.substring(text.indexOf("http://localhost:18080/api/v1/audio/")).split("\\s")[0].replace("=\r\n", "");
		Api.Answer clip = Api.get(link.substring("http://localhost:18080".length()), null);
		assertThat(clip.status()).isEqualTo(200);
		assertThat(clip.contentType()).isEqualTo("audio/wav");
		assertThat(Api.get(link.substring("http://localhost:18080".length()).replace("signature=", "signature=x"), null)
			.status()).isEqualTo(403);

		HttpReceiver.Received text1 = sms.received().stream().filter(r -> r.body().contains(title)).findFirst().orElseThrow();
		assertThat(text1.header("X-Api-Key")).isEqualTo("test-sms-key");
		assertThat(text1.body()).contains("+4915112345678", "/api/v1/audio/");
	}

	@Test
	void audioThatIsNotAudioOrTooLargeIsRefused() {
		String dev = token("acme-dev");
		assertThat(Api.postBytes(NOTIFICATIONS + "/audio", dev, "audio/wav", "hello".getBytes()).status()).isEqualTo(415);
		Api.Answer big = Api.postBytes(NOTIFICATIONS + "/audio", dev, "audio/wav", wav(1024 * 1024 + 10));
		assertProblem(big, 413, "1 MiB");
		assertProblem(Api.post(NOTIFICATIONS, dev, Api.json(Map.of("recipients", List.of("user:acme-viewer"), "channels",
				List.of("inbox"), "title", "x", "audioId", java.util.UUID.randomUUID().toString()))), 400, "audioId");
	}

	@Test
	void webhooksReceiveSignedCloudEventsAndTheTestButtonWorks() throws Exception {
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String dev = token("acme-dev");
			Api.Answer registered = Api.post("/api/v1/webhooks", dev,
					Api.json(Map.of("url", receiver.url("/hooks"), "description", "ops")));
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			String secret = registered.json().get("secret").asString();
			String endpoint = registered.json().at("/endpoint/id").asString();
			assertThat(Api.get("/api/v1/webhooks", dev).body()).doesNotContain(secret);
			assertThat(Api.post("/api/v1/webhooks/" + endpoint + "/test", dev, "").status()).isEqualTo(202);
			Await.until("the test event", WAIT, () -> !receiver.received().isEmpty());
			HttpReceiver.Received event = receiver.received().getFirst();
			String id = event.header("webhook-id");
			long timestamp = Long.parseLong(event.header("webhook-timestamp"));
			assertThat(event.header("webhook-signature"))
				.isEqualTo(io.cirrus.shared.net.WebhookSigner.sign(secret, id, timestamp, event.body()));
			JsonNode cloudEvent = tools.jackson.databind.json.JsonMapper.builder().build().readTree(event.body());
			assertThat(cloudEvent.get("specversion").asString()).isEqualTo("1.0");
			assertThat(cloudEvent.get("id").asString()).isEqualTo(id);
			assertThat(cloudEvent.at("/data/title").asString()).isEqualTo("Test from Cirrus");
			Await.until("the delivery recorded", WAIT, () -> Api.get("/api/v1/webhooks/" + endpoint + "/deliveries", dev)
				.json()
				.valueStream()
				.anyMatch(d -> d.get("state").asString().equals("delivered")));
			Api.delete("/api/v1/webhooks/" + endpoint, dev);
		}
	}

	static byte[] wav(int size) {
		byte[] bytes = new byte[size];
		System.arraycopy("RIFF".getBytes(), 0, bytes, 0, 4);
		System.arraycopy("WAVEfmt ".getBytes(), 0, bytes, 8, 8);
		return bytes;
	}

	private static List<String> subjects() {
		return java.util.Arrays.stream(MailServer.get().getReceivedMessages()).map(NotificationApiIntegrationTests::subject).toList();
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException e) {
			return "";
		}
	}
}
