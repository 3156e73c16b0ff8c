package io.cirrus.app.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cirrus.app.ActiveDeployment;
import io.cirrus.app.DeploymentState;
import io.cirrus.app.EventTrace;
import io.cirrus.app.internal.AppState.DeviceState;
import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceUpdated;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.TelemetryIngest;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;

/**
 * The apps runtime (docs/adr/0027): the {@code apps} consumer group reads device traffic (readings) and the
 * device-events topic (the device module's events, schedules, invocations, ticks), so more Cirrus instances share
 * the partitions. Each event is evaluated by the tenant's deployed apps with the dry-run's evaluator, with the
 * deployment the switch rule picks ({@link RuntimeDeployments}); the state of each app's blocks is kept per
 * partition and stored with the positions it covers every {@code checkpointInterval} and when the partition is
 * revoked ({@link RuntimeCheckpoints}); on assignment the consumer seeks to the stored positions and loads the
 * stored state. Actions run in the tenant's bulkhead ({@link RuntimeActions}).
 */
@Component
class AppRuntime implements ConsumerSeekAware {

	static final String ID = "app-runtime";

	private static final Logger log = LoggerFactory.getLogger(AppRuntime.class);

	private final RuntimeDeployments deployments;

	private final RuntimeCheckpoints checkpoints;

	private final RuntimeActions actions;

	private final RuntimeLedger ledger;

	private final DeviceDirectory directory;

	private final String group;

	private final String telemetryTopic;

	/** Partition to app to the state of its blocks for the partition's devices. */
	private final Map<Integer, Map<UUID, AppState>> states = new ConcurrentHashMap<>();

	/** Partition to its changes not stored yet. */
	private final Map<Integer, Pending> pendings = new ConcurrentHashMap<>();

	/** Each consumer thread's checkpoint being written in the background, if any. */
	private final ThreadLocal<Writing> writing = new ThreadLocal<>();

	/** Writes checkpoints while the consumers go on. */
	private final ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();

	/** Each consumer thread's way to seek its partitions. */
	private final ThreadLocal<ConsumerSeekCallback> seekers = new ThreadLocal<>();

	private final java.time.Duration checkpointInterval;

	/** Topic and partition to the next offset this consumer evaluated up to. */
	private final Map<String, Long> next = new ConcurrentHashMap<>();

	/** Deployment to the app's identity. */
	private final Map<UUID, AppEvaluator.Identity> identities = new ConcurrentHashMap<>();

	private final Cache<DeviceKey, Optional<DeviceContext>> devices = Caffeine.newBuilder()
		.expireAfterWrite(30, TimeUnit.SECONDS)
		.maximumSize(200_000)
		.build();

	AppRuntime(RuntimeDeployments deployments, RuntimeCheckpoints checkpoints, RuntimeActions actions,
			RuntimeLedger ledger, DeviceDirectory directory, DeviceTrafficTopics topics,
			io.cirrus.app.AppRuntimeProperties properties) {
		this.checkpointInterval = properties.checkpointInterval();
		this.deployments = deployments;
		this.checkpoints = checkpoints;
		this.actions = actions;
		this.ledger = ledger;
		this.directory = directory;
		this.group = topics.group("apps");
		this.telemetryTopic = topics.telemetry();
	}

	/** An event and what it came with. */
	private record Incoming(TenantId tenant, @Nullable UUID app, AppEvent event, Instant arrival, int hops,
			List<ActiveDeployment> applying) {
	}

	/** A batch's work: changed states and actions to run after they are stored, and each app's evaluations. */
	private static final class Batch {

		final Map<StateKey, RuntimeCheckpoints.Dirty> dirty = new LinkedHashMap<>();

		final List<RuntimeActions.Planned> planned = new ArrayList<>();

		final Map<String, RuntimeCheckpoints.Position> positions = new HashMap<>();

		final Map<UUID, RuntimeLedger.Tally> tallies = new HashMap<>();
	}

	/** An app's state of one device. */
	private record StateKey(UUID app, String device) {
	}

	/** A device of a tenant, as the device cache keys it. */
	private record DeviceKey(TenantId tenant, String device) {
	}

