package io.cirrus.app.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;

import io.cirrus.app.AppDeployment;
import io.cirrus.app.AppDeployments;
import io.cirrus.app.AppVersion;
import io.cirrus.app.Apps;
import io.cirrus.app.DeploymentState;
import io.cirrus.app.DeploymentTransition;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.Times;

/**
 * An app's deployments: what runs now, deploy a valid version now or at a time in the tenant's zone, stop, resume,
 * roll back to an earlier valid version (each after a confirmation), and the history with every step (who, when,
 * from → to, why). Changes made on this instance arrive by server push at once; a periodic check catches those made
 * on another instance (a scheduled deployment fires on whichever instance the cluster picks). Viewers see it
 * read-only.
 */
class DeploymentsPanel extends VerticalLayout {

	private static final Duration CHECK = Duration.ofSeconds(5);

	private final AppDeployments deployments;

	private final Apps apps;

	private final DeploymentUpdates updates;

	private final UUID app;

	private final boolean manager;

	private final Span status = new Span();

	private final Select<AppVersion> version = new Select<>();

	private final DateTimePicker at = new DateTimePicker();

	private final Select<AppVersion> earlier = new Select<>();

	private final Button stop = new Button("Stop");

	private final Button resume = new Button("Resume");

	private final Button rollback = new Button("Roll back");

	private final Grid<AppDeployment> history = new Grid<>();

	private final Grid<DeploymentTransition> steps = new Grid<>();

	private final H2 stepsTitle = new H2("Steps");

	private @Nullable UUID selected;

	private List<AppDeployment> shown = List.of();

	private List<AppVersion> choices = List.of();

	private List<AppVersion> earlierChoices = List.of();

	private @Nullable Runnable stopListening;

	DeploymentsPanel(AppDeployments deployments, Apps apps, DeploymentUpdates updates, UUID app, boolean manager) {
		this.deployments = deployments;
		this.apps = apps;
		this.updates = updates;
		this.app = app;
		this.manager = manager;
		setId("app-deployments");
		setPadding(false);
		status.setId("deployment-status");
		status.addClassName("deployment-status");
		add(status);
		if (manager) {
			add(actions());
		}

		history.setId("deployment-grid");
		history.addColumn(d -> "v" + d.version()).setHeader("Version").setAutoWidth(true);
		history.addComponentColumn(DeploymentsPanel::badge).setHeader("State").setAutoWidth(true);
		history.addColumn(d -> d.scheduledFor() == null ? "now" : Times.dateTime(d.scheduledFor())).setHeader("Deploy at").setAutoWidth(true);
		history.addColumn(d -> Times.dateTime(d.activatedAt(), "—")).setHeader("Running since").setAutoWidth(true);
		history.addColumn(d -> Times.dateTime(d.endedAt(), "—")).setHeader("Ended").setAutoWidth(true);
		history.addColumn(AppDeployment::createdBy).setHeader("By").setAutoWidth(true);
		history.addColumn(d -> d.reason() == null ? "" : d.reason()).setHeader("Why").setFlexGrow(1)
			.setTooltipGenerator(d -> d.reason() == null ? "" : d.reason());
		history.setEmptyStateText("Never deployed." + (manager ? " Choose a valid version above and deploy it." : ""));
		history.setAllRowsVisible(true);
		history.addSelectionListener(e -> {
			selected = e.getFirstSelectedItem().map(AppDeployment::id).orElse(selected);
			showSteps();
		});

		steps.setId("deployment-steps");
		steps.addColumn(t -> Times.dateTime(t.at())).setHeader("When").setAutoWidth(true);
		steps.addColumn(DeploymentTransition::by).setHeader("Who").setAutoWidth(true);
		steps.addColumn(t -> (t.from() == null ? "—" : label(t.from())) + " → " + label(t.to())).setHeader("From → to").setAutoWidth(true);
		steps.addColumn(t -> t.reason() == null ? "" : t.reason()).setHeader("Why").setFlexGrow(1);
		steps.setEmptyStateText("Choose a deployment above to see its steps.");
		steps.setAllRowsVisible(true);
		add(new H2("History"), history, stepsTitle, steps);
		refresh();
		LiveRefresh.every(this, CHECK, this::refresh);
	}

