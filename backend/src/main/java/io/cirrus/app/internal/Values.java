package io.cirrus.app.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;

import tools.jackson.databind.json.JsonMapper;

/**
 * Values between the platform (JSON: numbers, strings, booleans, maps, lists, instants) and CEL (int64 as Long,
 * double as Double, timestamps as protobuf Timestamp).
 */
final class Values {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Values() {
	}

	/** A value for CEL: integral numbers as Long, other numbers as Double, instants as timestamps. */
	static @Nullable Object cel(@Nullable Object value) {
		return switch (value) {
			case null -> NullValue.NULL_VALUE;
			case Integer i -> i.longValue();
			case Short s -> s.longValue();
			case Byte b -> b.longValue();
			case Float f -> f.doubleValue();
			case BigDecimal d -> d.doubleValue();
			case BigInteger i -> i.bitLength() < 64 ? (Object) i.longValue() : (Object) i.doubleValue();
			case Instant instant -> timestamp(instant);
			case Map<?, ?> map -> {
				Map<String, Object> copy = new LinkedHashMap<>();
				map.forEach((k, v) -> copy.put(String.valueOf(k), cel(v)));
				yield copy;
			}
			case List<?> list -> {
				List<Object> copy = new ArrayList<>(list.size());
				list.forEach(v -> copy.add(cel(v)));
				yield copy;
			}
			default -> value;
		};
	}

	/** Readings: every number as a double, as telemetry stores them. */
	static Map<String, Object> readings(Map<String, ?> values) {
		Map<String, Object> copy = new LinkedHashMap<>();
		values.forEach((k, v) -> copy.put(k, v instanceof Number n ? (Object) n.doubleValue() : cel(v)));
		return copy;
	}

	/** A map of values as plain Java, for traces. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> plainMap(Map<String, ?> values) {
		return (Map<String, Object>) plain(values);
	}

	static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	/** A CEL result as plain JSON-friendly Java: numbers, strings, booleans, maps, lists, ISO times. */
	static @Nullable Object plain(@Nullable Object value) {
		return switch (value) {
			case null -> null;
			case NullValue n -> null;
			case UnsignedLong u -> u.longValue();
			case Timestamp t -> Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
			case Duration d -> java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos()).toString();
			case ByteString bytes -> java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
			case Map<?, ?> map -> {
				Map<String, Object> copy = new LinkedHashMap<>();
				map.forEach((k, v) -> copy.put(String.valueOf(plain(k)), plain(v)));
				yield copy;
			}
			case List<?> list -> {
				List<Object> copy = new ArrayList<>(list.size());
				list.forEach(v -> copy.add(plain(v)));
				yield copy;
			}
			default -> value;
		};
	}

	/** A value as a template shows it: 31.5 not 31.500000, 30 not 30.0, lists and maps as JSON. */
	static String text(@Nullable Object value) {
		Object plain = plain(value);
		return switch (plain) {
			case null -> "";
			case Double d -> number(d);
			case String s -> s;
			case Map<?, ?> m -> JSON.writeValueAsString(m);
			case List<?> l -> JSON.writeValueAsString(l);
			default -> String.valueOf(plain);
		};
	}

	static String number(double d) {
		if (Double.isNaN(d) || Double.isInfinite(d)) {
			return Double.toString(d);
		}
		if (d == Math.rint(d) && Math.abs(d) < 1e15) {
			return Long.toString((long) d);
		}
		return BigDecimal.valueOf(d).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString();
	}
}