	@KafkaListener(id = ID, topics = { "#{@deviceTrafficTopics.telemetry()}", "#{@deviceTrafficTopics.events()}" },
			groupId = "#{@deviceTrafficTopics.group('apps')}", containerFactory = "appRuntimeListenerFactory",
			autoStartup = "${cirrus.app.runtime.enabled:true}")
	void onRecords(List<ConsumerRecord<String, byte[]>> records) {
		Instant latest = Instant.EPOCH;
		List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			Long done = next.get(record.topic() + "/" + record.partition());
			if (done == null || record.offset() >= done) {
				fresh.add(record);
				if (record.timestamp() > latest.toEpochMilli()) {
					latest = Instant.ofEpochMilli(record.timestamp());
				}
			}
		}
		if (fresh.isEmpty()) {
			return;
		}
		deployments.freshFor(latest);
		Batch batch = new Batch();
		for (ConsumerRecord<String, byte[]> record : fresh) {
			try {
				for (Incoming incoming : decode(record, batch)) {
					evaluate(record.partition(), record.offset(), incoming, batch);
				}
			}
			catch (RuntimeException e) {
				// One unreadable or failing record must not stop every tenant's apps behind it.
				log.warn("The apps runtime skipped record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
			}
			batch.positions.put(record.topic() + "/" + record.partition(),
					new RuntimeCheckpoints.Position(record.topic(), record.partition(), record.offset() + 1));
		}
		batch.tallies.values().forEach(ledger::add);
		batch.positions.forEach((key, position) -> next.put(key, position.next()));
		// Changed state and positions wait per partition until the checkpoint interval is over.
		batch.dirty.forEach((key, d) -> pending(d.partition()).dirty.put(key, d));
		batch.positions.forEach((key, position) -> pending(position.partition()).positions.put(key, position));
		Set<Integer> partitions = new HashSet<>();
		batch.positions.values().forEach(p -> partitions.add(p.partition()));
		long now = System.nanoTime();
		List<Integer> due = partitions.stream()
			.filter(p -> now - pending(p).since >= checkpointInterval.toNanos())
			.toList();
		if (checkpointInterval.isZero()) {
			flush(due, true);
			batch.planned.forEach(actions::submit);
		}
		else {
			// Actions first: with a checkpoint interval, a crash replays the events since the last checkpoint, and
			// their actions run again (notify is idempotent per event, a webhook's id is stable).
			batch.planned.forEach(actions::submit);
			flushInBackground(due);
		}
	}

	/** The changes of a partition not stored yet. */
	private static final class Pending {

		final Map<StateKey, RuntimeCheckpoints.Dirty> dirty = new LinkedHashMap<>();

		final Map<String, RuntimeCheckpoints.Position> positions = new HashMap<>();

		final long since = System.nanoTime();
	}

	private Pending pending(int partition) {
		return pendings.computeIfAbsent(partition, p -> new Pending());
	}

	/** Pending changes taken to be stored: their partitions, states (as stored) and positions. */
	private record Taken(List<Integer> partitions, List<RuntimeCheckpoints.Stored> states,
			List<RuntimeCheckpoints.Position> positions) {
	}

	/** A consumer's checkpoint being written in the background. */
	private record Writing(Taken taken, Future<?> done) {
	}

	/**
	 * Takes the pending changes of the partitions, their states written out as they are now; null when there are
	 * none.
	 */
	private @Nullable Taken take(Collection<Integer> partitions) {
		List<RuntimeCheckpoints.Stored> states = new ArrayList<>();
		List<RuntimeCheckpoints.Position> positions = new ArrayList<>();
		List<Integer> taken = new ArrayList<>();
		for (Integer partition : partitions) {
			Pending pending = pendings.remove(partition);
			if (pending != null) {
				pending.dirty.values().forEach(d -> states.add(d.stored()));
				positions.addAll(pending.positions.values());
				taken.add(partition);
			}
		}
		return positions.isEmpty() ? null : new Taken(taken, states, positions);
	}

	/**
	 * Stores the pending state and positions of the partitions, all in one transaction, after this consumer's
	 * checkpoint being written in the background. When either fails, the partitions go back to their stored state
	 * and positions, so nothing counts twice.
	 */
	private void flush(Collection<Integer> partitions, boolean seek) {
		List<Integer> back = settle(seek);
		Taken taken = take(partitions.stream().filter(p -> !back.contains(p)).toList());
		if (taken == null) {
			return;
		}
		try {
			checkpoints.save(group, taken.states(), taken.positions());
		}
		catch (RuntimeException e) {
			rewind(taken, e, seek);
		}
	}

	/**
	 * Starts storing the due partitions on another thread, so the consumer goes on evaluating while PostgreSQL
	 * writes; their states are written out first, as they are now. While this consumer's previous checkpoint is
	 * still being written, the partitions stay pending (one checkpoint at a time keeps them in order); when it
	 * failed, its partitions go back to their stored state and positions.
	 */
	private void flushInBackground(Collection<Integer> partitions) {
		Writing previous = writing.get();
		if (previous != null && !previous.done().isDone()) {
			return;
		}
		if (!settle(true).isEmpty()) {
			return;
		}
		Taken taken = take(partitions);
		if (taken != null) {
			writing.set(new Writing(taken, writer.submit(() -> checkpoints.save(group, taken.states(), taken.positions()))));
		}
	}