	private HorizontalLayout actions() {
		version.setLabel("Version");
		version.setId("deploy-version");
		version.setItemLabelGenerator(v -> "v" + v.version());
		at.setLabel("Deploy at (" + Times.zoneName() + ")");
		at.setId("deploy-at");
		at.setHelperText("Leave empty to deploy now");
		at.setStep(Duration.ofSeconds(1));
		Button deploy = new Button("Deploy", e -> confirmDeploy());
		deploy.setId("deploy");
		deploy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		stop.setId("deployment-stop");
		stop.addClickListener(e -> confirm("Stop this app?", "The running version stops evaluating events. "
				+ "Resume deploys it again.", "Stop", () -> deployments.stop(app, null), true));
		resume.setId("deployment-resume");
		resume.addClickListener(e -> confirm("Resume this app?", "The version last stopped runs again.", "Resume",
				() -> deployments.resume(app), false));
		earlier.setLabel("Roll back to");
		earlier.setId("rollback-version");
		earlier.setItemLabelGenerator(v -> "v" + v.version());
		rollback.setId("deployment-rollback");
		rollback.addClickListener(e -> {
			AppVersion target = earlier.getValue();
			if (target == null) {
				earlier.setInvalid(true);
				earlier.setErrorMessage("Choose an earlier valid version");
				return;
			}
			confirm("Roll back to v" + target.version() + "?", "Version " + target.version()
					+ " replaces the live version at once.", "Roll back", () -> deployments.rollback(app, target.version()), true);
		});
		HorizontalLayout bar = new HorizontalLayout(version, at, deploy, stop, resume, earlier, rollback);
		bar.setId("deployment-actions");
		bar.setAlignItems(FlexComponent.Alignment.BASELINE);
		bar.setWrap(true);
		return bar;
	}

	private void confirmDeploy() {
		AppVersion chosen = version.getValue();
		if (chosen == null) {
			version.setInvalid(true);
			version.setErrorMessage("Choose a valid version");
			return;
		}
		LocalDateTime local = at.getValue();
		Instant when = local == null ? null : local.atZone(Times.zone()).toInstant();
		if (when != null && !when.isAfter(Instant.now())) {
			at.setInvalid(true);
			at.setErrorMessage("Choose a time to come, or leave it empty to deploy now");
			return;
		}
		at.setInvalid(false);
		String what = when == null ? "Deploy v" + chosen.version() + " now?" : "Schedule v" + chosen.version() + "?";
		String text = when == null ? "Version " + chosen.version() + " replaces the live version at once."
				: "Version " + chosen.version() + " will be deployed at " + Times.dateTime(when) + ".";
		confirm(what, text, when == null ? "Deploy" : "Schedule", () -> {
			AppDeployment done = deployments.deploy(app, chosen.version(), when);
			at.clear();
			return done;
		}, false);
	}

	private void confirm(String header, String text, String action, java.util.function.Supplier<AppDeployment> work,
			boolean danger) {
		ConfirmDialog dialog = new ConfirmDialog(header, text, action, e -> {
			try {
				AppDeployment done = work.get();
				selected = done.id();
				refresh();
				if (done.state() == DeploymentState.FAILED) {
					Notification.show("Deployment failed: " + done.reason(), 8000, Notification.Position.BOTTOM_START)
						.addThemeVariants(NotificationVariant.LUMO_ERROR);
				}
			}
			catch (CirrusException failure) {
				Notification.show(failure.getMessage(), 8000, Notification.Position.BOTTOM_START)
					.addThemeVariants(NotificationVariant.LUMO_ERROR);
				refresh();
			}
		});
		dialog.setId("deployment-confirm");
		dialog.setCancelable(true);
		if (danger) {
			dialog.setConfirmButtonTheme("error primary");
		}
		dialog.open();
	}

