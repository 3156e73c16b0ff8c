package io.cirrus.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProblems.FieldError;
import io.cirrus.notification.internal.AudioStore;
import io.cirrus.notification.internal.DirectWriter;
import io.cirrus.notification.internal.Dispatcher;
import io.cirrus.notification.internal.NotificationStore;
import io.cirrus.notification.internal.NotificationStore.NewNotification;
import io.cirrus.notification.internal.UserSync;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Sending notifications: on-demand, in batches and as broadcasts; reading them back with their per-recipient
 * states; cancelling broadcasts. The request and one delivery row per (recipient, channel) are written, with the
 * outbox rows that publish them, in one transaction before anything reaches RabbitMQ (docs/adr/0011).
 */
@Service
public class NotificationService {

	private static final String SENDERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "')";

	private static final Pattern RECIPIENT = Pattern.compile("(user|device|ext):[A-Za-z0-9._@-]{1,120}");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

	private static final int MAX_RECIPIENTS = 1000;

	private final NotificationStore store;

	private final TransactionTemplate transactions;

	private final Dispatcher dispatcher;

	private final DirectWriter writer;

	private final UserSync users;

	private final AudioStore audio;

	private final NotificationProperties properties;

	private final Clock clock;

	NotificationService(NotificationStore store, TransactionTemplate transactions, Dispatcher dispatcher,
			DirectWriter writer, UserSync users, AudioStore audio, NotificationProperties properties, Clock clock) {
		this.writer = writer;
		this.store = store;
		this.transactions = transactions;
		this.dispatcher = dispatcher;
		this.users = users;
		this.audio = audio;
		this.properties = properties;
		this.clock = clock;
	}

	/** The answer to a send: the notification, and whether this call created it (false: idempotent replay). */
	public record Sent(NotificationView notification, boolean created) {
	}

	/** Sends a notification now (or at {@code sendAt}) to explicit recipients or a target's (small) audience. */
	@PreAuthorize(SENDERS)
	public Sent send(NotificationRequest request) {
		TenantId tenant = TenantContext.require();
		Draft draft = validate(tenant, request, false);
		Optional<Sent> replay = replay(tenant, draft);
		if (replay.isPresent()) {
			return replay.get();
		}
		if (draft.needsUsers()) {
			users.refresh(tenant);
		}
		UUID id = UUID.randomUUID();
		NotificationView sent;
		try {
			if (draft.target() == null && !draft.channels().contains("webhook")) {
				// The on-demand hot path: explicit recipients, personal channels, group commit (docs/adr/0016).
				NewNotification n = draft.toNew(id, tenant, "direct", "dispatched", null);
				DirectWriter.Written written = writer.write(n, draft.recipients());
				sent = new NotificationView(id, n.kind(), n.state(), draft.priority().name().toLowerCase(Locale.ROOT),
						draft.channels(), n.title(), n.body(), n.link(), Map.<String, Object>copyOf(n.data()), null,
						n.audioId(), n.idempotencyKey(), n.sendAt(), written.createdAt(), n.createdBy(), written.total(),
						written.total(), 0, 0, null);
			}
			else {
				// Targets and webhooks: resolved and written step by step.
				sent = transactions.execute(tx -> {
					store.insert(draft.toNew(id, tenant, "direct", "dispatched", null));
					List<String> recipients = resolve(tenant, draft);
					List<String> personal = draft.channels().stream().filter(c -> !c.equals("webhook")).toList();
					int total = 0;
					if (!personal.isEmpty() && !recipients.isEmpty()) {
						total += store.insertDeliveries(tenant, id, recipients, personal);
					}
					if (draft.channels().contains("webhook")) {
						total += store.insertWebhookDeliveries(tenant, id, null);
					}
					if (total > 0) {
						store.insertDispatch(tenant, id, draft.priority(), false, properties.broadcast().batchSize(), 50,
								draft.sendAt(), 0);
					}
					return store.setTotal(id, total);
				});
			}
		}
		catch (DuplicateKeyException race) {
			return replay(tenant, draft).orElseThrow(() -> race);
		}
		dispatcher.wakeRelay();
		return new Sent(sent, true);
	}

	/**
	 * Sends on the platform's behalf, for the tenant bound with {@link TenantContext#callAs} (a deployed app's notify
	 * action: the app's permissions were checked by the runtime). The same path as {@link #send}, without a user:
	 * this call does not go through the role check of the proxy.
	 */
	public Sent sendAsPlatform(NotificationRequest request) {
		return send(request);
	}