	/** Waits for this consumer's checkpoint being written; when it failed, the partitions that went back. */
	private List<Integer> settle(boolean seek) {
		Writing previous = writing.get();
		if (previous == null) {
			return List.of();
		}
		writing.remove();
		try {
			previous.done().get();
			return List.of();
		}
		catch (ExecutionException e) {
			rewind(previous.taken(), e.getCause(), seek);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			rewind(previous.taken(), e, seek);
		}
		return previous.taken().partitions();
	}

	/**
	 * A checkpoint failed: its partitions drop what they evaluated since the last stored checkpoint and, unless they
	 * are being revoked, go back to its state and positions.
	 */
	private void rewind(Taken failed, Throwable error, boolean seek) {
		log.warn("The apps runtime could not store its checkpoint of partitions {}: back to the stored one ({})",
				failed.partitions(), error.toString());
		List<RuntimeCheckpoints.Position> positions = new ArrayList<>(failed.positions());
		for (Integer partition : failed.partitions()) {
			Pending later = pendings.remove(partition);
			if (later != null) {
				positions.addAll(later.positions.values());
			}
		}
		if (!seek) {
			return;
		}
		Map<String, Map<Integer, Long>> stored = checkpoints.positions(group);
		ConsumerSeekCallback seeker = seekers.get();
		for (RuntimeCheckpoints.Position position : positions) {
			Long offset = stored.getOrDefault(position.topic(), Map.of()).get(position.partition());
			if (offset != null) {
				next.put(position.topic() + "/" + position.partition(), offset);
				if (seeker != null) {
					seeker.seek(position.topic(), position.partition(), offset);
				}
			}
		}
		failed.partitions().forEach(this::load);
	}

	/** Stops the checkpoint writer once the consumers are stopped (their revocation stored what they held). */
	@PreDestroy
	void close() {
		writer.close();
	}

	@Override
	public void registerSeekCallback(ConsumerSeekCallback callback) {
		seekers.set(callback);
	}

	private List<Incoming> decode(ConsumerRecord<String, byte[]> record, Batch batch) {
		Instant arrival = Instant.ofEpochMilli(record.timestamp());
		if (record.topic().equals(telemetryTopic)) {
			Header hops = record.headers().lastHeader(TelemetryIngest.HOPS);
			int hop = hops == null ? 0 : Integer.parseInt(new String(hops.value(), StandardCharsets.US_ASCII));
			List<Incoming> events = new ArrayList<>();
			for (TelemetryRecord reading : TelemetryRecordJson.readAll(record.value())) {
				if (reading.kind() != TelemetryRecord.Kind.TELEMETRY) {
					continue;
				}
				List<ActiveDeployment> applying = deployments.applying(reading.tenant(), arrival);
				if (applying.isEmpty()) {
					continue;
				}
				DeviceContext device = device(reading.tenant(), reading.device().toString());
				if (device != null) {
					events.add(new Incoming(reading.tenant(), null,
							new AppEvent("telemetry", null, device, reading.ts(), reading.values()), arrival, hop, applying));
				}
			}
			return events;
		}
		RuntimeEvents.RuntimeEvent event = RuntimeEvents.read(record.value());
		if (event.kind().equals("tick")) {
			absences(record.partition(), event.at(), record.offset(), batch);
			return List.of();
		}
		TenantId tenant = new TenantId(UUID.fromString(event.tenant()));
		List<ActiveDeployment> applying = deployments.applying(tenant, arrival);
		if (applying.isEmpty()) {
			return List.of();
		}
		DeviceContext device = event.device() == null ? null : device(tenant, event.device());
		if (event.device() != null && device == null) {
			return List.of();
		}
		return List.of(new Incoming(tenant, event.app() == null ? null : UUID.fromString(event.app()),
				new AppEvent(event.kind(), event.source(), device, event.at(), event.values()), arrival, event.hops(), applying));
	}

	/** A tick: the absences due on this partition's devices up to its time are evaluated. */
	private void absences(int partition, Instant at, long offset, Batch batch) {
		Map<UUID, AppState> apps = states.get(partition);
		if (apps == null) {
			return;
		}
		for (ActiveDeployment d : deployments.evaluating()) {
			AppState state = apps.get(d.appId());
			if (state == null || d.state() != DeploymentState.RUNNING) {
				continue;
			}
			CompiledApp compiled = deployments.compiled(d);
			for (AppEvent due : AppEvaluator.dueAbsences(compiled, state, at)) {
				run(d, compiled, state, due, partition, offset, 0, batch);
			}
		}
	}