	/** Reads the deployments again and redraws what changed. */
	void refresh() {
		List<AppDeployment> all = deployments.list(app);
		Optional<AppDeployment> live = all.stream().filter(d -> d.state().live()).findFirst();
		List<AppDeployment> waiting = all.stream().filter(d -> d.state() == DeploymentState.SCHEDULED).toList();
		status.setText(live.map(d -> label(d.state()) + ": v" + d.version() + " since " + Times.dateTime(d.activatedAt(), "—"))
			.orElse("Not running")
			+ (waiting.isEmpty() ? "" : " · scheduled: v" + waiting.getLast().version() + " at "
					+ Times.dateTime(waiting.getLast().scheduledFor(), "—")));
		status.getElement().getThemeList().clear();
		status.getElement().getThemeList().add("badge " + live.map(d -> d.state() == DeploymentState.RUNNING ? "success" : "contrast").orElse("contrast"));
		if (manager) {
			List<AppVersion> valid = apps.versions(app).stream().filter(v -> v.validation().valid()).toList();
			int liveVersion = live.map(AppDeployment::version).orElse(0);
			List<AppVersion> older = valid.stream().filter(v -> v.version() < liveVersion).toList();
			// Items are set again only when they change: setting them closes an open list under the person's hand.
			if (!numbers(valid).equals(numbers(choices))) {
				AppVersion previous = version.getValue();
				choices = valid;
				version.setItems(valid);
				valid.stream().filter(v -> previous != null && v.version() == previous.version()).findFirst()
					.or(() -> valid.stream().findFirst()).ifPresent(version::setValue);
			}
			if (!numbers(older).equals(numbers(earlierChoices))) {
				earlierChoices = older;
				earlier.setItems(older);
			}
			rollback.setEnabled(!older.isEmpty());
			stop.setEnabled(live.isPresent() || !waiting.isEmpty());
			resume.setEnabled(live.map(d -> d.state() == DeploymentState.PAUSED)
				.orElse(all.stream().anyMatch(d -> d.state() == DeploymentState.STOPPED && d.activatedAt() != null)));
		}
		if (!all.equals(shown)) {
			shown = all;
			history.setItems(all);
			if (selected == null && !all.isEmpty()) {
				selected = all.getFirst().id();
			}
		}
		showSteps();
	}

	private void showSteps() {
		if (selected == null) {
			steps.setItems(List.of());
			stepsTitle.setText("Steps");
			return;
		}
		AppDeployment deployment = deployments.get(app, selected);
		stepsTitle.setText("Steps of v" + deployment.version() + " deployed " + (deployment.scheduledFor() == null ? "by "
				+ deployment.createdBy() : "at " + Times.dateTime(deployment.scheduledFor())));
		steps.setItems(deployment.transitions());
	}

	@Override
	protected void onAttach(AttachEvent event) {
		UI ui = event.getUI();
		SecurityContext security = SecurityContextHolder.getContext();
		stopListening = updates.listen(app, () -> ui.access(() -> secured(security, this::refresh)));
	}

	@Override
	protected void onDetach(DetachEvent event) {
		if (stopListening != null) {
			stopListening.run();
			stopListening = null;
		}
	}

	private static void secured(SecurityContext context, Runnable work) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(context);
		try {
			work.run();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	private static List<Integer> numbers(List<AppVersion> versions) {
		return versions.stream().map(AppVersion::version).toList();
	}

	static String label(DeploymentState state) {
		String name = state.name().toLowerCase(java.util.Locale.ROOT);
		return Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	static Span badge(AppDeployment deployment) {
		return badge(deployment.state());
	}

	static Span badge(DeploymentState state) {
		Span badge = new Span(label(state));
		String theme = switch (state) {
			case RUNNING -> "success";
			case FAILED -> "error";
			case SCHEDULED, DEPLOYING -> "";
			case STOPPED, PAUSED -> "contrast";
		};
		badge.getElement().getThemeList().add(("badge " + theme).strip());
		return badge;
	}
}
