package io.cirrus.app.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantId;

/** Hands calls of an app's own endpoint to the runtime, on the app's partition, as the http trigger's events. */
@Component
public class AppCalls {

	private final RuntimeEvents events;

	AppCalls(RuntimeEvents events) {
		this.events = events;
	}

	/** Completes when Kafka took the call (durable from then on), exceptionally when it did not. */
	public CompletableFuture<Void> publish(TenantId tenant, UUID app, Map<String, Object> body) {
		return events.called(tenant, app, body);
	}
}
