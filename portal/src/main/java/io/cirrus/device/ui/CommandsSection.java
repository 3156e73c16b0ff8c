package io.cirrus.device.ui;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;


import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import io.cirrus.device.CommandRequest;
import io.cirrus.device.DeviceCommand;
import io.cirrus.device.DeviceCommands;
import io.cirrus.device.DeviceSummary;
import io.cirrus.device.MqttProperties;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.Times;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The device page's "Commands" section: how the device connects over MQTT, a form to send a command (tenant admins
 * and developers), and the latest commands with their states, refreshed live while the page is open.
 */
@Component
class CommandsSection implements DeviceDetailSection {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandsSection.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration POLL = Duration.ofSeconds(2);

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final DeviceCommands commands;

	private final MqttProperties mqtt;

	CommandsSection(DeviceCommands commands, MqttProperties mqtt) {
		this.commands = commands;
		this.mqtt = mqtt;
	}

	@Override
	public String title() {
		return "Commands";
	}

	@Override
	public int order() {
		return 30;
	}

	@Override
	public com.vaadin.flow.component.Component create(DeviceSummary device) {
		VerticalLayout layout = new VerticalLayout();
		layout.setPadding(false);
		layout.setId("device-commands");
		Paragraph connect = new Paragraph("MQTT: tcp://" + mqtt.host() + ":" + mqtt.port() + ", username and client id "
				+ device.id() + ", password the device token. Publish devices/" + device.id()
				+ "/telemetry and /heartbeat, subscribe devices/" + device.id() + "/commands (QoS 1), answer on devices/"
				+ device.id() + "/commands/<id>/result; or poll GET /api/v1/device/commands?waitSeconds=30.");
		connect.addClassName("cirrus-hint");
		layout.add(connect);

		Grid<DeviceCommand> grid = new Grid<>();
		grid.setId("command-grid");
		grid.addColumn(c -> Times.dateTime(c.createdAt())).setHeader("Sent").setAutoWidth(true);
		grid.addColumn(DeviceCommand::name).setHeader("Name").setAutoWidth(true);
		grid.addComponentColumn(CommandsSection::badge).setHeader("State").setAutoWidth(true);
		grid.addColumn(c -> c.deliveredVia() == null ? "" : c.deliveredVia()).setHeader("Via").setAutoWidth(true);
		grid.addColumn(c -> c.result() == null ? "" : JSON.writeValueAsString(c.result())).setHeader("Result").setFlexGrow(1);
		grid.addColumn(DeviceCommand::createdBy).setHeader("By").setAutoWidth(true);
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("No commands sent to this device yet.");
		Runnable refresh = () -> {
			try {
				grid.setItems(commands.list(device.id(), 20));
			}
			catch (RuntimeException e) {
				log.warn("Commands of device {} not refreshed: {}", device.id(), e.toString());
				throw e;
			}
		};

		boolean sender = TenantContext.currentUser().map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER)).orElse(false);
		if (sender && device.decommissionedAt() == null) {
			layout.add(form(device, refresh));
		}
		layout.add(grid);
		refresh.run();
		// Live while shown: the browser polls, so the refresh runs in a request of the signed-in session.
		LiveRefresh.every(layout, POLL, refresh);
		return layout;
	}

	private com.vaadin.flow.component.Component form(DeviceSummary device, Runnable refresh) {
		TextField name = new TextField("Command");
		name.setId("command-name");
		name.setValue("reboot");
		name.setPattern("[A-Za-z0-9_.-]{1,64}");
		TextArea params = new TextArea("Params (JSON object)");
		params.setId("command-params");
		params.setValue("{}");
		params.setWidth("20em");
		IntegerField ttl = new IntegerField("Time to live (s)");
		ttl.setId("command-ttl");
		ttl.setValue(300);
		ttl.setMin(1);
		ttl.setMax(604800);
		Button send = new Button("Send", e -> {
			name.setInvalid(false);
			params.setInvalid(false);
			ttl.setInvalid(false);
			Map<String, Object> arguments;
			try {
				arguments = params.getValue().isBlank() ? Map.of() : JSON.readValue(params.getValue(), OBJECT);
			}
			catch (JacksonException ex) {
				params.setErrorMessage("Write a JSON object, e.g. {\"delay\": 5}");
				params.setInvalid(true);
				return;
			}
			try {
				DeviceCommand sent = commands.send(device.id(), new CommandRequest(name.getValue().strip(), arguments, ttl.getValue()));
				Notification.show("Command " + sent.name() + " sent", 3000, Notification.Position.BOTTOM_START)
					.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
				refresh.run();
			}
			catch (jakarta.validation.ConstraintViolationException ex) {
				ex.getConstraintViolations().forEach(v -> {
					String field = v.getPropertyPath().toString();
					if (field.endsWith("name")) {
						name.setErrorMessage("Name " + v.getMessage());
						name.setInvalid(true);
					}
					else if (field.endsWith("ttlSeconds")) {
						ttl.setErrorMessage("Time to live " + v.getMessage());
						ttl.setInvalid(true);
					}
				});
			}
			catch (CirrusException ex) {
				Notification.show(ex.getMessage(), 5000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
			}
		});
		send.setId("command-send");
		send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		HorizontalLayout row = new HorizontalLayout(name, params, ttl, send);
		row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.END);
		row.setWrap(true);
		return new Div(row);
	}

	private static Span badge(DeviceCommand command) {
		Span badge = new Span(command.state().name());
		badge.getElement().getThemeList().add(switch (command.state()) {
			case SUCCEEDED -> "badge success";
			case FAILED -> "badge error";
			case EXPIRED -> "badge contrast";
			case DELIVERED -> "badge";
			case PENDING -> "badge contrast";
		});
		badge.addClassName("command-state");
		badge.getElement().setAttribute("data-state", command.state().name());
		badge.getElement().setAttribute("data-command", command.id().toString());
		return badge;
	}
}
