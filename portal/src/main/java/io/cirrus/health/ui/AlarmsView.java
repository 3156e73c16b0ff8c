package io.cirrus.health.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.device.DeviceProfiles;
import io.cirrus.device.DeviceQuery;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.health.Alarm;
import io.cirrus.health.AlarmFilter;
import io.cirrus.health.AlarmRule;
import io.cirrus.health.AlarmRules;
import io.cirrus.health.Alarms;
import io.cirrus.health.DeviceHealth;
import io.cirrus.health.Severity;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.LiveRefresh;

import jakarta.annotation.security.RolesAllowed;

/**
 * Alarms (active first, then history) filtered by severity, state, device and when they were raised, the alarm rules
 * that raise them, and device recovery per profile. Tenant admins and developers acknowledge alarms (one or a
 * selection at once) and edit rules and policies; viewers read. {@code /alarms/<id>} opens one alarm.
 */
@Route("alarms/:alarmId?")
@PageTitle("Alarms · Cirrus")
@Menu(title = "Alarms", order = 11, icon = "BELL_O")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class AlarmsView extends VerticalLayout implements BeforeEnterObserver {

	private final Alarms alarms;

	private final AlarmRules rules;

	private final boolean canChange;

	/** The time windows the list can be narrowed to; zero means any time. */
	private static final List<Duration> WINDOWS = List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(1),
			Duration.ofDays(7), Duration.ofDays(30));

	private final MultiSelectComboBox<Severity> severity = new MultiSelectComboBox<>("Severity");

	private final Select<AlarmFilter.State> state = new Select<>();

	private final ComboBox<UUID> device = new ComboBox<>("Device");

	private final Map<UUID, String> deviceNames = new HashMap<>();

	private final Select<Duration> raised = new Select<>();

	private final Button acknowledgeSelected = new Button("Acknowledge selected");

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
		severity.setId("alarm-filter-severity");
		severity.setItems(Severity.values());
		severity.setPlaceholder("Any");
		severity.addValueChangeListener(e -> showAlarms());
		state.setLabel("State");
		state.setId("alarm-filter-state");
		state.setEmptySelectionAllowed(true);
		state.setEmptySelectionCaption("Any");
		state.setItems(AlarmFilter.State.values());
		state.setItemLabelGenerator(s -> s == null ? "Any" : switch (s) {
			case ACTIVE -> "Active";
			case UNACKNOWLEDGED -> "Active, not acknowledged";
			case CLEARED -> "Cleared";
		});
		state.addValueChangeListener(e -> showAlarms());
		device.setId("alarm-filter-device");
		device.setPlaceholder("Any");
		device.setClearButtonVisible(true);
		device.setItemLabelGenerator(id -> deviceNames.getOrDefault(id, id.toString()));
		device.setItems(query -> devices.list(new DeviceQuery(query.getFilter().filter(f -> !f.isBlank()).orElse(null), null,
				null, null, "name", false, query.getPage(), Math.min(query.getPageSize(), DeviceQuery.MAX_SIZE)), false)
			.items()
			.stream()
			.peek(d -> deviceNames.put(d.id().value(), d.name()))
			.map(d -> d.id().value()));
		device.addValueChangeListener(e -> showAlarms());
		raised.setLabel("Raised");
		raised.setId("alarm-filter-raised");
		raised.setItems(WINDOWS);
		raised.setItemLabelGenerator(w -> w.isZero() ? "Any time" : w.toHours() == 1 ? "In the last hour"
				: "In the last " + (w.toDays() == 1 ? "24 hours" : w.toDays() + " days"));
		raised.setValue(Duration.ZERO);
		raised.addValueChangeListener(e -> showAlarms());
		acknowledgeSelected.setId("acknowledge-selected");
		acknowledgeSelected.setEnabled(false);
		acknowledgeSelected.addClickListener(e -> acknowledgeSelection());
		if (canChange) {
			alarmGrid.setSelectionMode(com.vaadin.flow.component.grid.Grid.SelectionMode.MULTI);
			alarmGrid.addSelectionListener(e -> {
				long open = e.getAllSelectedItems().stream().filter(a -> a.state() == Alarm.State.ACTIVE && !a.acknowledged()).count();
				acknowledgeSelected.setEnabled(open > 0);
				acknowledgeSelected.setText(open > 0 ? "Acknowledge " + open + " selected" : "Acknowledge selected");
			});
		}
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

		Div filters = new Div(severity, state, device, raised);
		filters.addClassName("cirrus-toolbar");
		filters.setId("alarm-filters");
		filters.getElement().setAttribute("role", "search");
		filters.getElement().setAttribute("aria-label", "Filter alarms");
		filters.setWidthFull();
		if (canChange) {
			filters.add(acknowledgeSelected);
		}
		add(new H1("Alarms"), selected, filters, alarmGrid, new H2("Alarm rules"));
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

	private AlarmFilter filter() {
		Duration window = raised.getValue() == null ? Duration.ZERO : raised.getValue();
		return new AlarmFilter(Set.copyOf(severity.getValue()), state.getValue(),
				device.getValue() == null ? null : device.getValue().toString(),
				window.isZero() ? null : Instant.now().minus(window), null, 500);
	}

	private boolean filtered() {
		return !severity.getValue().isEmpty() || state.getValue() != null || device.getValue() != null
				|| (raised.getValue() != null && !raised.getValue().isZero());
	}

	private void showAlarms() {
		alarmGrid.setEmptyStateText(filtered() ? "No alarms match these filters." : "No alarms yet: none of your rules has fired.");
		List<Alarm> list = alarms.search(filter());
		shownAlarms = list;
		alarmGrid.deselectAll();
		alarmGrid.show(list);
	}

	private void acknowledgeSelection() {
		List<UUID> ids = alarmGrid.getSelectedItems().stream()
			.filter(a -> a.state() == Alarm.State.ACTIVE && !a.acknowledged())
			.map(Alarm::id)
			.toList();
		new AcknowledgeDialog("Acknowledge " + ids.size() + " alarm" + (ids.size() == 1 ? "" : "s"), note -> {
			int done = alarms.acknowledgeAll(ids, note);
			Notification.show(done + " alarm" + (done == 1 ? "" : "s") + " acknowledged", 3000, Notification.Position.BOTTOM_START);
			showAlarms();
		}).open();
	}

	/** The live update: redraws only when an alarm came, went or changed (a redraw would drop a half-made click). */
	private void showAlarmsIfChanged() {
		List<Alarm> list = alarms.search(filter());
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
