package io.cirrus.app.ui;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import io.cirrus.app.AppMetrics;
import io.cirrus.app.AppDeployment;
import io.cirrus.app.AppDeployments;
import io.cirrus.app.AppSummary;

import io.cirrus.app.Apps;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;

import jakarta.annotation.security.RolesAllowed;

/**
 * The tenant's apps: name, latest version and whether it is valid, who changed it last and when; a name filter in
 * the URL. Tenant admins and developers create apps; everyone opens them in the designer.
 */
@Route("apps")
@PageTitle("Apps · Cirrus")
@Menu(title = "Apps", order = 7, icon = "AUTOMATION")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class AppsView extends VerticalLayout implements BeforeEnterObserver {

	private static final long[] NONE = { 0, 0 };

	private final Apps apps;

	private final AppDeployments deployments;

	/** The live deployment of each app on the page shown, by app. */
	private Map<java.util.UUID, AppDeployment> live = Map.of();

	private final Grid<AppSummary> grid = new Grid<>();

	private final TextField name = new TextField("Name");

	private final Span total = new Span();

	private boolean restoring;

	private Map<java.util.UUID, long[]> lastDay = Map.of();

	AppsView(Apps apps, AppMetrics metrics, AppDeployments deployments) {
		this.apps = apps;
		this.deployments = deployments;
		setId("apps");
		setSizeFull();
		name.setPlaceholder("contains");
		name.setId("filter-app-name");
		name.setClearButtonVisible(true);
		name.setValueChangeMode(ValueChangeMode.LAZY);
		name.addValueChangeListener(e -> {
			if (!restoring) {
				getUI().ifPresent(ui -> ui.navigate("apps", QueryParameters.simple(
						e.getValue().isBlank() ? Map.of() : Map.of("name", e.getValue().strip()))));
			}
		});
		total.setId("app-total");
		HorizontalLayout toolbar = new HorizontalLayout(name, total);
		toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
		toolbar.setWrap(true);
		boolean manager = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		if (manager) {
			Button create = new Button("New app", VaadinIcon.PLUS.create(), e -> new NewAppDialog(apps).open());
			create.setId("new-app");
			create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
			toolbar.add(create);
		}

		grid.setId("app-grid");
		grid.addColumn(AppSummary::name).setHeader("Name").setAutoWidth(true).setFlexGrow(1).setTooltipGenerator(AppSummary::name);
		grid.addColumn(a -> "v" + a.latestVersion()).setHeader("Latest version").setAutoWidth(true);
		grid.addComponentColumn(a -> AppTexts.badge(a.latestValid(), a.latestErrors(), a.latestWarnings()))
			.setHeader("State")
			.setAutoWidth(true);
		grid.addComponentColumn(a -> deployment(live.get(a.id()))).setHeader("Deployment").setAutoWidth(true);
		grid.addColumn(a -> live.containsKey(a.id()) ? "v" + live.get(a.id()).version() : "—").setHeader("Running version")
			.setAutoWidth(true);
		grid.addColumn(a -> lastDay.getOrDefault(a.id(), NONE)[0]).setHeader("Invocations 24 h").setAutoWidth(true);
		grid.addColumn(a -> lastDay.getOrDefault(a.id(), NONE)[1]).setHeader("Errors 24 h").setAutoWidth(true);
		grid.addColumn(AppSummary::updatedBy).setHeader("Updated by").setAutoWidth(true);
		grid.addColumn(a -> AppTexts.time(a.updatedAt())).setHeader("Updated").setAutoWidth(true);
		grid.setItemsPageable(pageable -> {
			lastDay = metrics.lastDay();
			List<AppSummary> page = apps.list(blankToNull(name.getValue()), pageable.getPageNumber(),
					Math.min(pageable.getPageSize(), Apps.MAX_PAGE)).items();
			live = deployments.live(page.stream().map(AppSummary::id).toList());
			return page;
		});
		grid.addItemClickListener(e -> AppNavigation.toApp(e.getItem().id()));
		grid.setEmptyStateText("No apps yet. Tenant admins and developers create them with New app.");
		grid.setSizeFull();
		add(new H1("Apps"), toolbar, grid);
		setFlexGrow(1, grid);
	}

	@Override
	public void beforeEnter(BeforeEnterEvent event) {
		List<String> values = event.getLocation().getQueryParameters().getParameters().getOrDefault("name", List.of());
		restoring = true;
		try {
			name.setValue(values.isEmpty() ? "" : values.getFirst());
		}
		finally {
			restoring = false;
		}
		grid.getDataProvider().refreshAll();
		long count = apps.list(blankToNull(name.getValue()), 0, 1).total();
		total.setText(count + (count == 1 ? " app" : " apps"));
	}

	private static Span deployment(AppDeployment deployment) {
		if (deployment == null) {
			Span none = new Span("Not deployed");
			none.getElement().getThemeList().add("badge contrast");
			return none;
		}
		return DeploymentsPanel.badge(deployment);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
