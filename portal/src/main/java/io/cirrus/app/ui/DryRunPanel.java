package io.cirrus.app.ui;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;

import io.cirrus.app.AppDryRuns;
import io.cirrus.app.DryRun;
import io.cirrus.app.EventTrace;
import io.cirrus.app.EventTrace.PlannedAction;
import io.cirrus.device.DeviceQuery;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.CirrusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dry-runs the latest saved version on a device's last real readings or on pasted sample events, off the UI
 * thread, and shows per event what matched, each block and condition, and each action as it would run: the
 * notification as its recipient would read it, the webhook's body, the command's parameters. Nothing is sent.
 */
class DryRunPanel extends VerticalLayout {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String LAST = "Last readings of a device";

	private static final String SAMPLES = "Sample events (JSON)";

	private final AppDryRuns dryRuns;

	private final UUID app;

	private final IntSupplier version;

	private final RadioButtonGroup<String> mode = new RadioButtonGroup<>("Run on");

	private final ComboBox<DeviceSummary> device = new ComboBox<>("Device");

	private final IntegerField last = new IntegerField("Readings");

	private final TextArea samples = new TextArea("Sample events");

	private final ProgressBar progress = new ProgressBar();

	private final Span summary = new Span();

	private final Div results = new Div();

	DryRunPanel(AppDryRuns dryRuns, DeviceRegistry devices, UUID app, IntSupplier version) {
		this.dryRuns = dryRuns;
		this.app = app;
		this.version = version;
		setId("app-dry-run");
		setPadding(false);
		mode.setItems(LAST, SAMPLES);
		mode.setValue(LAST);
		mode.setId("dry-run-mode");
		device.setId("dry-run-device");
		device.setItemLabelGenerator(DeviceSummary::name);
		device.setItems(query -> devices.list(new DeviceQuery(query.getFilter().filter(f -> !f.isBlank()).orElse(null),
				null, null, null, "name", false, query.getPage(), Math.min(query.getPageSize(), DeviceQuery.MAX_SIZE)), false)
			.items()
			.stream());
		device.setHelperText("Its stored readings, oldest first, as the app would have seen them.");
		device.setWidth("20em");
		last.setId("dry-run-last");
		last.setValue(20);
		last.setMin(1);
		last.setMax(DryRun.MAX_EVENTS);
		last.setStepButtonsVisible(true);
		samples.setId("dry-run-samples");
		samples.addClassName("app-code");
		samples.setWidthFull();
		samples.setValue("""
				[
				  {"kind": "telemetry", "device": "<device id>", "values": {"temperature": 31.5}},
				  {"kind": "telemetry", "device": "<device id>", "values": {"temperature": 32.0}}
				]""");
		samples.setHelperText("A JSON array of events: kind (telemetry, device-status, alarm, schedule, ...), device, "
				+ "time (optional), values.");
		samples.setVisible(false);
		mode.addValueChangeListener(e -> {
			boolean readings = LAST.equals(e.getValue());
			device.setVisible(readings);
			last.setVisible(readings);
			samples.setVisible(!readings);
		});
		Button run = new Button("Run dry-run", VaadinIcon.PLAY.create(), e -> run());
		run.setId("dry-run-start");
		run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		progress.setIndeterminate(true);
		progress.setVisible(false);
		progress.setId("dry-run-progress");
		Span note = new Span("Runs the latest saved version; nothing is sent, commanded or stored.");
		note.addClassName("cirrus-muted");
		HorizontalLayout inputs = new HorizontalLayout(device, last, run);
		inputs.setAlignItems(FlexComponent.Alignment.BASELINE);
		inputs.setWrap(true);
		summary.setId("dry-run-summary");
		summary.getElement().setAttribute("role", "status");
		results.setId("dry-run-results");
		results.addClassName("dry-run-results");
		add(note, mode, inputs, samples, progress, summary, results);
	}

