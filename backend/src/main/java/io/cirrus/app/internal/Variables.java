package io.cirrus.app.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.cel.runtime.CelVariableResolver;

/**
 * What expressions read while one app evaluates one event ({@link AppExpressions} declares the names): looked up
 * where they are when an expression asks, rather than copied into a map for every evaluation, which cost more than
 * the expressions themselves.
 */
final class Variables implements CelVariableResolver {

	private final CompiledApp app;

	private final AppEvaluator.Identity identity;

	private final AppEvent event;

	private final Map<String, Object> previous;

	private final String trigger;

	/**
	 * Blocks' variable names ({@code blocks.<id>}) and values, as updated so far: an app has a few blocks, and two
	 * small arrays cost less to fill for every evaluation than a map.
	 */
	private String[] blockNames;

	private Object[] blockValues;

	private int blockCount;

	private @Nullable Object celPrevious;

	Variables(CompiledApp app, AppEvaluator.Identity identity, AppEvent event, Map<String, Object> previous, String trigger) {
		this.app = app;
		this.identity = identity;
		this.event = event;
		this.previous = previous;
		this.trigger = trigger;
		this.blockNames = new String[Math.max(1, app.blocks().size())];
		this.blockValues = new Object[blockNames.length];
	}

	void block(String variable, Object value) {
		for (int i = 0; i < blockCount; i++) {
			if (blockNames[i].equals(variable)) {
				blockValues[i] = value;
				return;
			}
		}
		if (blockCount == blockNames.length) {
			blockNames = Arrays.copyOf(blockNames, blockCount * 2);
			blockValues = Arrays.copyOf(blockValues, blockCount * 2);
		}
		blockNames[blockCount] = variable;
		blockValues[blockCount++] = value;
	}

	@Nullable Object block(String variable) {
		for (int i = 0; i < blockCount; i++) {
			if (blockNames[i].equals(variable)) {
				return blockValues[i];
			}
		}
		return null;
	}

	@Override
	public Optional<Object> find(String name) {
		return Optional.ofNullable(value(name));
	}

	@Nullable Object value(String name) {
		DeviceContext device = event.device();
		return switch (name) {
			case "event.kind" -> event.kind();
			case "event.trigger" -> trigger;
			case "event.time", "now" -> event.timestamp();
			case "event.values" -> event.celValues();
			case "event.previous" -> {
				if (celPrevious == null) {
					celPrevious = previous.isEmpty() ? Map.of() : Values.readings(previous);
				}
				yield celPrevious;
			}
			case "device.id" -> device == null ? "" : device.id();
			case "device.name" -> device == null ? "" : device.name();
			case "device.profile" -> device == null ? "" : device.profileName();
			case "device.tags" -> device == null ? List.of() : device.tags();
			case "device.metadata" -> event.celMetadata();
			case "app.id" -> identity.id();
			case "app.name" -> identity.name();
			default -> {
				Object block = block(name);
				yield block != null ? block : app.settings().get(name);
			}
		};
	}
}