	/** Sends each request on its own; one bad item does not stop the others. */
	@PreAuthorize(SENDERS)
	public List<BatchResult> sendBatch(List<NotificationRequest> requests) {
		List<BatchResult> results = new ArrayList<>();
		for (int i = 0; i < requests.size(); i++) {
			try {
				Sent sent = send(requests.get(i));
				results.add(new BatchResult(i, sent.created() ? 202 : 200, sent.notification(), null));
			}
			catch (CirrusException e) {
				results.add(new BatchResult(i, e.type().status().value(), null,
						new BatchResult.Problem(e.type().uri().toString(), e.type().title(), e.getMessage(), e.properties())));
			}
		}
		return results;
	}

	/** The outcome of one item of a batch: the notification, or the problem that refused it. */
	public record BatchResult(int index, int status, @Nullable NotificationView notification,
			@Nullable Problem problem) {

		public record Problem(String type, String title, String detail, Map<String, Object> properties) {
		}
	}

	/**
	 * Starts a broadcast: one call creates the job; the expander pages through the recipients the target selects and
	 * publishes their deliveries in batches on the bulk queues, at the broadcast's priority.
	 */
	@PreAuthorize(SENDERS)
	public Sent broadcast(NotificationRequest request) {
		TenantId tenant = TenantContext.require();
		Draft draft = validate(tenant, request, true);
		Optional<Sent> replay = replay(tenant, draft);
		if (replay.isPresent()) {
			return replay.get();
		}
		if (draft.needsUsers()) {
			users.refresh(tenant);
		}
		UUID id = UUID.randomUUID();
		try {
			transactions.executeWithoutResult(tx -> {
				store.insert(draft.toNew(id, tenant, "broadcast", "expanding", draft.target().text()));
				if (draft.channels().contains("webhook")) {
					store.insertWebhookDeliveries(tenant, id, null);
					store.insertDispatch(tenant, id, draft.priority(), true, 1, 50, draft.sendAt(), 0);
				}
				dispatcher.scheduleExpansion(tenant, id, draft.priority(), draft.sendAt());
			});
		}
		catch (DuplicateKeyException race) {
			return replay(tenant, draft).orElseThrow(() -> race);
		}
		dispatcher.wake();
		return new Sent(get(id), true);
	}

	/** How many recipients a target selects now (the compose form's preview). */
	@PreAuthorize(SENDERS)
	public int preview(String target) {
		TenantId tenant = TenantContext.require();
		TargetExpression expression = TargetExpression.parse(target);
		if (expression.involvesUsers()) {
			users.refresh(tenant);
		}
		return transactions.execute(tx -> store.countTarget(tenant, expression, Integer.MAX_VALUE - 1));
	}

	/** Stops a notification: what is not delivered yet is cancelled. */
	@PreAuthorize(SENDERS)
	public NotificationView cancel(UUID id) {
		TenantId tenant = TenantContext.require();
		get(id);
		for (int attempt = 1;; attempt++) {
			try {
				transactions.executeWithoutResult(tx -> store.cancel(tenant, id));
				return get(id);
			}
			catch (PessimisticLockingFailureException deadlock) {
				// A worker finishing a range at the same moment; cancelling again is safe.
				if (attempt == 3) {
					throw deadlock;
				}
			}
		}
	}

	@PreAuthorize("isAuthenticated()")
	public NotificationView get(UUID id) {
		TenantId tenant = TenantContext.require();
		return transactions.execute(tx -> store.find(tenant, id)).orElseThrow(() -> new NotFoundException("Notification", id));
	}

	@PreAuthorize(SENDERS)
	public NotificationsPage<DeliveryView> deliveries(UUID id, int page, int size) {
		TenantId tenant = TenantContext.require();
		NotificationView notification = get(id);
		int limit = Math.clamp(size, 1, 500);
		List<DeliveryView> items = transactions
			.execute(tx -> store.deliveries(tenant, id, Math.max(0, page) * limit, limit));
		return new NotificationsPage<>(items, page, limit, notification.total());
	}

	@PreAuthorize(SENDERS)
	public NotificationsPage<NotificationView> recent(@Nullable String kind, int page, int size) {
		TenantId tenant = TenantContext.require();
		int limit = Math.clamp(size, 1, 200);
		return transactions.execute(tx -> new NotificationsPage<>(
				store.recent(tenant, kind, Math.max(0, page) * limit, limit), page, limit, store.count(tenant, kind)));
	}

