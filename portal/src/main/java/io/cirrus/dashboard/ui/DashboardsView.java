package io.cirrus.dashboard.ui;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import io.cirrus.dashboard.Dashboard;
import io.cirrus.dashboard.DashboardRequest;
import io.cirrus.dashboard.Dashboards;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.Times;

import jakarta.annotation.security.RolesAllowed;

/** The dashboards the user may open; tenant admins and developers create new ones here. */
@Route("dashboards")
@PageTitle("Dashboards · Cirrus")
@Menu(title = "Dashboards", order = 1, icon = "DASHBOARD")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class DashboardsView extends VerticalLayout {

	private final Dashboards dashboards;

	private final Grid<Dashboard> grid = new Grid<>();

	DashboardsView(Dashboards dashboards) {
		this.dashboards = dashboards;
		setId("dashboards");
		boolean canCreate = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		grid.setId("dashboard-grid");
		grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
		grid.addComponentColumn(d -> new Anchor(DashboardView.path(d.id()), d.name())).setHeader("Dashboard").setFlexGrow(2);
		grid.addColumn(d -> d.widgets().size()).setHeader("Widgets").setAutoWidth(true).setFlexGrow(0);
		grid.addColumn(d -> d.sharedWith().isEmpty() ? "tenant admins" : "tenant admins, " + String.join(", ", d.sharedWith()))
			.setHeader("Opens for").setAutoWidth(true);
		grid.addColumn(d -> Times.dateMinute(d.updatedAt()) + " by " + d.updatedBy()).setHeader("Changed").setAutoWidth(true);
		grid.setEmptyStateText(canCreate ? "No dashboards yet. Create one with New dashboard."
				: "No dashboards are shared with you yet.");
		grid.setAllRowsVisible(true);
		add(new H1("Dashboards"));
		if (canCreate) {
			Button create = new Button("New dashboard", e -> askName());
			create.setId("new-dashboard");
			create.addThemeVariants(ButtonVariant.PRIMARY);
			add(create);
		}
		add(grid);
		grid.setItems(dashboards.list());
	}

	private void askName() {
		Dialog dialog = new Dialog();
		dialog.setHeaderTitle("New dashboard");
		TextField name = new TextField("Name");
		name.setId("new-dashboard-name");
		name.setWidthFull();
		name.setRequired(true);
		Button create = new Button("Create", e -> {
			try {
				Dashboard created = dashboards.create(new DashboardRequest(name.getValue(), null, List.of(), List.of()));
				dialog.close();
				getUI().ifPresent(ui -> ui.navigate(DashboardView.path(created.id()), QueryParameters.of("edit", "")));
			}
			catch (CirrusException problem) {
				name.setErrorMessage(problem.getMessage());
				name.setInvalid(true);
			}
		});
		create.setId("create-dashboard");
		create.addThemeVariants(ButtonVariant.PRIMARY);
		dialog.add(name);
		dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
		dialog.open();
		name.focus();
	}
}
