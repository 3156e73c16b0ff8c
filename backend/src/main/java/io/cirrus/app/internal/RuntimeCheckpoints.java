package io.cirrus.app.internal;

import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.app.internal.AppState.DeviceState;
import io.cirrus.app.internal.AppState.Hold;
import io.cirrus.app.internal.AppState.Bucket;
import io.cirrus.app.internal.AppState.Watch;
import io.cirrus.shared.TenantId;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores the runtime's block state per app and device together with the Kafka positions it covers, in one
 * transaction (docs/adr/0027): a restart, or a partition moving to another consumer, resumes from the stored
 * positions with the stored state, so no window restarts empty, no timer is forgotten and no event counts twice.
 * Each tenant's rows are written and read with that tenant's row-level security setting.
 */
@Component
class RuntimeCheckpoints {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final org.springframework.jdbc.core.JdbcTemplate batch;

	RuntimeCheckpoints(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batch, TransactionTemplate transactions) {
		this.batch = batch;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** A device's state of one app, changed in a batch. */
	record Dirty(TenantId tenant, UUID app, String device, int partition, DeviceState state) {

		/** The state written out as it is now. */
		Stored stored() {
			return new Stored(tenant, app, device, partition, write(state));
		}
	}

	/** A device's state of one app as stored (jsonb). */
	record Stored(TenantId tenant, UUID app, String device, int partition, String state) {
	}

	/** A topic partition's next offset to read. */
	record Position(String topic, int partition, long next) {
	}

	/** Stores the changed states and the positions they cover, all or nothing. */
	void save(String group, List<Stored> states, List<Position> positions) {
		Map<TenantId, List<Stored>> byTenant = new LinkedHashMap<>();
		for (Stored dirty : states) {
			byTenant.computeIfAbsent(dirty.tenant(), t -> new ArrayList<>()).add(dirty);
		}
		transactions.executeWithoutResult(tx -> {
			byTenant.forEach((tenant, rows) -> {
				bind(tenant);
				List<Object[]> args = new ArrayList<>(rows.size());
				for (Stored row : rows) {
					args.add(new Object[] { tenant.value(), row.app(), row.device(), row.partition(), row.state() });
				}
				batch.batchUpdate("""
						insert into app_runtime_state (tenant_id, app_id, device, kafka_partition, state, updated_at)
						values (?, ?, ?, ?, ?::jsonb, now())
						on conflict (tenant_id, app_id, device)
						do update set state = excluded.state, kafka_partition = excluded.kafka_partition, updated_at = now()
						""", args);
			});
			bind(null);
			for (Position position : positions) {
				jdbc.sql("""
						insert into app_runtime_position (consumer_group, topic, kafka_partition, next_offset)
						values (?, ?, ?, ?)
						on conflict (consumer_group, topic, kafka_partition) do update set next_offset = excluded.next_offset
						""")
					.params(group, position.topic(), position.partition(), position.next())
					.update();
			}
		});
	}

	/** The stored next offsets of a group's partitions, by topic and partition. */
	Map<String, Map<Integer, Long>> positions(String group) {
		Map<String, Map<Integer, Long>> positions = new HashMap<>();
		transactions.executeWithoutResult(tx -> jdbc
			.sql("select topic, kafka_partition, next_offset from app_runtime_position where consumer_group = ?")
			.param(group)
			.query(rs -> {
				positions.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getInt(2), rs.getLong(3));
			}));
		return positions;
	}

	/** The stored states of a partition's devices for the given tenants, by app. */
	Map<UUID, Map<String, DeviceState>> load(int partition, Iterable<TenantId> tenants) {
		Map<UUID, Map<String, DeviceState>> states = new HashMap<>();
		transactions.executeWithoutResult(tx -> {
			for (TenantId tenant : tenants) {
				bind(tenant);
				jdbc.sql("select app_id, device, state from app_runtime_state where tenant_id = ? and kafka_partition = ?")
					.params(tenant.value(), partition)
					.query(rs -> {
						states.computeIfAbsent(rs.getObject(1, UUID.class), a -> new HashMap<>())
							.put(rs.getString(2), read(rs.getString(3)));
					});
			}
		});
		return states;
	}