	/** Deliveries that failed {@code maxAttempts} times and wait for an operator. */
	@PreAuthorize(SENDERS)
	public List<DeliveryView> parked(int page, int size) {
		TenantId tenant = TenantContext.require();
		int limit = Math.clamp(size, 1, 200);
		return transactions.execute(tx -> store.parked(tenant, Math.max(0, page) * limit, limit));
	}

	/** Queues a parked delivery again with fresh attempts. */
	@PreAuthorize(SENDERS)
	public void retryParked(UUID notification, long delivery) {
		TenantId tenant = TenantContext.require();
		NotificationView view = get(notification);
		boolean retried = Boolean.TRUE.equals(transactions
			.execute(tx -> store.unpark(tenant, notification, delivery, view.kind().equals("broadcast"))));
		if (!retried) {
			throw new NotFoundException("Parked delivery", delivery);
		}
		dispatcher.wakeRelay();
	}

	// ---- validation

	private Optional<Sent> replay(TenantId tenant, Draft draft) {
		if (draft.idempotencyKey() == null) {
			return Optional.empty();
		}
		return transactions.execute(tx -> store.findByIdempotencyKey(tenant, draft.idempotencyKey()))
			.map(existing -> new Sent(get(existing), false));
	}

	private List<String> resolve(TenantId tenant, Draft draft) {
		LinkedHashSet<String> ids = new LinkedHashSet<>();
		if (!draft.recipients().isEmpty()) {
			Map<String, NotificationStore.Match> found = store.match(tenant, draft.recipients());
			List<String> unknown = draft.recipients().stream().filter(r -> !found.containsKey(r)).distinct().toList();
			if (!unknown.isEmpty()) {
				throw NotificationProblems.unknownRecipients(unknown);
			}
			draft.recipients().forEach(r -> ids.add(found.get(r).id()));
		}
		if (draft.target() != null) {
			int max = properties.broadcast().maxDirect();
			List<String> selected = store.targetRecipients(tenant, draft.target(), max + 1);
			if (selected.size() > max) {
				throw NotificationProblems.invalid("target", "selects more than " + max
						+ " recipients: send it as a broadcast (POST /api/v1/notifications/broadcast)");
			}
			ids.addAll(selected);
		}
		return List.copyOf(ids);
	}

