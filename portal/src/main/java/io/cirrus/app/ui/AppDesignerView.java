package io.cirrus.app.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;

import io.cirrus.app.AppDeployments;
import io.cirrus.app.AppDryRuns;
import io.cirrus.app.AppMetrics;
import io.cirrus.app.AppSummary;
import io.cirrus.app.AppVersion;

import io.cirrus.app.Apps;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.ToggleGroup;

import jakarta.annotation.security.RolesAllowed;

/**
 * One app: the designer (a form and its YAML side by side, kept in sync, validated as you type, saved as a new
 * version), its version history with a diff between any two, and the dry-run. Viewers see it read-only. Another
 * tenant's app shows "not found", like a missing one.
 */
@Route("apps/:id")
@StyleSheet("styles/apps.css")
@PageTitle("App · Cirrus")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class AppDesignerView extends VerticalLayout implements BeforeEnterObserver {

	private final Apps apps;

	private final AppDryRuns dryRuns;

	private final DeviceRegistry devices;

	private final AppDeployments deployments;

	private final DeploymentUpdates deploymentUpdates;

	private final boolean manager;

	private final AppMetrics metrics;

	private final H1 title = new H1();

	private final Span version = new Span();

	AppDesignerView(Apps apps, AppDryRuns dryRuns, DeviceRegistry devices, AppMetrics metrics,
			AppDeployments deployments, DeploymentUpdates deploymentUpdates) {
		this.apps = apps;
		this.metrics = metrics;
		this.dryRuns = dryRuns;
		this.devices = devices;
		this.deployments = deployments;
		this.deploymentUpdates = deploymentUpdates;
		this.manager = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		setId("app-designer");
		setSizeFull();
		title.setId("app-title");
		version.setId("app-version");
	}

	@Override
	public void beforeEnter(BeforeEnterEvent event) {
		Optional<AppSummary> app = event.getRouteParameters().get("id").flatMap(AppDesignerView::uuid).flatMap(id -> {
			try {
				return Optional.of(apps.get(id));
			}
			catch (CirrusException e) {
				return Optional.empty();
			}
		});
		removeAll();
		if (app.isEmpty()) {
			Paragraph missing = new Paragraph("This app does not exist in your tenant.");
			missing.setId("app-not-found");
			add(new H1("App not found"), missing, new RouterLink("Back to apps", AppsView.class));
			return;
		}
		AppVersion latest = apps.version(app.get().id(), app.get().latestVersion());
		HorizontalLayout header = new HorizontalLayout(title, version);
		header.setAlignItems(FlexComponent.Alignment.BASELINE);
		header.setWrap(true);
		DesignPanel design = new DesignPanel(apps, latest, manager, this::saved);
		VersionsPanel versions = new VersionsPanel(apps, app.get().id(), design::load);
		Map<String, Component> panels = new LinkedHashMap<>();
		panels.put("Design", design);
		panels.put("Versions", versions);
		if (manager) {
			panels.put("Dry run", new DryRunPanel(dryRuns, devices, app.get().id(), design::savedVersion));
		}
		panels.put("Deployments", new DeploymentsPanel(deployments, apps, deploymentUpdates, app.get().id(), manager));
		panels.put("Metrics", new MetricsPanel(metrics, app.get().id()));
		Div shown = new Div();
		shown.setId("app-panel");
		shown.addClassName("app-panel");
		List<String> names = List.copyOf(panels.keySet());
		String wanted = event.getLocation().getQueryParameters().getSingleParameter("view")
			.flatMap(v -> names.stream().filter(n -> slug(n).equals(v)).findFirst())
			.orElse("Design");
		// Buttons that show one part at a time (a tab bar of Vaadin's fails accessibility checks, ADR 0025); the URL
		// keeps the part shown.
		ToggleGroup<String> parts = new ToggleGroup<>("Part of the app shown", names, n -> n, n -> "view-" + slug(n), wanted,
				chosen -> {
					show(shown, panels, chosen);
					if (chosen.equals("Versions")) {
						versions.refresh();
					}
					getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, AppNavigation.appPath(app.get().id())
							+ (chosen.equals("Design") ? "" : "?view=" + slug(chosen))));
				});
		parts.setId("app-parts");
		show(shown, panels, wanted);
		add(new RouterLink("← Apps", AppsView.class), header, parts, shown);
		setFlexGrow(1, shown);
		saved(latest);
	}

	private static void show(Div shown, Map<String, Component> panels, String name) {
		shown.removeAll();
		shown.add(panels.get(name));
	}

	private static String slug(String name) {
		return name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
	}

	private void saved(AppVersion saved) {
		title.setText(saved.document() != null ? saved.document().name() : apps.get(saved.app()).name());
		version.setText("version " + saved.version() + " · saved by " + saved.createdBy() + " at "
				+ AppTexts.time(saved.createdAt()));
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
