package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.cirrus.app.AppProblem.Code;
import io.cirrus.notification.WebhookService;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.RecordedEvents;
import io.cirrus.test.TestTenant;

/**
 * Validation against what a tenant has configured (notification channels, recipients, targets, checked by the
 * notification module), and the event a validation publishes, in a tenant made for each test.
 */
@CirrusIntegrationTest
class AppTenantIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Apps apps;

	@Autowired
	WebhookService webhooks;

	@Autowired
	RecordedEvents events;

	static final String NOTIFY = """
			name: Channels
			permissions: {devices: {}, actions: [notify]}
			triggers: [{id: t, kind: telemetry}]
			rules:
			  - id: r
			    actions:
			      - kind: notify
			        recipients: [user:nobody-here, ext:pager]
			        target: "tag:floor-3 && ("
			        channels: [inbox, webhook]
			        title: x
			""";

	@Test
	void channelsRecipientsAndTargetsAreCheckedAgainstTheTenant() {
		TestTenant tenant = TestTenant.create(jdbc);
		AppValidation validation = tenant.asDeveloper(() -> apps.check(NOTIFY, AppFormat.YAML, null));
		assertThat(validation.valid()).isFalse();
		assertThat(validation.problems()).extracting(p -> p.code() + " " + p.severity().id() + " " + p.path())
			.containsExactlyInAnyOrder("CHANNEL warning $.rules[0].actions[0].recipients[0]",
					"CHANNEL warning $.rules[0].actions[0].recipients[1]", "SCHEMA error $.rules[0].actions[0].target",
					"CHANNEL error $.rules[0].actions[0].channels[1]");
		AppProblem webhook = validation.problems().stream().filter(p -> p.path().endsWith("channels[1]")).findFirst().orElseThrow();
		assertThat(webhook.message()).contains("no webhook endpoint").contains("Webhooks");
		assertThat(webhook.line()).isEqualTo(10);
		AppProblem target = validation.problems().stream().filter(p -> p.path().endsWith("target")).findFirst().orElseThrow();
		assertThat(target.message()).contains("position");

		// With an endpoint and a valid target, only the unknown recipients are left, as warnings.
		tenant.asDeveloper(() -> webhooks.register(new WebhookService.EndpointRequest("http://127.0.0.1:18099/hook", "test")));
		AppValidation fixed = tenant.asDeveloper(() -> apps.check(NOTIFY.replace("tag:floor-3 && (", "tag:floor-3"),
				AppFormat.YAML, null));
		assertThat(fixed.valid()).isTrue();
		assertThat(fixed.problems()).extracting(AppProblem::code).containsOnly(Code.CHANNEL);
		assertThat(fixed.warnings()).isEqualTo(2);
	}

	@Test
	void savingAndValidatingPublishAppVersionValidated() {
		TestTenant tenant = TestTenant.create(jdbc);
		AppVersion first = tenant.asDeveloper(() -> apps.create(NOTIFY.replace("Channels", "Published"), AppFormat.YAML));
		List<AppVersionValidated> published = events.of(AppVersionValidated.class, e -> e.app().equals(first.app()));
		assertThat(published).hasSize(1);
		AppVersionValidated event = published.getFirst();
		assertThat(event.tenant()).isEqualTo(tenant.id());
		assertThat(event.version()).isEqualTo(1);
		assertThat(event.valid()).isFalse();
		assertThat(event.errors()).isEqualTo(2);
		assertThat(event.by()).isEqualTo("dev-" + tenant.alias());
		assertThat(events.recorded(AppVersionValidated.class, e -> e.app().equals(first.app())).getFirst().inTransaction())
			.isTrue();

		tenant.asDeveloper(() -> apps.validate(first.app(), 1));
		assertThat(events.of(AppVersionValidated.class, e -> e.app().equals(first.app()))).hasSize(2);
	}
}
