package io.cirrus.app.ui;

import java.util.List;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;

import io.cirrus.app.AppFormat;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppValidation;
import io.cirrus.app.AppVersion;
import io.cirrus.app.Apps;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The designer: the form and the YAML side by side, kept in sync (the form rewrites the YAML; YAML that parses
 * redraws the form), validated as you type with every problem listed and shown on its field, and saved as a new
 * version on top of the one loaded.
 */
class DesignPanel extends VerticalLayout {

	static final YAMLMapper YAML = YAMLMapper.builder()
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.build();

	private final Apps apps;

	private final boolean editable;

	private final Consumer<AppVersion> saved;

	private final SchemaForm form;

	private final TextArea yaml = new TextArea("YAML");

	private final Span status = new Span();

	private final Div problems = new Div();

	private final java.util.UUID app;

	/** The version the editor started from; saving goes on top of it. */
	private int base;

	/** The latest saved version, the one a dry-run runs. */
	private int savedVersion;

	private boolean syncing;

	DesignPanel(Apps apps, AppVersion latest, boolean editable, Consumer<AppVersion> saved) {
		this.apps = apps;
		this.app = latest.app();
		this.editable = editable;
		this.saved = saved;
		this.form = new SchemaForm(apps.schema(), editable, this::formChanged);
		setId("app-design");
		setSizeFull();
		setPadding(false);

		status.setId("app-status");
		status.getElement().setAttribute("role", "status");
		HorizontalLayout toolbar = new HorizontalLayout();
		toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
		toolbar.setWrap(true);
		if (editable) {
			Button save = new Button("Save version", VaadinIcon.CHECK.create(), e -> save());
			save.setId("app-save");
			save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
			toolbar.add(save);
		}
		toolbar.add(status);

		yaml.setId("app-yaml");
		yaml.addClassName("app-code");
		yaml.addClassName("app-yaml");
		yaml.setWidthFull();
		yaml.setHelperText("The same app as text. Edit either side; the other follows.");
		yaml.setValueChangeMode(ValueChangeMode.LAZY);
		yaml.setValueChangeTimeout(400);
		yaml.setReadOnly(!editable);
		yaml.addValueChangeListener(e -> {
			if (!syncing && e.isFromClient()) {
				yamlChanged(e.getValue());
			}
		});

		Div formScroller = new Div(form);
		formScroller.addClassName("app-form-scroller");
		Div yamlPane = new Div(yaml);
		yamlPane.addClassName("app-yaml-pane");
		SplitLayout split = new SplitLayout(formScroller, yamlPane);
		split.setId("app-split");
		split.setSplitterPosition(55);
		split.setSizeFull();

		problems.setId("app-problems");
		problems.addClassName("app-problems");
		problems.getElement().setAttribute("aria-live", "polite");
		add(toolbar, problems, split);
		setFlexGrow(1, split);
		load(latest);
		this.savedVersion = latest.version();
	}

	/** Loads a version's text into the editor; saving goes on top of the latest version. */
	void load(AppVersion version) {
		this.base = Math.max(base, version.version());
		syncing = true;
		try {
			yaml.setValue(version.source());
		}
		finally {
			syncing = false;
		}
		yamlChanged(version.source());
	}

	int savedVersion() {
		return savedVersion;
	}

	private void formChanged() {
		String text = YAML.writeValueAsString(form.document());
		syncing = true;
		try {
			yaml.setValue(text);
		}
		finally {
			syncing = false;
		}
		validate(text);
	}

	private void yamlChanged(String text) {
		try {
			JsonNode tree = YAML.readTree(text);
			if (tree instanceof ObjectNode object) {
				form.show(object);
			}
		}
		catch (JacksonException e) {
			// The form keeps the last document that parsed; the problems say where the text is wrong.
		}
		validate(text);
	}

	private void validate(String text) {
		if (!editable) {
			AppValidation validation = apps.version(app, savedVersion == 0 ? base : savedVersion).validation();
			show(validation);
			return;
		}
		show(apps.check(text, AppFormat.YAML, app));
	}

	private void show(AppValidation validation) {
		status.setText(AppTexts.outcome(validation));
		status.getElement().getThemeList().clear();
		status.getElement().getThemeList().add("badge " + (validation.valid() ? "success" : "error"));
		form.showProblems(validation.problems());
		problems.removeAll();
		if (validation.problems().isEmpty()) {
			Span none = new Span("No problems: this version can be dry-run and deployed.");
			none.addClassName("cirrus-muted");
			problems.add(none);
			return;
		}
		List<AppProblem> list = validation.problems();
		for (int i = 0; i < list.size(); i++) {
			problems.add(problem(list.get(i), i));
		}
	}

	private Div problem(AppProblem problem, int index) {
		Span severity = new Span(problem.isError() ? "Error" : "Warning");
		severity.getElement().getThemeList().add("badge " + (problem.isError() ? "error" : "contrast"));
		String where = problem.line() == null ? problem.path()
				: "line " + problem.line() + ", column " + problem.column() + " · " + problem.path();
		Span at = new Span(where);
		at.addClassName("cirrus-muted");
		Span message = new Span(problem.message());
		message.addClassName("app-problem-message");
		Div row = new Div(severity, at, message);
		row.addClassName("app-problem");
		row.setId("app-problem-" + index);
		row.getElement().setAttribute("data-code", problem.code().id());
		row.getElement().setAttribute("tabindex", "0");
		row.getElement().setAttribute("role", "button");
		row.getElement().setAttribute("title", "Show it in the form and the YAML");
		row.addClickListener(e -> reveal(problem));
		return row;
	}

	/** Focuses the field of a problem and selects its line in the YAML. */
	private void reveal(AppProblem problem) {
		form.focus(problem.path());
		if (problem.line() != null) {
			String text = yaml.getValue();
			int start = 0;
			for (int line = 1; line < problem.line() && start >= 0; line++) {
				start = text.indexOf('\n', start) + 1;
			}
			int end = text.indexOf('\n', Math.max(start, 0));
			yaml.getElement().executeJs("const t = this.inputElement; t.focus(); t.setSelectionRange($0, $1);",
					Math.max(0, start), end < 0 ? text.length() : end);
		}
	}

	private void save() {
		AppVersion version = apps.save(app, yaml.getValue(), AppFormat.YAML, base);
		base = version.version();
		savedVersion = version.version();
		saved.accept(version);
		show(version.validation());
		Notification notification = Notification.show("Saved version " + version.version() + ": "
				+ AppTexts.outcome(version.validation()) + ".", 4000, Notification.Position.BOTTOM_START);
		notification.addThemeVariants(version.validation().valid() ? NotificationVariant.LUMO_SUCCESS
				: NotificationVariant.LUMO_WARNING);
	}
}