	private void evaluate(int partition, long offset, Incoming incoming, Batch batch) {
		for (ActiveDeployment d : incoming.applying()) {
			if (d.state() != DeploymentState.RUNNING || (incoming.app() != null && !incoming.app().equals(d.appId()))) {
				continue;
			}
			CompiledApp compiled = deployments.compiled(d);
			AppState state = state(partition, d);
			for (AppEvent due : AppEvaluator.dueAbsences(compiled, state, incoming.event().time())) {
				run(d, compiled, state, due, partition, offset, incoming.hops(), batch);
			}
			run(d, compiled, state, incoming.event(), partition, offset, incoming.hops(), batch);
		}
	}

	private void run(ActiveDeployment d, CompiledApp compiled, AppState state, AppEvent event, int partition, long offset,
			int hops, Batch batch) {
		long started = System.nanoTime();
		EventTrace trace = AppEvaluator.evaluate(compiled, identity(d), event, state, 0, false);
		if (trace.skipped() != null) {
			return;
		}
		long took = System.nanoTime() - started;
		RuntimeLedger.Tally tally = batch.tallies.get(d.deploymentId());
		if (tally == null) {
			tally = ledger.tally(d);
			batch.tallies.put(d.deploymentId(), tally);
		}
		tally.evaluated(took, trace.fired());
		String device = event.deviceKey();
		StateKey changed = new StateKey(d.appId(), device);
		if (!batch.dirty.containsKey(changed)) {
			batch.dirty.put(changed, new RuntimeCheckpoints.Dirty(d.tenantId(), d.appId(), device, partition, state.device(device)));
		}
		int index = 0;
		for (EventTrace.RuleOutcome rule : trace.rules()) {
			if (rule.error() != null) {
				ledger.record(d, "evaluation", rule.id(), "rule " + rule.id() + ": " + rule.error(), trace.event());
			}
			for (EventTrace.PlannedAction action : rule.actions()) {
				String key = d.appId() + "-" + partition + "-" + offset + "-" + event.kind() + "-" + event.time().toEpochMilli()
						+ "-" + index++;
				batch.planned.add(new RuntimeActions.Planned(d, compiled.document(), action, trace.event(), key, hops));
			}
		}
	}

	/** The app's identity as its expressions read it; built once per deployment. */
	private AppEvaluator.Identity identity(ActiveDeployment d) {
		AppEvaluator.Identity identity = identities.get(d.deploymentId());
		if (identity == null) {
			identity = new AppEvaluator.Identity(d.appId().toString(), d.appName());
			if (identities.size() > 10_000) {
				identities.clear();
			}
			identities.put(d.deploymentId(), identity);
		}
		return identity;
	}

	private AppState state(int partition, ActiveDeployment d) {
		return states.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).computeIfAbsent(d.appId(), a -> new AppState());
	}

	private @Nullable DeviceContext device(TenantId tenant, String device) {
		return devices.get(new DeviceKey(tenant, device), key -> {
			try {
				DeviceId id = new DeviceId(UUID.fromString(device));
				return TenantContext.callAs(tenant, () -> directory.find(id)).map(DeviceContext::of);
			}
			catch (IllegalArgumentException e) {
				return Optional.empty();
			}
		}).orElse(null);
	}

	/** A device's tags or metadata changed: apps see the change with its next event on this instance. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(DeviceUpdated updated) {
		devices.invalidate(new DeviceKey(updated.tenant(), updated.device().toString()));
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		if (assignments.isEmpty()) {
			return;
		}
		deployments.refresh();
		Map<String, Map<Integer, Long>> stored = checkpoints.positions(group);
		for (TopicPartition partition : assignments.keySet()) {
			Long position = stored.getOrDefault(partition.topic(), Map.of()).get(partition.partition());
			String key = partition.topic() + "/" + partition.partition();
			if (position != null) {
				next.put(key, position);
				callback.seek(partition.topic(), partition.partition(), position);
			}
			else {
				next.remove(key); // a new group starts at the end of the log (auto.offset.reset=latest)
			}
		}
		assignments.keySet().stream().map(TopicPartition::partition).distinct().forEach(this::load);
	}

	/** Loads a partition's stored state. */
	private void load(int partition) {
		Map<UUID, AppState> apps = new ConcurrentHashMap<>();
		checkpoints.load(partition, deployments.tenants()).forEach((app, byDevice) -> {
			AppState state = new AppState();
			state.devices().putAll(byDevice);
			apps.put(app, state);
		});
		states.put(partition, apps);
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		// What this consumer evaluated is stored before another one takes the partitions.
		flush(partitions.stream().map(TopicPartition::partition).distinct().toList(), false);
		for (TopicPartition partition : partitions) {
			next.remove(partition.topic() + "/" + partition.partition());
			states.remove(partition.partition());
		}
	}

	/** The states of a partition's devices, for tests and the health page. */
	int devicesHeld() {
		return states.values().stream().mapToInt(apps -> apps.values().stream().mapToInt(s -> s.devices().size()).sum()).sum();
	}
}
