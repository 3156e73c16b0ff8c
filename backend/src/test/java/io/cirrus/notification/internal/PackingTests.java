package io.cirrus.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import io.cirrus.shared.TenantId;

/** Several outbox rows in one broker message (docs/adr/0016): how the relay packs them, and the wire format. */
class PackingTests {

	static final TenantId A = TenantId.random();

	static final TenantId B = TenantId.random();

	static Dispatcher.Row row(long id, String lane, int priority, long first, long last) {
		return new Dispatcher.Row(id, A, UUID.randomUUID(), lane, priority, first, last);
	}

	@Test
	void consecutiveRowsOfOneLaneAndPriorityShareAMessageUpToTheLimits() {
		List<Dispatcher.Row> rows = List.of(row(1, "inbox", 3, 1, 1), row(2, "inbox", 1, 2, 2), row(3, "inbox", 1, 3, 3),
				row(4, "inbox", 1, 4, 4), row(5, "email", 1, 5, 5), row(6, "inbox.bulk", 1, 10, 1009),
				row(7, "inbox.bulk", 1, 1010, 2009));
		List<List<Dispatcher.Row>> packs = Dispatcher.pack(rows, 2, 1000);
		// urgent alone; two normal in-portal per message (row limit); e-mail apart; a full bulk page per message
		assertThat(packs).extracting(p -> p.stream().map(Dispatcher.Row::id).toList())
			.containsExactly(List.of(1L), List.of(2L, 3L), List.of(4L), List.of(5L), List.of(6L), List.of(7L));
	}

	@Test
	void packingOffSendsEveryRowAlone() {
		List<Dispatcher.Row> rows = List.of(row(1, "inbox", 1, 1, 1), row(2, "inbox", 1, 2, 2));
		assertThat(Dispatcher.pack(rows, 1, 1000)).hasSize(2);
		assertThat(Dispatcher.pack(List.of(), 100, 1000)).isEmpty();
	}

	@Test
	void aPackedMessageReadsBackSegmentBySegmentWithItsPriority() {
		UUID n1 = UUID.randomUUID();
		UUID n2 = UUID.randomUUID();
		List<DeliveryMessage> segments = List.of(new DeliveryMessage(A, n1, "inbox", 1, 1),
				new DeliveryMessage(B, n2, "inbox", 7, 9));
		Message message = DeliveryMessage.toMessage(segments, 3, 2);
		assertThat(message.getMessageProperties().getPriority()).isEqualTo(3);
		assertThat(DeliveryMessage.attempt(message)).isEqualTo(2);
		assertThat(DeliveryMessage.all(message)).containsExactlyElementsOf(segments);
		// one segment keeps the single form
		Message single = DeliveryMessage.toMessage(segments.subList(0, 1), 1, 1);
		assertThat(new String(single.getBody(), StandardCharsets.UTF_8)).doesNotContain("\"s\"");
		assertThat(DeliveryMessage.all(single)).containsExactly(segments.getFirst());
	}

	@Test
	void aMessageOfTheEarlierSingleSegmentFormStillReads() {
		UUID n = UUID.randomUUID();
		Message earlier = new Message(("{\"t\":\"" + A + "\",\"n\":\"" + n + "\",\"c\":\"email\",\"f\":4,\"l\":8}")
			.getBytes(StandardCharsets.UTF_8), new MessageProperties());
		assertThat(DeliveryMessage.all(earlier)).containsExactly(new DeliveryMessage(A, n, "email", 4, 8));
	}

	@Test
	void onePoisonedSegmentRejectsTheWholeMessage() {
		Message bad = new Message(("{\"c\":\"inbox\",\"s\":[{\"t\":\"" + A + "\",\"n\":\"" + UUID.randomUUID()
				+ "\",\"f\":1,\"l\":1},{\"t\":\"" + A + "\",\"f\":2,\"l\":2}]}").getBytes(StandardCharsets.UTF_8),
				new MessageProperties());
		assertThatThrownBy(() -> DeliveryMessage.all(bad)).isInstanceOf(IllegalArgumentException.class);
		Message mixed = new Message("{\"c\":\"inbox\",\"s\":[]}".getBytes(StandardCharsets.UTF_8), new MessageProperties());
		assertThatThrownBy(() -> DeliveryMessage.all(mixed)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> DeliveryMessage.toMessage(List.of(new DeliveryMessage(A, UUID.randomUUID(), "inbox", 1, 1),
				new DeliveryMessage(A, UUID.randomUUID(), "email", 2, 2)), 1, 1)).isInstanceOf(IllegalArgumentException.class);
	}
}
