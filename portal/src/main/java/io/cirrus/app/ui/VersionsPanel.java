package io.cirrus.app.ui;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;

import io.cirrus.app.AppVersion;
import io.cirrus.app.Apps;

/**
 * The versions of an app, newest first, with who saved each and whether it is valid; any one opens in the designer
 * (saving it makes it the latest again), and any two compare as a line diff of their text.
 */
class VersionsPanel extends VerticalLayout {

	private final Apps apps;

	private final UUID app;

	private final Grid<AppVersion> grid = new Grid<>();

	private final Select<Integer> from = new Select<>();

	private final Select<Integer> to = new Select<>();

	private final Div diff = new Div();

	VersionsPanel(Apps apps, UUID app, Consumer<AppVersion> open) {
		this.apps = apps;
		this.app = app;
		setId("app-versions");
		setSizeFull();
		setPadding(false);
		grid.setId("app-version-grid");
		grid.addColumn(v -> "v" + v.version()).setHeader("Version").setAutoWidth(true);
		grid.addComponentColumn(v -> AppTexts.badge(v.validation().valid(), v.validation().errors(), v.validation().warnings()))
			.setHeader("State")
			.setAutoWidth(true);
		grid.addColumn(AppVersion::createdBy).setHeader("Saved by").setAutoWidth(true);
		grid.addColumn(v -> AppTexts.time(v.createdAt())).setHeader("Saved").setAutoWidth(true);
		grid.addComponentColumn(v -> {
			Button load = new Button("Open in designer", e -> open.accept(apps.version(app, v.version())));
			load.getElement().setAttribute("aria-label", "Open version " + v.version() + " in the designer");
			return load;
		}).setAutoWidth(true);
		grid.setAllRowsVisible(true);

		from.setLabel("Compare");
		from.setId("diff-from");
		to.setLabel("with");
		to.setId("diff-to");
		from.addValueChangeListener(e -> compare());
		to.addValueChangeListener(e -> compare());
		HorizontalLayout pickers = new HorizontalLayout(from, to);
		pickers.setAlignItems(FlexComponent.Alignment.BASELINE);
		diff.setId("app-diff");
		diff.addClassName("app-diff");
		add(grid, pickers, diff);
		refresh();
	}

	void refresh() {
		List<AppVersion> versions = apps.versions(app);
		grid.setItems(versions);
		List<Integer> numbers = versions.stream().map(AppVersion::version).toList();
		from.setItems(numbers);
		to.setItems(numbers);
		from.setItemLabelGenerator(v -> "v" + v);
		to.setItemLabelGenerator(v -> "v" + v);
		if (numbers.size() >= 2) {
			to.setValue(numbers.get(0));
			from.setValue(numbers.get(1));
		}
		else {
			diff.removeAll();
			diff.add(new Span("One version so far: save another to compare."));
		}
	}

	private void compare() {
		if (from.getValue() == null || to.getValue() == null) {
			return;
		}
		diff.removeAll();
		AppVersion a = apps.version(app, from.getValue());
		AppVersion b = apps.version(app, to.getValue());
		List<String> left = a.source().lines().toList();
		List<String> right = b.source().lines().toList();
		List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("v" + a.version(), "v" + b.version(), left,
				DiffUtils.diff(left, right), 3);
		if (unified.isEmpty()) {
			diff.add(new Span("v" + a.version() + " and v" + b.version() + " are the same text."));
			return;
		}
		for (String line : unified) {
			Div row = new Div(line.isEmpty() ? " " : line);
			row.addClassName("diff-line");
			if (line.startsWith("+++") || line.startsWith("---")) {
				row.addClassName("diff-file");
			}
			else if (line.startsWith("+")) {
				row.addClassName("diff-added");
			}
			else if (line.startsWith("-")) {
				row.addClassName("diff-removed");
			}
			else if (line.startsWith("@@")) {
				row.addClassName("diff-hunk");
			}
			diff.add(row);
		}
	}
}
