package io.cirrus.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cirrus.app.AppFormat;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;

/** Validation without tenant data: each class of problem, at its path, line and column, and offset in expressions. */
class AppValidationTests {

	static final String FREEZER = """
			name: Freezer watch
			settings:
			  threshold: {type: number, value: 30}
			permissions:
			  devices: {tags: [freezer]}
			  actions: [notify]
			triggers:
			  - id: readings
			    kind: telemetry
			    keys: [temperature]
			blocks:
			  - id: hot
			    kind: for-duration
			    condition: event.values.temperature > app.settings.threshold
			    readings: 2
			rules:
			  - id: too-warm
			    condition: blocks.hot
			    actions:
			      - kind: notify
			        recipients: [user:acme-admin]
			        priority: high
			        title: "{{ device.name }} is at {{ event.values.temperature }} °C"
			""";

	static AppValidator.Checked check(String yaml) {
		return AppValidator.check(yaml, AppFormat.YAML, document -> List.of());
	}

	static AppProblem only(AppValidator.Checked checked) {
		assertThat(checked.validation().problems()).hasSize(1);
		return checked.validation().problems().getFirst();
	}

	@Test
	void aCorrectDocumentIsValidAndCompiles() {
		AppValidator.Checked checked = check(FREEZER);
		assertThat(checked.validation().problems()).isEmpty();
		assertThat(checked.validation().valid()).isTrue();
		assertThat(checked.compiled()).isNotNull();
		assertThat(checked.document().rules().getFirst().actions().getFirst().kind()).isEqualTo("notify");
	}

	@Test
	void yamlThatDoesNotParseIsASyntaxErrorWithItsPosition() {
		AppProblem problem = only(check("name: x\ntriggers: [\n  - id: a\n"));
		assertThat(problem.code()).isEqualTo(Code.SYNTAX);
		assertThat(problem.line()).isNotNull();
		assertThat(problem.message()).startsWith("Not valid YAML");
	}

	@Test
	void jsonThatDoesNotParseIsASyntaxErrorWithLineAndColumn() {
		AppValidator.Checked checked = AppValidator.check("{\n  \"name\": \"x\",\n  \"triggers\": [}\n", AppFormat.JSON,
				d -> List.of());
		AppProblem problem = only(checked);
		assertThat(problem.code()).isEqualTo(Code.SYNTAX);
		assertThat(problem.line()).isEqualTo(3);
		assertThat(problem.column()).isEqualTo(16);
	}

	@Test
	void schemaErrorsNameTheFieldLineAndColumnAndAllComeAtOnce() {
		String yaml = FREEZER.replace("    kind: telemetry\n", "    kind: telemetri\n")
			.replace("    readings: 2\n", "    readings: 2\n    colour: blue\n")
			.replace("priority: high", "priority: loud");
		List<AppProblem> problems = check(yaml).validation().problems();
		assertThat(problems).extracting(AppProblem::code).containsOnly(Code.SCHEMA);
		assertThat(problems).extracting(AppProblem::path)
			.contains("$.triggers[0].kind", "$.blocks[0].colour", "$.rules[0].actions[0].priority");
		AppProblem kind = problems.stream().filter(p -> p.path().equals("$.triggers[0].kind")).findFirst().orElseThrow();
		assertThat(kind.line()).isEqualTo(9);
		assertThat(kind.column()).isEqualTo(11);
		assertThat(kind.message()).contains("telemetri").contains("telemetry, device-status");
		AppProblem unknown = problems.stream().filter(p -> p.path().equals("$.blocks[0].colour")).findFirst().orElseThrow();
		assertThat(unknown.line()).isEqualTo(16);
		assertThat(unknown.column()).isEqualTo(5);
		assertThat(unknown.message()).contains("Unknown field 'colour'");
	}

	@Test
	void aPatternErrorSaysWhatIsExpectedNotTheRegex() {
		AppProblem problem = only(check(FREEZER.replace("    readings: 2\n", "    for: 2 minutes\n")));
		assertThat(problem.path()).isEqualTo("$.blocks[0].for");
		assertThat(problem.message()).isEqualTo("Must be a duration such as 500ms, 30s, 5m, 2h or 1d.");
	}

	@Test
	void aMissingFieldAndAWrongTypeAreSchemaErrors() {
		String yaml = FREEZER.replace("    readings: 2\n", "").replace("condition: blocks.hot", "condition: 12");
		List<AppProblem> problems = check(yaml).validation().problems();
		assertThat(problems).anySatisfy(p -> {
			assertThat(p.path()).isEqualTo("$.blocks[0]");
			assertThat(p.message()).contains("exactly one of for").contains("readings");
		});
		assertThat(problems).anySatisfy(p -> {
			assertThat(p.path()).isEqualTo("$.rules[0].condition");
			assertThat(p.message()).contains("string expected");
		});
	}

