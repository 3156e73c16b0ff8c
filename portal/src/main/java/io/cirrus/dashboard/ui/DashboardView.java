package io.cirrus.dashboard.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.dashboard.Dashboard;
import io.cirrus.dashboard.DashboardRequest;
import io.cirrus.dashboard.DashboardRequest.WidgetRequest;
import io.cirrus.dashboard.Dashboards;
import io.cirrus.dashboard.Widget;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.LiveRefresh;

import jakarta.annotation.security.RolesAllowed;

/**
 * One dashboard: its widgets in a responsive grid (four columns on a laptop, two on a tablet, one on a phone),
 * live. Who may edit gets an Edit button: then widgets are added, changed, moved and removed, the dashboard renamed
 * and shared with roles, and nothing is stored until Save. {@code ?edit} opens it in edit mode.
 */
@Route("dashboards/:id")
@PageTitle("Dashboard · Cirrus")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class DashboardView extends VerticalLayout implements BeforeEnterObserver {

	static final Duration LIVE = Duration.ofSeconds(2);

	private final Dashboards dashboards;

	private final WidgetData data;

	private final H1 heading = new H1();

	private final Paragraph description = new Paragraph();

	private final Div toolbar = new Div();

	private final Div grid = new Div();

	private final List<WidgetPanel> panels = new ArrayList<>();

	/** The names of the devices the drawn widgets show, read once per drawing. */
	private Map<UUID, String> names = Map.of();

	private Dashboard dashboard;

	/** The widgets being edited; null when not editing. */
	private List<Widget> draft;

	private final TextField name = new TextField("Name");

	private final Checkbox developers = new Checkbox("Developers can open it");

	private final Checkbox viewers = new Checkbox("Viewers can open it (read-only)");

	DashboardView(Dashboards dashboards, WidgetData data) {
		this.dashboards = dashboards;
		this.data = data;
		setId("dashboard");
		heading.setId("dashboard-name");
		description.addClassName("cirrus-muted");
		toolbar.addClassName("cirrus-toolbar");
		toolbar.setId("dashboard-toolbar");
		grid.addClassName("cirrus-dashboard");
		grid.setId("dashboard-widgets");
		name.setId("dashboard-name-field");
		developers.setId("share-developers");
		viewers.setId("share-viewers");
		add(heading, description, toolbar, grid);
		LiveRefresh.every(this, LIVE, this::refresh);
	}

	static String path(UUID id) {
		return "dashboards/" + id;
	}

	@Override
	public void beforeEnter(BeforeEnterEvent event) {
		try {
			dashboard = dashboards.get(UUID.fromString(event.getRouteParameters().get("id").orElse("")));
		}
		catch (IllegalArgumentException | NotFoundException e) {
			heading.setText("No such dashboard");
			toolbar.removeAll();
			grid.removeAll();
			toolbar.add(new Anchor("dashboards", "All dashboards"));
			return;
		}
		boolean edit = event.getLocation().getQueryParameters().getParameters().containsKey("edit") && dashboard.editable();
		draft = edit ? new ArrayList<>(dashboard.widgets()) : null;
		show();
	}

	private void show() {
		heading.setText(dashboard.name());
		description.setText(dashboard.description() == null ? "" : dashboard.description());
		description.setVisible(dashboard.description() != null);
		toolbar.removeAll();
		if (draft == null) {
			toolbar.add(new Anchor("dashboards", "All dashboards"));
			if (dashboard.editable()) {
				Button edit = new Button("Edit", e -> {
					draft = new ArrayList<>(dashboard.widgets());
					show();
				});
				edit.setId("dashboard-edit");
				toolbar.add(edit);
			}
		}
		else {
			name.setValue(dashboard.name());
			developers.setValue(dashboard.sharedWith().contains(Roles.DEVELOPER));
			viewers.setValue(dashboard.sharedWith().contains(Roles.VIEWER));
			Button add = new Button("Add widget", e -> new WidgetDialog(dashboards, data, null, widget -> {
				draft.add(widget);
				drawWidgets();
			}).open());
			add.setId("add-widget");
			Button save = new Button("Save", e -> save());
			save.setId("dashboard-save");
			save.addThemeVariants(ButtonVariant.PRIMARY);
			Button cancel = new Button("Cancel", e -> {
				draft = null;
				show();
			});
			cancel.setId("dashboard-cancel");
			Button delete = new Button("Delete", e -> confirmDelete());
			delete.addThemeVariants(ButtonVariant.ERROR);
			toolbar.add(name, developers, viewers, add, save, cancel, delete);
		}
		drawWidgets();
	}

	private void drawWidgets() {
		grid.removeAll();
		panels.clear();
		List<Widget> widgets = draft == null ? dashboard.widgets() : draft;
		if (widgets.isEmpty()) {
			Paragraph empty = new Paragraph(draft != null ? "No widgets yet. Add one with Add widget."
					: dashboard.editable() ? "No widgets yet. Edit the dashboard to add some." : "This dashboard has no widgets yet.");
			empty.setId("dashboard-empty");
			grid.add(empty);
			return;
		}
		names = data.deviceNames(widgets);
		for (Widget widget : widgets) {
			WidgetPanel panel = new WidgetPanel(widget, data, names);
			if (draft != null) {
				panel.addTools(tools(widget));
			}
			panels.add(panel);
			grid.add(panel);
		}
		fillAfterPaint(List.copyOf(panels));
	}

	/**
	 * The widgets' data comes in the round trip after the browser painted their frames (titles and "Loading…"), so
	 * the first paint does not wait for 20 widgets' queries. It runs in a request of the session, like a click (the
	 * user's security context and tenant apply); widgets redrawn meanwhile are skipped.
	 */
	private void fillAfterPaint(List<WidgetPanel> fresh) {
		grid.getElement()
			.executeJs("return new Promise(done => requestAnimationFrame(() => setTimeout(() => done(1))))")
			.then(Integer.class, painted -> refresh(fresh.stream().filter(panels::contains).toList()));
	}

	private Div tools(Widget widget) {
		int at = draft.indexOf(widget);
		Button edit = small("Edit", "Edit " + widget.title(), () -> new WidgetDialog(dashboards, data, widget, changed -> {
			draft.set(draft.indexOf(widget), changed);
			drawWidgets();
		}).open());
		Button earlier = small("Move earlier", "Move " + widget.title() + " earlier", () -> move(widget, -1));
		earlier.setEnabled(at > 0);
		Button later = small("Move later", "Move " + widget.title() + " later", () -> move(widget, 1));
		later.setEnabled(at < draft.size() - 1);
		Button remove = small("Remove", "Remove " + widget.title(), () -> {
			draft.remove(widget);
			drawWidgets();
		});
		remove.addThemeVariants(ButtonVariant.ERROR);
		Div tools = new Div(edit, earlier, later, remove);
		tools.addClassName("cirrus-widget-tools");
		return tools;
	}

	private static Button small(String text, String label, Runnable action) {
		Button button = new Button(text, e -> action.run());
		button.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
		button.getElement().setAttribute("aria-label", label);
		return button;
	}

	private void move(Widget widget, int by) {
		int at = draft.indexOf(widget);
		draft.remove(at);
		draft.add(at + by, widget);
		drawWidgets();
	}

	private void save() {
		List<String> shared = new ArrayList<>();
		if (developers.getValue()) {
			shared.add(Roles.DEVELOPER);
		}
		if (viewers.getValue()) {
			shared.add(Roles.VIEWER);
		}
		try {
			dashboard = dashboards.update(dashboard.id(), new DashboardRequest(name.getValue(), dashboard.description(),
					shared, draft.stream().map(WidgetRequest::of).toList()), dashboard.version());
		}
		catch (CirrusException e) {
			Notification.show(e.getMessage(), 6000, Notification.Position.TOP_CENTER);
			return;
		}
		draft = null;
		Notification.show("Dashboard saved", 3000, Notification.Position.BOTTOM_START);
		getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, path(dashboard.id())));
		show();
	}

	private void confirmDelete() {
		ConfirmDialog confirm = new ConfirmDialog("Delete " + dashboard.name() + "?",
				"The dashboard and its widgets are deleted for everyone. Devices and their data stay.", "Delete", e -> {
					dashboards.delete(dashboard.id());
					getUI().ifPresent(ui -> ui.navigate("dashboards"));
				});
		confirm.setConfirmButtonTheme("error primary");
		confirm.setCancelable(true);
		confirm.open();
	}

	private void refresh() {
		refresh(panels);
	}

	/** Redraws the panels; the newest readings of all their values and gauges come in one query. */
	private void refresh(List<WidgetPanel> some) {
		var latest = data.latest(some.stream().map(WidgetPanel::widget).toList(), names);
		some.forEach(panel -> panel.refresh(latest));
	}
}
