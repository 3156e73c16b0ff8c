package io.cirrus.health.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.health.AlarmRule;
import io.cirrus.health.AlarmRuleDefinition;
import io.cirrus.health.AlarmRules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/alarm-rules")
@Tag(name = "Alarm rules", description = "Thresholds over a duration on telemetry keys or health metrics")
class AlarmRuleController {

	private final AlarmRules rules;

	AlarmRuleController(AlarmRules rules) {
		this.rules = rules;
	}

	@GetMapping
	@Operation(summary = "The tenant's alarm rules")
	List<AlarmRule> list() {
		return rules.list();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One alarm rule")
	AlarmRule get(@PathVariable UUID id) {
		return rules.get(id);
	}

	@PostMapping
	@Operation(summary = "Create an alarm rule (tenant-admin, developer)")
	@ApiResponse(responseCode = "201", description = "The rule")
	ResponseEntity<AlarmRule> create(@Valid @RequestBody AlarmRuleDefinition definition) {
		AlarmRule rule = rules.create(definition);
		return ResponseEntity.created(URI.create("/api/v1/alarm-rules/" + rule.id())).body(rule);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Change an alarm rule (tenant-admin, developer)")
	AlarmRule update(@PathVariable UUID id, @Valid @RequestBody AlarmRuleDefinition definition) {
		return rules.update(id, definition);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete an alarm rule; its active alarms are cleared (tenant-admin, developer)")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		rules.delete(id);
		return ResponseEntity.noContent().build();
	}
}