	@Test
	void aCelSyntaxErrorGivesTheOffsetInTheExpressionAndItsPlaceInTheText() {
		String yaml = FREEZER.replace("event.values.temperature > app.settings.threshold",
				"event.values.temperature >> app.settings.threshold");
		AppProblem problem = only(check(yaml));
		assertThat(problem.code()).isEqualTo(Code.CEL_SYNTAX);
		assertThat(problem.path()).isEqualTo("$.blocks[0].condition");
		assertThat(problem.offset()).isEqualTo(26);
		// "    condition: " is 15 characters: the expression starts at column 16, the error 26 characters into it.
		assertThat(problem.line()).isEqualTo(14);
		assertThat(problem.column()).isEqualTo(16 + 26);
	}

	@Test
	void aCelTypeErrorSaysWhatExistsInsteadOfAMisspelledSetting() {
		String yaml = FREEZER.replace("> app.settings.threshold", "> app.settings.thresold");
		AppProblem problem = only(check(yaml));
		assertThat(problem.code()).isEqualTo(Code.CEL_TYPE);
		// At the misspelled name, after "app.settings.".
		assertThat(problem.offset()).isEqualTo(27 + 13);
		assertThat(problem.column()).isEqualTo(16 + 40);
		assertThat(problem.message()).isEqualTo("Unknown setting 'thresold': the app declares threshold.");
	}

	@Test
	void aConditionThatIsNotBooleanIsATypeError() {
		AppProblem problem = only(check(FREEZER.replace("condition: blocks.hot", "condition: device.name")));
		assertThat(problem.code()).isEqualTo(Code.CEL_TYPE);
		assertThat(problem.path()).isEqualTo("$.rules[0].condition");
		assertThat(problem.message()).contains("bool").contains("string");
	}

	@Test
	void aTemplateNamingAVariableThatDoesNotExistIsReportedAtItsPlaceholder() {
		String yaml = FREEZER.replace("{{ device.name }} is at", "{{ device.nam }} is at");
		AppProblem problem = only(check(yaml));
		assertThat(problem.code()).isEqualTo(Code.TEMPLATE);
		assertThat(problem.path()).isEqualTo("$.rules[0].actions[0].title");
		assertThat(problem.offset()).isEqualTo(3 + 7);
		assertThat(problem.message()).contains("device has no field 'nam'");
		assertThat(problem.line()).isEqualTo(23);
		// title: "{{ ... : the value's quote is at column 16, its text at 17, "nam" 10 characters further.
		assertThat(problem.column()).isEqualTo(17 + 10);
	}

	@Test
	void anUnclosedPlaceholderIsATemplateError() {
		AppProblem problem = only(check(FREEZER.replace("{{ event.values.temperature }} °C", "{{ event.values.temperature °C")));
		assertThat(problem.code()).isEqualTo(Code.TEMPLATE);
		assertThat(problem.message()).contains("not closed");
	}

	@Test
	void aCronExpressionThatDoesNotParseIsAScheduleError() {
		String yaml = FREEZER.replace("""
				  - id: readings
				""", """
				  - id: nightly
				    kind: schedule
				    cron: "61 * * * *"
				  - id: readings
				""");
		AppProblem problem = only(check(yaml));
		assertThat(problem.code()).isEqualTo(Code.SCHEDULE);
		assertThat(problem.path()).isEqualTo("$.triggers[0].cron");
		assertThat(problem.line()).isEqualTo(10);
		assertThat(problem.message()).contains("61 * * * *").contains("five fields");
	}

	@Test
	void fiveAndSixFieldCronExpressionsAndTimeZonesAreAccepted() {
		String yaml = FREEZER.replace("""
				  - id: readings
				""", """
				  - id: workdays
				    kind: schedule
				    cron: "0 8 * * MON-FRI"
				    timeZone: Europe/Berlin
				  - id: often
				    kind: schedule
				    cron: "*/30 * * * * *"
				  - id: readings
				""").replace("condition: blocks.hot", "triggers: [readings]\n    condition: blocks.hot");
		assertThat(check(yaml).validation().problems()).isEmpty();
	}