	private void bind(@org.jspecify.annotations.Nullable TenantId tenant) {
		jdbc.sql("select set_config('cirrus.tenant_id', ?, true)").param(tenant == null ? "" : tenant.toString()).query().singleValue();
	}

	/**
	 * A device's state as stored: written field by field (every checkpoint writes thousands of them, each window up to
	 * 61 buckets), in the shape {@link #read} reads.
	 */
	static String write(DeviceState state) {
		StringWriter out = new StringWriter(256);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writePOJOProperty("last", state.last);
			json.writeName("windows");
			json.writeStartObject();
			for (Map.Entry<String, ArrayDeque<Bucket>> window : state.windows.entrySet()) {
				json.writeName(window.getKey());
				json.writeStartArray();
				for (Bucket b : window.getValue()) {
					json.writeStartArray();
					json.writeNumber(b.start);
					json.writeNumber(b.count);
					json.writeNumber(b.sum);
					json.writeNumber(b.min);
					json.writeNumber(b.max);
					json.writeEndArray();
				}
				json.writeEndArray();
			}
			json.writeEndObject();
			json.writeName("holds");
			json.writeStartObject();
			for (Map.Entry<String, Hold> hold : state.holds.entrySet()) {
				json.writeName(hold.getKey());
				json.writeStartArray();
				json.writeNumber(hold.getValue().since());
				json.writeNumber(hold.getValue().count());
				json.writeEndArray();
			}
			json.writeEndObject();
			json.writePOJOProperty("cooldowns", state.cooldowns);
			json.writeName("watches");
			json.writeStartObject();
			for (Map.Entry<String, Watch> watch : state.watches.entrySet()) {
				json.writeName(watch.getKey());
				json.writeStartObject();
				json.writeNumberProperty("lastSeen", watch.getValue().lastSeen());
				json.writeBooleanProperty("announced", watch.getValue().announced());
				json.writeEndObject();
			}
			json.writeEndObject();
			if (state.context != null) {
				json.writePOJOProperty("context", state.context);
			}
			json.writeEndObject();
		}
		return out.toString();
	}

	static DeviceState read(String json) {
		JsonNode node = JSON.readTree(json);
		DeviceState state = new DeviceState();
		node.path("last").properties().forEach(e -> state.last.put(e.getKey(), plain(e.getValue())));
		node.path("windows").properties().forEach(e -> {
			ArrayDeque<Bucket> buckets = new ArrayDeque<>();
			// [start, count, sum, min, max]; a checkpoint from before buckets holds [at, value] per reading
			e.getValue().forEach(b -> buckets.addLast(b.size() == 2
					? new Bucket(b.get(0).asLong(), 1, b.get(1).asDouble(), b.get(1).asDouble(), b.get(1).asDouble())
					: new Bucket(b.get(0).asLong(), b.get(1).asLong(), b.get(2).asDouble(), b.get(3).asDouble(),
							b.get(4).asDouble())));
			state.windows.put(e.getKey(), buckets);
		});
		node.path("holds").properties().forEach(e -> state.holds.put(e.getKey(),
				new Hold(e.getValue().get(0).asLong(), e.getValue().get(1).asInt())));
		node.path("cooldowns").properties().forEach(e -> state.cooldowns.put(e.getKey(), e.getValue().asLong()));
		node.path("watches").properties().forEach(e -> state.watches.put(e.getKey(),
				new Watch(e.getValue().get("lastSeen").asLong(), e.getValue().get("announced").asBoolean())));
		JsonNode context = node.get("context");
		if (context != null && !context.isNull()) {
			state.context = JSON.treeToValue(context, DeviceContext.class);
		}
		return state;
	}

	private static Object plain(JsonNode value) {
		if (value.isNumber()) {
			return value.asDouble();
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		return value.asString();
	}
}
