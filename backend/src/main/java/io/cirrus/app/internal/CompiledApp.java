package io.cirrus.app.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cirrus.app.Action;
import io.cirrus.app.AppDocument;
import io.cirrus.app.AppDocument.DeviceSelector;
import io.cirrus.app.Block;
import io.cirrus.app.Trigger;

/**
 * A valid app version ready to evaluate: every expression and template compiled, every duration parsed. Built once
 * per version (the runtime caches it per deployed version) and shared by all the threads that evaluate it; it holds
 * no state of its own.
 *
 * @param document the version's document
 * @param settings the settings' values, typed for CEL, by variable name ({@code app.settings.<name>})
 * @param blocks   the blocks in the order they are updated
 * @param rules    the rules in the order they are evaluated
 */
public record CompiledApp(AppDocument document, Map<String, Object> settings, List<CompiledBlock> blocks,
		List<CompiledRule> rules) {

	/**
	 * A block with its parsed period, for for-duration its compiled condition, and its name in expressions
	 * ({@code blocks.<id>}).
	 */
	record CompiledBlock(Block block, @Nullable Duration period, @Nullable Expression condition, String variable) {

		CompiledBlock(Block block, @Nullable Duration period, @Nullable Expression condition) {
			this(block, period, condition, "blocks." + block.id());
		}
	}

	/** A rule with the triggers it answers (all when empty), its condition, cooldown and actions. */
	record CompiledRule(AppDocument.Rule rule, Set<String> triggers, @Nullable Expression condition,
			@Nullable String cooldown, List<CompiledAction> actions) {
	}

	/** An action with its templates by field ({@code title}, {@code params.level}, ...) and an emit's value. */
	record CompiledAction(Action action, Map<String, Template> templates, @Nullable Expression value,
			@Nullable Duration timeout) {
	}

	/**
	 * Compiles a version's text without looking at the tenant's data (the runtime compiles versions validated
	 * before); a text with errors is refused, its problems in the message.
	 */
	public static CompiledApp from(String source, io.cirrus.app.AppFormat format) {
		AppValidator.Checked checked = AppValidator.check(source, format, document -> List.of());
		if (checked.compiled() == null) {
			throw new IllegalArgumentException("The app does not compile: " + checked.validation().problems().stream()
				.filter(io.cirrus.app.AppProblem::isError)
				.map(p -> p.path() + ": " + p.message())
				.toList());
		}
		return checked.compiled();
	}

	public List<Trigger> triggers() {
		return document.triggers();
	}

	/** The devices the app may read; null: none. */
	@Nullable DeviceSelector permitted() {
		return document.permissions().devices();
	}
}