	@Test
	void anActionTheAppDidNotDeclareIsRefused() {
		String yaml = FREEZER.replace("""
				        title: "{{ device.name }} is at {{ event.values.temperature }} °C"
				""", """
				        title: "{{ device.name }} is at {{ event.values.temperature }} °C"
				      - kind: command
				        name: defrost
				""");
		AppProblem problem = only(check(yaml));
		assertThat(problem.code()).isEqualTo(Code.PERMISSION);
		assertThat(problem.path()).isEqualTo("$.rules[0].actions[1].kind");
		assertThat(problem.message()).contains("add 'command' to permissions.actions");
	}

	@Test
	void aWebhookToAHostTheAppDidNotDeclareIsRefused() {
		String yaml = FREEZER.replace("actions: [notify]", "actions: [notify, webhook]\n  webhookHosts: [hooks.example.com]")
			.replace("""
					        title: "{{ device.name }} is at {{ event.values.temperature }} °C"
					""", """
					        title: "{{ device.name }} is at {{ event.values.temperature }} °C"
					      - kind: webhook
					        url: https://evil.example.net/collect
					""");
		AppProblem problem = only(check(yaml));
		assertThat(problem.code()).isEqualTo(Code.PERMISSION);
		assertThat(problem.message()).contains("evil.example.net");
	}

	@Test
	void triggersBeyondThePermittedDevicesAndWithoutAnyAreRefused() {
		String beyond = FREEZER.replace("    keys: [temperature]\n", "    keys: [temperature]\n    devices: {tags: [fridge]}\n");
		assertThat(only(check(beyond)).path()).isEqualTo("$.triggers[0].devices");
		String none = FREEZER.replace("  devices: {tags: [freezer]}\n", "");
		AppProblem problem = only(check(none));
		assertThat(problem.code()).isEqualTo(Code.PERMISSION);
		assertThat(problem.message()).contains("permissions.devices grants none");
	}

	@Test
	void referencesToTriggersAndCooldownsThatDoNotExistAndDuplicateIdsAreErrors() {
		String yaml = FREEZER.replace("condition: blocks.hot", "triggers: [reading]\n    cooldown: quiet\n    condition: blocks.hot")
			.replace("""
					  - id: hot
					""", """
					  - id: readings
					    kind: cooldown
					    period: 5m
					  - id: hot
					""");
		List<AppProblem> problems = check(yaml).validation().problems();
		assertThat(problems).extracting(AppProblem::code)
			.containsExactlyInAnyOrder(Code.DUPLICATE, Code.REFERENCE, Code.REFERENCE);
		assertThat(problems).extracting(AppProblem::path)
			.contains("$.blocks[0].id", "$.rules[0].triggers[0]", "$.rules[0].cooldown");
	}

	@Test
	void aSettingWhoseValueDoesNotMatchItsTypeIsAnError() {
		AppProblem problem = only(check(FREEZER.replace("{type: number, value: 30}", "{type: number, value: warm}")));
		assertThat(problem.code()).isEqualTo(Code.SETTING);
		assertThat(problem.path()).isEqualTo("$.settings.threshold.value");
	}

	@Test
	void schemaAndExpressionProblemsComeTogetherEvenWhenAPartDoesNotRead() {
		String yaml = FREEZER.replace("    kind: telemetry\n", "    kind: telemetri\n")
			.replace("event.values.temperature > app.settings.threshold", "event.values.temperature >")
			.replace("{{ device.name }} is at", "{{ device.nam }} is at");
		List<AppProblem> problems = check(yaml).validation().problems();
		assertThat(problems).extracting(AppProblem::code).containsExactly(Code.SCHEMA, Code.CEL_SYNTAX, Code.TEMPLATE);
		assertThat(check(yaml).compiled()).isNull();
	}

	@Test
	void problemsOfPartsAfterOneThatDoesNotReadKeepTheirOwnIndex() {
		String yaml = FREEZER.replace("""
				rules:
				  - id: too-warm
				""", """
				rules:
				  - id: broken
				    actions: nothing
				  - id: too-warm
				""").replace("condition: blocks.hot", "condition: blocks.hot &&");
		assertThat(check(yaml).validation().problems()).extracting(AppProblem::path)
			.contains("$.rules[0].actions", "$.rules[1].condition");
	}

	@Test
	void blockScalarsLocateExpressionErrorsOnTheirOwnLine() {
		String yaml = FREEZER.replace("    condition: event.values.temperature > app.settings.threshold\n", """
				    condition: |
				      event.values.temperature > 0 &&
				      event.values.temperature > app.settings.nope
				""");
		AppProblem problem = only(check(yaml));
		assertThat(problem.line()).isEqualTo(16);
		assertThat(problem.column()).isEqualTo(7 + 27 + 13);
	}
}