	Draft validate(TenantId tenant, NotificationRequest r, boolean broadcast) {
		List<FieldError> errors = new ArrayList<>();
		List<String> channels = new ArrayList<>();
		if (r.channels() == null || r.channels().isEmpty()) {
			errors.add(new FieldError("channels", "must name at least one channel: inbox, email, sms or webhook"));
		}
		else {
			for (int i = 0; i < r.channels().size(); i++) {
				String name = r.channels().get(i) == null ? "" : r.channels().get(i);
				Optional<Channel> channel = Channel.parse(name);
				if (channel.isEmpty() || !properties.channels().contains(channel.get().id())) {
					errors.add(new FieldError("channels[" + i + "]",
							"'" + name + "' is an unknown channel: use " + String.join(", ", properties.channels())));
				}
				else if (!channels.contains(channel.get().id())) {
					channels.add(channel.get().id());
				}
			}
		}
		Priority priority = Priority.NORMAL;
		if (r.priority() != null) {
			try {
				priority = Priority.valueOf(r.priority().strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				errors.add(new FieldError("priority", "must be low, normal, high or urgent"));
			}
		}
		if (r.title() == null || r.title().isBlank()) {
			errors.add(new FieldError("title", "must not be blank"));
		}
		else if (r.title().length() > 200) {
			errors.add(new FieldError("title", "must be at most 200 characters"));
		}
		Map<String, String> data = r.data() == null ? Map.of() : r.data();
		if (data.size() > 50) {
			errors.add(new FieldError("data", "must have at most 50 entries"));
		}
		String body = r.body();
		if (r.template() != null) {
			if (body != null) {
				errors.add(new FieldError("template", "cannot be combined with body: send one of them"));
			}
			body = render(r.template(), data, errors);
		}
		if (body == null) {
			body = "";
		}
		if (body.length() > 4000) {
			errors.add(new FieldError(r.template() != null ? "template" : "body", "must be at most 4000 characters"));
		}
		if (r.link() != null && r.link().length() > 500) {
			errors.add(new FieldError("link", "must be at most 500 characters"));
		}
		else if (r.link() != null && !safeLink(r.link())) {
			errors.add(new FieldError("link", "must be a portal path such as /devices/<id>, or an http:// or https:// URL"));
		}
		if (r.idempotencyKey() != null && (r.idempotencyKey().isBlank() || r.idempotencyKey().length() > 200)) {
			errors.add(new FieldError("idempotencyKey", "must be 1 to 200 characters"));
		}
		if (r.sendAt() != null && r.sendAt().isAfter(clock.instant().plus(java.time.Duration.ofDays(30)))) {
			errors.add(new FieldError("sendAt", "must be within 30 days"));
		}
		UUID audioId = null;
		if (r.audioId() != null) {
			try {
				audioId = UUID.fromString(r.audioId());
				UUID clip = audioId;
				if (!Boolean.TRUE.equals(transactions.execute(tx -> audio.exists(tenant, clip)))) {
					errors.add(new FieldError("audioId", "names no audio clip of this tenant: upload it first"));
				}
			}
			catch (IllegalArgumentException e) {
				errors.add(new FieldError("audioId", "must be the id of an uploaded clip"));
			}
		}
		List<String> recipients = r.recipients() == null ? List.of() : r.recipients();
		if (recipients.size() > MAX_RECIPIENTS) {
			errors.add(new FieldError("recipients", "must list at most " + MAX_RECIPIENTS + " recipients; use a broadcast"));
		}
		for (int i = 0; i < Math.min(recipients.size(), MAX_RECIPIENTS); i++) {
			String recipient = recipients.get(i);
			if (recipient == null || !RECIPIENT.matcher(recipient).matches()) {
				errors.add(new FieldError("recipients[" + i + "]",
						"must be user:<username or id>, device:<id> or ext:<id>"));
			}
		}
		if (!errors.isEmpty()) {
			throw NotificationProblems.invalid(errors);
		}
		TargetExpression target = r.target() == null ? null : TargetExpression.parse(r.target());
		boolean onlyWebhook = channels.equals(List.of("webhook"));
		if (broadcast && target == null) {
			throw NotificationProblems.invalid("target", "is required for a broadcast, e.g. 'all' or 'tag:floor-3'");
		}
		if (!broadcast && target == null && recipients.isEmpty() && !onlyWebhook) {
			throw NotificationProblems.invalid("recipients", "must name at least one recipient (or give a target)");
		}
		boolean needsUsers = (target != null && target.involvesUsers())
				|| recipients.stream().anyMatch(x -> x.startsWith("user:"));
		return new Draft(List.copyOf(recipients), target, List.copyOf(channels), priority, r.title().strip(), body,
				r.link(), data, audioId, r.idempotencyKey(), r.sendAt(), needsUsers);
	}

	private static String render(String template, Map<String, String> data, List<FieldError> errors) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = data.get(matcher.group(1));
			if (value == null) {
				errors.add(new FieldError("template", "uses {{" + matcher.group(1) + "}} but data has no such entry"));
				value = "";
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** A validated request. */
	record Draft(List<String> recipients, @Nullable TargetExpression target, List<String> channels, Priority priority,
			String title, String body, @Nullable String link, Map<String, String> data, @Nullable UUID audioId,
			@Nullable String idempotencyKey, @Nullable Instant sendAt, boolean needsUsers) {

		NewNotification toNew(UUID id, TenantId tenant, String kind, String state, @Nullable String targetText) {
			String by = TenantContext.currentUser().map(u -> u.username()).orElse("system");
			return new NewNotification(id, tenant, kind, state, priority, channels, title, body, link, data, audioId,
					targetText != null ? targetText : target == null ? null : target.text(), null, idempotencyKey,
					sendAt, by);
		}
	}

	/**
	 * Whether a link is safe to put in front of a person: a path of the portal ({@code /devices/...}, not
	 * {@code //host}) or an http(s) URL; never {@code javascript:}, {@code data:} or another scheme a mail client
	 * or the portal would act on.
	 */
	static boolean safeLink(String link) {
		String text = link.strip();
		if (text.isEmpty() || text.chars().anyMatch(Character::isISOControl) || text.contains("\\")) {
			return false;
		}
		if (text.startsWith("/")) {
			return !text.startsWith("//");
		}
		try {
			java.net.URI uri = new java.net.URI(text);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
			return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
		}
		catch (java.net.URISyntaxException e) {
			return false;
		}
	}

}
