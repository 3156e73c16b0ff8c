package io.cirrus.health.ui;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.device.DeviceProfiles;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.health.Alarm;
import io.cirrus.health.AlarmRule;
import io.cirrus.health.AlarmRules;
import io.cirrus.health.Alarms;
import io.cirrus.health.DeviceHealth;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.LiveRefresh;

import jakarta.annotation.security.RolesAllowed;

/**
 * Alarms (active first, then history), the alarm rules that raise them, and device recovery per profile. Tenant
 * admins and developers acknowledge alarms and edit rules and policies; viewers read. {@code /alarms/<id>} opens one alarm.
 */
@Route("alarms/:alarmId?")
@PageTitle("Alarms · Cirrus")
@Menu(title = "Alarms", order = 11, icon = "BELL_O")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class AlarmsView extends VerticalLayout implements BeforeEnterObserver {

	private final Alarms alarms;

	private final AlarmRules rules;

	private final boolean canChange;

	private final Checkbox activeOnly = new Checkbox("Active only");

	private final AlarmGrid alarmGrid;

	private final Grid<AlarmRule> ruleGrid = new Grid<>();

	private final Paragraph selected = new Paragraph();

	private final DeviceRegistry devices;

	private List<Alarm> shownAlarms = List.of();

	AlarmsView(Alarms alarms, AlarmRules rules, DeviceHealth deviceHealth, DeviceProfiles profiles, DeviceRegistry devices) {
		this.alarms = alarms;
		this.devices = devices;
		this.rules = rules;
		this.canChange = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		setId("alarms");
		alarmGrid = new AlarmGrid("alarm-history", canChange,
				alarm -> new AcknowledgeDialog(alarm, note -> {
					alarms.acknowledge(alarm.id(), note);
					Notification.show("Alarm acknowledged", 3000, Notification.Position.BOTTOM_START);
					showAlarms();
				}).open(), devices);
		activeOnly.setId("active-only");
		activeOnly.addValueChangeListener(e -> showAlarms());
		alarmGrid.setEmptyStateText("No alarms yet: none of your rules has fired.");
		selected.setId("selected-alarm");
		selected.setVisible(false);

		ruleGrid.setId("alarm-rules");
		ruleGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
		ruleGrid.addColumn(AlarmRule::name).setHeader("Rule").setAutoWidth(true);
		ruleGrid.addColumn(AlarmRule::condition).setHeader("Condition").setFlexGrow(2);
		ruleGrid.addColumn(rule -> devicesOf(rule.selector())).setHeader("Devices").setAutoWidth(true);
		ruleGrid.addColumn(r -> r.severity().name()).setHeader("Severity").setAutoWidth(true);
		ruleGrid.addColumn(r -> r.enabled() ? "on" : "off").setHeader("Enabled").setAutoWidth(true);
		if (canChange) {
			ruleGrid.addComponentColumn(rule -> {
				Button edit = new Button("Edit", e -> new AlarmRuleDialog(rule, d -> rules.update(rule.id(), d), this::showRules).open());
				edit.addThemeVariants(ButtonVariant.SMALL);
				Button delete = new Button("Delete", e -> confirmDelete(rule));
				delete.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.ERROR);
				return new HorizontalLayout(edit, delete);
			}).setAutoWidth(true);
		}
		ruleGrid.setAllRowsVisible(true);
		ruleGrid.setEmptyStateText(canChange ? "No alarm rules yet. Add one with New rule." : "No alarm rules yet.");

		add(new H1("Alarms"), selected, activeOnly, alarmGrid, new H2("Alarm rules"));
		if (canChange) {
			Button create = new Button("New rule", e -> new AlarmRuleDialog(null, rules::create, this::showRules).open());
			create.setId("new-rule");
			create.addThemeVariants(ButtonVariant.PRIMARY);
			add(create);
		}
		add(ruleGrid, new DeviceRecoveryPolicies(deviceHealth, profiles, canChange));
		// A new alarm shows within a second or two, without a reload.
		LiveRefresh.every(this, Duration.ofSeconds(1), this::showAlarmsIfChanged);
	}

	/** "all devices", or a device by name rather than {@code device:<id>}. */
	private String devicesOf(String selector) {
		if (selector.equals("all")) {
			return "all devices";
		}
		if (selector.startsWith("device:")) {
			try {
				return devices.get(new DeviceId(UUID.fromString(selector.substring("device:".length())))).name();
			}
			catch (IllegalArgumentException | CirrusException e) {
				return selector;
			}
		}
		return selector;
	}

	@Override
	public void beforeEnter(BeforeEnterEvent event) {
		event.getRouteParameters().get("alarmId").ifPresentOrElse(id -> {
			try {
				Alarm alarm = alarms.get(UUID.fromString(id));
				selected.setText(alarm.severity() + " · " + alarm.ruleName() + " on " + alarm.entityName() + ": "
						+ alarm.message() + (alarm.state() == Alarm.State.CLEARED ? " (cleared)" : " (active)"));
				selected.setVisible(true);
			}
			catch (IllegalArgumentException | io.cirrus.shared.NotFoundException e) {
				selected.setText("No alarm " + id + ".");
				selected.setVisible(true);
			}
		}, () -> selected.setVisible(false));
		showAlarms();
		showRules();
	}

	private void showAlarms() {
		alarmGrid.setEmptyStateText(activeOnly.getValue() ? "No active alarms." : "No alarms yet: none of your rules has fired.");
		List<Alarm> list = alarms.list(activeOnly.getValue());
		shownAlarms = list;
		alarmGrid.show(list);
	}

	/** The live update: redraws only when an alarm came, went or changed (a redraw would drop a half-made click). */
	private void showAlarmsIfChanged() {
		List<Alarm> list = alarms.list(activeOnly.getValue());
		if (!list.equals(shownAlarms)) {
			shownAlarms = list;
			alarmGrid.show(list);
		}
	}

	private void showRules() {
		ruleGrid.setItems(rules.list());
	}

	private void confirmDelete(AlarmRule rule) {
		ConfirmDialog confirm = new ConfirmDialog("Delete '" + rule.name() + "'?",
				"Its active alarms will be cleared. This cannot be undone.", "Delete", e -> {
					rules.delete(rule.id());
					showRules();
					showAlarms();
				});
		confirm.setCancelable(true);
		confirm.setConfirmButtonTheme("error primary");
		confirm.open();
	}
}
