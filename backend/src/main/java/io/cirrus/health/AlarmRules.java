package io.cirrus.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.validation.annotation.Validated;

import io.cirrus.health.internal.AlarmRaiser;
import io.cirrus.health.internal.AlarmRuleStore;
import io.cirrus.health.internal.AlarmStore;
import io.cirrus.health.internal.ConditionTracker;
import io.cirrus.health.internal.RuleSelectors;
import io.cirrus.health.internal.TelemetryKeys;
import io.cirrus.health.internal.TelemetryRules;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * The alarm rules of the caller's tenant. Everyone in the tenant reads them; tenant admins and developers change
 * them. A rule is checked before it is stored: a known operator, a telemetry key the tenant's devices report or a
 * tenant health metric, a selector that parses, a duration that is not negative.
 */
@Service
@Validated
public class AlarmRules {

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final String CHANGERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "', '" + Roles.DEVELOPER + "')";

	private final AlarmRuleStore store;

	private final AlarmStore alarms;

	private final AlarmRaiser raiser;

	private final TelemetryRules telemetryRules;

	private final ConditionTracker conditions;

	private final RuleSelectors selectors;

	private final TelemetryKeys telemetryKeys;

	private final Clock clock;

	AlarmRules(AlarmRuleStore store, AlarmStore alarms, AlarmRaiser raiser, TelemetryRules telemetryRules,
			ConditionTracker conditions, RuleSelectors selectors, TelemetryKeys telemetryKeys, Clock clock) {
		this.store = store;
		this.alarms = alarms;
		this.raiser = raiser;
		this.telemetryRules = telemetryRules;
		this.conditions = conditions;
		this.selectors = selectors;
		this.telemetryKeys = telemetryKeys;
		this.clock = clock;
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public List<AlarmRule> list() {
		TenantId tenant = TenantContext.require();
		return store.findAll(tenant);
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public AlarmRule get(UUID id) {
		TenantId tenant = TenantContext.require();
		return store.find(tenant, id).orElseThrow(() -> new NotFoundException("Alarm rule", id));
	}

	@PreAuthorize(CHANGERS)
	@Transactional
	public AlarmRule create(@Valid AlarmRuleDefinition definition) {
		TenantId tenant = TenantContext.require();
		Instant now = clock.instant();
		AlarmRule rule = checked(UUID.randomUUID(), tenant, definition, now);
		store.insert(tenant, rule, now);
		changed(tenant, rule.id());
		return rule;
	}

	@PreAuthorize(CHANGERS)
	@Transactional
	public AlarmRule update(UUID id, @Valid AlarmRuleDefinition definition) {
		TenantId tenant = TenantContext.require();
		store.find(tenant, id).orElseThrow(() -> new NotFoundException("Alarm rule", id));
		AlarmRule rule = checked(id, tenant, definition, clock.instant());
		store.update(tenant, rule);
		changed(tenant, id);
		return rule;
	}

	/** Deletes a rule; its active alarms are cleared (and their subscribers told). */
	@PreAuthorize(CHANGERS)
	@Transactional
	public void delete(UUID id) {
		TenantId tenant = TenantContext.require();
		if (!store.delete(tenant, id)) {
			throw new NotFoundException("Alarm rule", id);
		}
		List<Alarm> cleared = alarms.clearRule(id.toString(), clock.instant());
		cleared.forEach(alarm -> raiser.announceCleared(tenant, alarm));
		changed(tenant, id);
	}

	/**
	 * Drops what the evaluators cached about the tenant's rules now and again when the transaction completes: a
	 * reading evaluated in between would otherwise reload the rules without this change (not yet committed) and keep
	 * them until the next periodic reload.
	 */
	private void changed(TenantId tenant, UUID id) {
		forget(tenant, id);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forget(tenant, id);
				}
			});
		}
	}

	private void forget(TenantId tenant, UUID id) {
		telemetryRules.reload(tenant);
		conditions.forgetRule(tenant, id.toString());
	}

	private AlarmRule checked(UUID id, TenantId tenant, AlarmRuleDefinition definition, Instant now) {
		Comparison operator = Comparison.ofSymbol(Objects.requireNonNull(definition.operator()).strip())
			.orElseThrow(() -> CirrusException.invalidField("operator", "must be one of "
					+ Arrays.stream(Comparison.values()).map(Comparison::symbol).collect(Collectors.joining(" "))));
		String metric = Objects.requireNonNull(definition.metric()).strip();
		String selector;
		if (definition.source() == AlarmSource.HEALTH) {
			HealthMetric known = HealthMetric.ofKey(metric)
				.filter(m -> m.scope() == HealthMetric.Scope.TENANT)
				.orElseThrow(() -> CirrusException.invalidField("metric", "is not a tenant health metric; use one of "
						+ Arrays.stream(HealthMetric.values())
							.filter(m -> m.scope() == HealthMetric.Scope.TENANT)
							.map(HealthMetric::key)
							.collect(Collectors.joining(", "))));
			metric = known.key();
			selector = RuleSelectors.ALL;
		}
		else {
			if (!KEY.matcher(metric).matches()) {
				throw CirrusException.invalidField("metric", "must be a telemetry key of 1 to 64 letters, digits, '_', '.' or '-'");
			}
			if (!telemetryKeys.known(tenant, metric)) {
				throw CirrusException.invalidField("metric", "is not a key any device of this tenant has reported ('" + metric
						+ "'); check the spelling on a device page");
			}
			selector = selectors.normalize(definition.selector());
		}
		double threshold = Objects.requireNonNull(definition.threshold());
		if (!Double.isFinite(threshold)) {
			throw CirrusException.invalidField("threshold", "must be a finite number");
		}
		return new AlarmRule(id, Objects.requireNonNull(definition.name()).strip(), definition.source(), metric, selector,
				operator, threshold, Objects.requireNonNull(definition.durationSeconds()),
				Objects.requireNonNull(definition.severity()), definition.enabled() == null || definition.enabled(), now,
				HealthScope.username());
	}
}