	private void run() {
		DryRun.Request request;
		if (LAST.equals(mode.getValue())) {
			if (device.getValue() == null) {
				device.setErrorMessage("Choose a device whose readings to replay.");
				device.setInvalid(true);
				return;
			}
			device.setInvalid(false);
			request = new DryRun.Request(null, device.getValue().id().value(), last.getValue());
		}
		else {
			try {
				request = new DryRun.Request(JSON.readValue(samples.getValue(), new TypeReference<List<DryRun.SampleEvent>>() {
				}), null, null);
				samples.setInvalid(false);
			}
			catch (JacksonException e) {
				samples.setErrorMessage("Not a JSON array of events: " + e.getOriginalMessage());
				samples.setInvalid(true);
				return;
			}
		}
		int runVersion = version.getAsInt();
		UI ui = UI.getCurrent();
		SecurityContext security = SecurityContextHolder.getContext();
		progress.setVisible(true);
		summary.setText("Running version " + runVersion + "…");
		results.removeAll();
		Thread.ofVirtual().name("app-dry-run").start(() -> {
			SecurityContextHolder.setContext(security);
			try {
				DryRun.Result result = dryRuns.dryRun(app, runVersion, request);
				ui.access(() -> show(result));
			}
			catch (CirrusException e) {
				ui.access(() -> failed(e.getMessage()));
			}
			catch (RuntimeException e) {
				ui.access(() -> failed("The dry-run failed. Try again; if it persists, tell your platform admin."));
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		});
	}

	private void failed(String message) {
		progress.setVisible(false);
		summary.setText(message);
	}

	private void show(DryRun.Result result) {
		progress.setVisible(false);
		summary.setText("Version " + result.version() + " on " + result.input() + ": " + result.selected() + " of "
				+ result.events() + " events selected, " + result.fired() + " fired, " + result.actions()
				+ (result.actions() == 1 ? " action" : " actions") + " would run (nothing was sent)"
				+ (result.stopped() == null ? "." : "; " + result.stopped() + "."));
		for (EventTrace trace : result.trace()) {
			results.add(event(trace));
		}
	}

	private Component event(EventTrace trace) {
		Div card = new Div();
		card.addClassName("dry-run-event");
		card.setId("dry-run-event-" + trace.index());
		if (trace.fired()) {
			card.addClassName("dry-run-fired");
		}
		EventTrace.Event event = trace.event();
		Div head = new Div(new Span("#" + (trace.index() + 1) + " " + event.kind()),
				new Span(AppTexts.time(event.time())), new Span(event.deviceName() == null ? "" : event.deviceName()),
				new Span(values(event.values())));
		head.addClassName("dry-run-head");
		card.add(head);
		if (trace.skipped() != null) {
			card.add(muted("Not selected: " + trace.skipped() + "."));
			return card;
		}
		card.add(muted("Selected by " + String.join(", ", trace.triggers())
				+ (event.previous().isEmpty() ? "" : " · previous " + values(event.previous()))));
		for (EventTrace.BlockValue block : trace.blocks()) {
			card.add(line("block " + block.id(), block.value() + " — " + block.state()));
		}
		for (EventTrace.RuleOutcome rule : trace.rules()) {
			if (!rule.answered()) {
				continue;
			}
			String outcome = rule.error() != null ? "condition failed: " + rule.error()
					: "condition " + rule.condition() + (rule.cooling() ? ", quiet (cooldown)" : "")
							+ (rule.fired() ? " → fires" : "");
			Div row = line("rule " + rule.id(), outcome);
			row.addClassName(rule.fired() ? "dry-run-rule-fired" : "dry-run-rule");
			card.add(row);
			for (PlannedAction action : rule.actions()) {
				card.add(action(action));
			}
		}
		return card;
	}

	private Component action(PlannedAction action) {
		Div box = new Div();
		box.addClassName("dry-run-action");
		if (action.kind().equals("notify")) {
			box.addClassName("dry-run-notification");
			Span title = new Span(String.valueOf(action.payload().getOrDefault("title", "")));
			title.addClassName("dry-run-notification-title");
			box.add(title);
			if (action.payload().get("body") != null) {
				box.add(new Div(String.valueOf(action.payload().get("body"))));
			}
			box.add(muted("notify " + action.payload().get("recipients")
					+ (action.payload().get("target") == null ? "" : " and " + action.payload().get("target"))
					+ " on " + action.payload().get("channels") + ", priority " + action.payload().get("priority")));
		}
		else {
			box.add(new Span(action.kind()));
			box.add(new Pre(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(action.payload())));
		}
		for (String error : action.errors()) {
			Span problem = new Span(error);
			problem.addClassName("dry-run-error");
			box.add(problem);
		}
		return box;
	}

	private static Div line(String label, String text) {
		Span name = new Span(label);
		name.addClassName("dry-run-label");
		return new Div(name, new Span(text));
	}

	private static Span muted(String text) {
		Span span = new Span(text);
		span.addClassName("cirrus-muted");
		return span;
	}

	/** "temperature 31.5 · door closed". */
	private static String values(Map<String, Object> values) {
		List<String> parts = new java.util.ArrayList<>();
		values.forEach((key, value) -> parts.add(key + " " + (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
				? Long.toString(d.longValue()) : value instanceof String || value instanceof Number || value instanceof Boolean
						? String.valueOf(value) : JSON.writeValueAsString(value))));
		return String.join(" · ", parts);
	}
}
