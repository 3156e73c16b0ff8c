package io.cirrus.health.web;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.health.Alarm;
import io.cirrus.health.Alarms;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/alarms")
@Tag(name = "Alarms", description = "Raised, acknowledged and cleared alarms")
class AlarmController {

	private final Alarms alarms;

	AlarmController(Alarms alarms) {
		this.alarms = alarms;
	}

	/** What an acknowledgement says. */
	record Acknowledgement(@Nullable String note) {
	}

	@GetMapping
	@Operation(summary = "Alarms of the caller's tenant, active first; state=ACTIVE for active ones only")
	List<Alarm> list(@RequestParam(required = false) Alarm.@Nullable State state) {
		return alarms.list(state == Alarm.State.ACTIVE);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One alarm")
	Alarm get(@PathVariable UUID id) {
		return alarms.get(id);
	}

	@PostMapping("/{id}/acknowledge")
	@Operation(summary = "Acknowledge an alarm with an optional note (tenant-admin, developer)")
	Alarm acknowledge(@PathVariable UUID id, @RequestBody(required = false) @Nullable Acknowledgement body) {
		return alarms.acknowledge(id, body == null ? null : body.note());
	}
}
