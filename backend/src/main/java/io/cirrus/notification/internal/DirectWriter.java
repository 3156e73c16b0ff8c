package io.cirrus.notification.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProblems;
import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.internal.NotificationStore.Match;
import io.cirrus.notification.internal.NotificationStore.NewNotification;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Writes on-demand notifications to explicit recipients with group commit (docs/adr/0016): concurrent requests
 * queue their notification, a writer thread takes what is waiting (up to a batch) and writes each tenant's share in
 * one transaction of two statements, and every caller gets its answer only after that commit. Under load a commit
 * carries many notifications; alone, a request waits for nobody. A notification naming an unknown recipient is
 * refused on its own; should a batch fail as a whole (say, two requests racing with one idempotency key), its
 * notifications are written one by one so each gets its own answer.
 */
@Component
public class DirectWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DirectWriter.class);

	/** Deliveries of one notification per outbox row (and broker message) on the channels other than in-portal. */
	static final int OTHER_BATCH = 50;

	/** How long a request waits for its commit before it answers 503 (the database is far slower than usual). */
	static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

	private final NotificationStore store;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();

	private final BackgroundThreads threads = new BackgroundThreads();

	private volatile boolean running;

	DirectWriter(NotificationStore store, TransactionTemplate transactions, NotificationProperties properties) {
		this.store = store;
		this.transactions = transactions;
		this.properties = properties;
	}

	/** What was written: when, and how many deliveries. */
	public record Written(Instant createdAt, int total) {
	}

	private record Job(NewNotification notification, List<String> wanted, CompletableFuture<Written> answer) {
	}

	/**
	 * Writes the notification with a delivery per wanted recipient and personal channel that can reach it, and its
	 * outbox rows; returns once committed. Throws a 400 problem for a name the tenant has no recipient for.
	 */
	public Written write(NewNotification notification, List<String> wanted) {
		Job job = new Job(notification, wanted, new CompletableFuture<>());
		if (!running) {
			writeAlone(job);
		}
		else {
			queue.add(job);
		}
		try {
			return job.answer().get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException(e.getCause());
		}
		catch (TimeoutException e) {
			throw new CirrusException(Problems.UNAVAILABLE, "Cirrus could not store the notification within "
					+ ANSWER_TIMEOUT.toSeconds() + " s; it may still be stored. Send it again with the same idempotency key.",
					Map.of("retryAfterSeconds", 5L));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the notification to be stored", e);
		}
	}

	private void loop() {
		int max = properties.relay().writeBatch();
		while (running) {
			try {
				Job first = queue.poll(1, TimeUnit.SECONDS);
				if (first == null) {
					continue;
				}
				List<Job> batch = new ArrayList<>(Math.min(max, queue.size() + 1));
				batch.add(first);
				queue.drainTo(batch, max - 1);
				Map<TenantId, List<Job>> byTenant = new LinkedHashMap<>();
				batch.forEach(job -> byTenant.computeIfAbsent(job.notification().tenant(), t -> new ArrayList<>()).add(job));
				byTenant.forEach(this::writeGroup);
			}
			catch (InterruptedException e) {
				return;
			}
			catch (RuntimeException e) {
				log.warn("Notification writer round failed: {}", e.toString());
			}
		}
	}

	private void writeGroup(TenantId tenant, List<Job> jobs) {
		if (jobs.size() == 1) {
			writeAlone(jobs.getFirst());
			return;
		}
		try {
			write(tenant, jobs);
		}
		catch (RuntimeException e) {
			// One of them spoiled the batch: each on its own, so each gets its own answer.
			jobs.stream().filter(job -> !job.answer().isDone()).forEach(this::writeAlone);
		}
	}

	private void writeAlone(Job job) {
		try {
			write(job.notification().tenant(), List.of(job));
		}
		catch (RuntimeException e) {
			job.answer().completeExceptionally(e);
		}
	}

	/** One transaction for the tenant's jobs; completes their answers after the commit. */
	private void write(TenantId tenant, List<Job> jobs) {
		Map<Job, Written> written = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
			LinkedHashSet<String> names = new LinkedHashSet<>();
			jobs.forEach(job -> names.addAll(job.wanted()));
			Map<String, Match> matches = store.match(tenant, names);
			List<Job> valid = new ArrayList<>(jobs.size());
			List<NotificationStore.Direct> items = new ArrayList<>(jobs.size());
			for (Job job : jobs) {
				List<String> unknown = job.wanted().stream().filter(w -> !matches.containsKey(w)).distinct().toList();
				if (!unknown.isEmpty()) {
					job.answer().completeExceptionally(NotificationProblems.unknownRecipients(unknown));
					continue;
				}
				valid.add(job);
				items.add(deliveries(job, matches));
			}
			// By identity: a job's record hash would hash its whole notification.
			Map<Job, Written> answers = new IdentityHashMap<>();
			if (!items.isEmpty()) {
				List<Instant> created = store.insertDirect(tenant, items, properties.broadcast().batchSize(), OTHER_BATCH);
				for (int i = 0; i < valid.size(); i++) {
					answers.put(valid.get(i), new Written(created.get(i), items.get(i).total()));
				}
			}
			return answers;
		}));
		written.forEach((job, answer) -> job.answer().complete(answer));
	}

	/** A delivery per recipient (in id order) and channel that can reach it. */
	private static NotificationStore.Direct deliveries(Job job, Map<String, Match> matches) {
		TreeMap<String, Match> recipients = new TreeMap<>();
		job.wanted().forEach(w -> recipients.put(matches.get(w).id(), matches.get(w)));
		List<String> channels = job.notification().channels().stream().sorted().toList();
		List<String> ids = new ArrayList<>();
		List<String> on = new ArrayList<>();
		recipients.values().forEach(r -> {
			for (String channel : channels) {
				boolean reachable = switch (channel) {
					case "inbox" -> true;
					case "email" -> r.email();
					case "sms" -> r.sms();
					default -> false;
				};
				if (reachable) {
					ids.add(r.id());
					on.add(channel);
				}
			}
		});
		return new NotificationStore.Direct(job.notification(), ids, on);
	}

	@Override
	public void start() {
		running = true;
		for (int i = 0; i < properties.relay().writers(); i++) {
			threads.start("notify-writer-" + i, this::loop);
		}
	}

	@Override
	public void stop() {
		running = false;
		threads.stop();
		for (Job job; (job = queue.poll()) != null;) {
			job.answer().completeExceptionally(new CirrusException(Problems.UNAVAILABLE,
					"Cirrus is shutting down; nothing was accepted. Send it again in a few seconds.",
					Map.of("retryAfterSeconds", 5L)));
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Stops before the relay (which stops before the listener containers and the connection factory).
		return Integer.MAX_VALUE - 50;
	}
}
