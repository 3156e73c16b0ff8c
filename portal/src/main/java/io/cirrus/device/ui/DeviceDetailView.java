package io.cirrus.device.ui;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;

import io.cirrus.device.DeviceRegistry.DeviceRequest;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.Times;
import tools.jackson.databind.json.JsonMapper;

import jakarta.annotation.security.RolesAllowed;

/**
 * One device: status, last seen, profile, tags and metadata (managers edit them), credentials (rotate shows the new
 * token once, revoke), decommission; then the sections other features contribute ({@link DeviceDetailSection}).
 * Another tenant's device id shows "not found", like a missing one.
 */
@Route("devices/:id")
@PageTitle("Device · Cirrus")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class DeviceDetailView extends VerticalLayout implements BeforeEnterObserver {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DeviceRegistry registry;

	private final ObjectProvider<DeviceDetailSection> sections;

	private final boolean manager;

	private static final Duration LIVE = Duration.ofSeconds(2);

	private DeviceSummary shown;

	private Span badge = new Span();

	private Span lastSeen = new Span();

	DeviceDetailView(DeviceRegistry registry, ObjectProvider<DeviceDetailSection> sections) {
		this.registry = registry;
		this.sections = sections;
		this.manager = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		setId("device-detail");
		// Status and last seen follow the device while the page is open.
		LiveRefresh.every(this, LIVE, this::refreshStatus);
	}

	private void refreshStatus() {
		if (shown == null) {
			return;
		}
		DeviceSummary now;
		try {
			now = registry.get(shown.id());
		}
		catch (CirrusException e) {
			return;
		}
		StatusBadge.update(badge, now.status());
		lastSeen.setText(Times.dateTime(now.lastSeen(), "never"));
	}

	@Override
	public void beforeEnter(BeforeEnterEvent event) {
		Optional<DeviceSummary> device = event.getRouteParameters().get("id").flatMap(DeviceDetailView::uuid).flatMap(id -> {
			try {
				return Optional.of(registry.get(new DeviceId(id)));
			}
			catch (CirrusException e) {
				return Optional.empty();
			}
		});
		removeAll();
		if (device.isEmpty()) {
			Paragraph missing = new Paragraph("This device does not exist in your tenant.");
			missing.setId("device-not-found");
			add(new H1("Device not found"), missing, new RouterLink("Back to devices", DevicesView.class));
			return;
		}
		show(device.get());
	}

	private void show(DeviceSummary device) {
		removeAll();
		shown = device;
		H1 title = new H1(device.name());
		title.setId("device-name");
		badge = StatusBadge.of(device.status());
		HorizontalLayout heading = new HorizontalLayout(title, badge);
		heading.setWrap(true);
		heading.setAlignItems(Alignment.BASELINE);
		add(new RouterLink("← Devices", DevicesView.class), heading);

		Div facts = new Div();
		facts.addClassName("cirrus-facts");
		facts.add(fact("Id", device.id().toString(), "device-id"));
		facts.add(fact("Profile", device.profileName(), "device-profile"));
		Div seen = fact("Last seen", Times.dateTime(device.lastSeen(), "never"), "device-last-seen");
		lastSeen = (Span) seen.getComponentAt(1);
		facts.add(seen);
		facts.add(fact("Tags", device.tags().isEmpty() ? "—" : String.join(", ", device.tags()), "device-tags"));
		facts.add(fact("Credentials", device.credentials(), "device-credentials"));
		facts.add(fact("Registered", Times.dateTime(device.createdAt()), "device-created"));
		if (device.decommissionedAt() != null) {
			facts.add(fact("Decommissioned", Times.dateTime(device.decommissionedAt()), "device-decommissioned"));
		}
		add(facts);
		Pre metadata = new Pre(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(device.metadata()));
		metadata.setId("device-metadata");
		add(new H2("Metadata"), metadata);

		if (manager && device.decommissionedAt() == null) {
			add(new H2("Manage"), actions(device));
		}
		List<DeviceDetailSection> contributed = sections.orderedStream()
			.sorted(Comparator.comparingInt(DeviceDetailSection::order))
			.toList();
		for (DeviceDetailSection section : contributed) {
			Component content;
			try {
				content = section.create(device);
			}
			catch (RuntimeException e) {
				content = new Paragraph("This section could not be shown: " + e.getMessage());
			}
			Details details = new Details(section.title(), content);
			details.setOpened(true);
			details.setWidthFull();
			add(details);
		}
	}

	private Component actions(DeviceSummary device) {
		Button edit = new Button("Edit", e -> edit(device));
		edit.setId("device-edit");
		Button rotate = new Button("Rotate token", e -> confirm("Rotate the token?",
				"The current token stops working at once; the new one is shown once.", "Rotate", () -> {
					var rotated = registry.rotateToken(device.id());
					new TokenDialog("New token", device.name(), rotated.token()).open();
					show(rotated.device());
				}));
		rotate.setId("device-rotate");
		Button revoke = new Button("Revoke token", e -> confirm("Revoke the token?",
				"The device is refused until you rotate its token.", "Revoke", () -> {
					show(registry.revokeToken(device.id()));
					Notification.show("Token revoked", 3000, Notification.Position.BOTTOM_START);
				}));
		revoke.setId("device-revoke");
		revoke.setEnabled("active".equals(device.credentials()));
		Button decommission = new Button("Decommission", e -> confirm("Decommission " + device.name() + "?",
				"Its token is revoked and it leaves the active list; its record and history are kept.", "Decommission", () -> {
					registry.decommission(device.id());
					show(registry.get(device.id()));
				}));
		decommission.setId("device-decommission");
		decommission.addThemeVariants(ButtonVariant.LUMO_ERROR);
		HorizontalLayout actions = new HorizontalLayout(edit, rotate, revoke, decommission);
		actions.setWrap(true);
		return actions;
	}

	private void edit(DeviceSummary device) {
		com.vaadin.flow.component.dialog.Dialog dialog = new com.vaadin.flow.component.dialog.Dialog();
		dialog.setHeaderTitle("Edit " + device.name());
		TextField name = new TextField("Name", device.name(), "");
		name.setId("edit-name");
		TextField tags = new TextField("Tags", String.join(", ", device.tags()), "");
		tags.setId("edit-tags");
		TextArea metadata = new TextArea("Metadata (JSON object)");
		metadata.setValue(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(device.metadata()));
		metadata.setWidthFull();
		dialog.add(new VerticalLayout(name, tags, metadata));
		Button save = new Button("Save", e -> {
			try {
				var meta = RegisterDialog.parse(metadata.getValue());
				var updated = registry.update(device.id(), new DeviceRequest(name.getValue(), null,
						Arrays.stream(tags.getValue().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList(), meta));
				dialog.close();
				show(updated);
			}
			catch (IllegalArgumentException ex) {
				metadata.setInvalid(true);
				metadata.setErrorMessage(ex.getMessage());
			}
			catch (CirrusException ex) {
				RegisterDialog.showErrors(ex, name, tags, metadata);
			}
		});
		save.setId("edit-save");
		save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
		dialog.open();
	}

	private static void confirm(String header, String text, String action, Runnable work) {
		ConfirmDialog dialog = new ConfirmDialog(header, text, action, e -> work.run());
		dialog.setCancelable(true);
		dialog.setConfirmButtonTheme("error primary");
		dialog.open();
	}

	private static Div fact(String label, String value, String id) {
		Span name = new Span(label);
		name.addClassName("cirrus-fact-label");
		Span text = new Span(value);
		text.setId(id);
		return new Div(name, text);
	}

	private static Optional<UUID> uuid(String text) {
		try {
			return Optional.of(UUID.fromString(text));
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}
}
