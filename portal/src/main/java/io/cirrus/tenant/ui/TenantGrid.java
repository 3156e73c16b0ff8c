package io.cirrus.tenant.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;

import io.cirrus.shared.ui.Times;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;
import io.cirrus.tenant.TenantSuspensions;

/**
 * The platform's tenants for platform admins: name, organization, since when, status (active, or suspended with
 * its reason) and per tenant Suspend (asks why and to confirm) or Resume.
 */
@org.springframework.modulith.NamedInterface("ui")
public class TenantGrid extends Grid<Tenant> {

	private final TenantDirectory tenants;

	public TenantGrid(TenantDirectory tenants, TenantSuspensions suspensions) {
		this.tenants = tenants;
		setId("tenants");
		addColumn(Tenant::name).setHeader("Tenant");
		addColumn(Tenant::alias).setHeader("Organization");
		addColumn(t -> Times.dateMinute(t.createdAt())).setHeader("Since");
		addComponentColumn(TenantGrid::status).setHeader("Status").setFlexGrow(2);
		addComponentColumn(t -> action(t, suspensions)).setHeader("Access").setAutoWidth(true).setFlexGrow(0);
		setAllRowsVisible(true);
		setEmptyStateText("No tenants yet: onboard one.");
		refresh();
	}

	/** Reads the tenants again. */
	public void refresh() {
		setItems(tenants.list());
	}

	private static Span status(Tenant tenant) {
		Span status = new Span(tenant.suspended() ? "Suspended: " + tenant.suspendedReason() : "Active");
		status.setId("tenant-status-" + tenant.alias());
		status.addClassNames("tenant-status", tenant.suspended() ? "status-down" : "status-up");
		return status;
	}

	private Button action(Tenant tenant, TenantSuspensions suspensions) {
		if (tenant.suspended()) {
			Button resume = new Button("Resume", e -> {
				suspensions.resume(tenant.id());
				refresh();
			});
			resume.setId("resume-" + tenant.alias());
			resume.getElement().setAttribute("aria-label", "Resume " + tenant.name());
			return resume;
		}
		Button suspend = new Button("Suspend", e -> new SuspendTenantDialog(tenant, suspensions, done -> refresh()).open());
		suspend.setId("suspend-" + tenant.alias());
		suspend.getElement().setAttribute("aria-label", "Suspend " + tenant.name());
		suspend.addThemeVariants(ButtonVariant.LUMO_ERROR);
		return suspend;
	}
}
