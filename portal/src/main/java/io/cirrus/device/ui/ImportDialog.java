package io.cirrus.device.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.server.streams.UploadHandler;

import io.cirrus.device.DeviceImport;
import io.cirrus.device.DeviceImport.ImportResult;
import io.cirrus.device.DeviceImport.RowError;
import io.cirrus.shared.CirrusException;

/**
 * CSV import: upload a file, the import runs off the UI thread (with the user's security context) and reports its
 * progress through server push; at the end, the rows that were refused and a one-time download of the new tokens.
 */
final class ImportDialog extends Dialog {

	private final DeviceImport importer;

	private final Runnable imported;

	private final ProgressBar progress = new ProgressBar();

	private final Span state = new Span("Columns: name (required), profile, tags (separated by ;), metadata (JSON object).");

	private final Grid<RowError> errors = new Grid<>();

	private final Checkbox skipInvalid = new Checkbox("Skip invalid rows: import the valid ones and list the others (otherwise a file with any problem imports nothing)");

	private final Anchor tokens = new Anchor();

	private final SecurityContext security = SecurityContextHolder.getContext();

	private Upload upload;

	ImportDialog(DeviceImport importer, Runnable imported) {
		this.importer = importer;
		this.imported = imported;
		setId("import-dialog");
		setHeaderTitle("Import devices from CSV");
		setWidth("52em");
		progress.setId("import-progress");
		progress.setVisible(false);
		state.setId("import-state");
		skipInvalid.setId("import-skip-invalid");
		errors.setId("import-errors");
		errors.addColumn(RowError::row).setHeader("Row").setAutoWidth(true);
		errors.addColumn(RowError::field).setHeader("Field").setAutoWidth(true);
		errors.addColumn(RowError::message).setHeader("Problem").setFlexGrow(1);
		errors.setVisible(false);
		errors.setHeight("16em");
		errors.setEmptyStateText("Every row is valid.");
		tokens.setId("import-tokens");
		tokens.setVisible(false);
		tokens.getElement().setAttribute("download", true);

		upload = newUpload();
		add(new Paragraph(state), skipInvalid, upload, progress, errors, tokens);
		getFooter().add(new Button("Close", e -> close()));
	}

	/**
	 * One file at a time: each import is all or nothing on its own and reports its own rows. After an import the
	 * upload is replaced by a fresh one, ready for the next (corrected) file.
	 */
	private Upload newUpload() {
		UI ui = UI.getCurrent();
		Upload fresh = new Upload(UploadHandler.inMemory((metadata, data) -> {
			boolean skip = skipInvalid.getValue();
			Thread.ofVirtual().name("device-import").start(() -> run(ui, security, new String(data, StandardCharsets.UTF_8), skip));
		}));
		fresh.setId("import-upload");
		fresh.setAcceptedFileTypes("text/csv", ".csv", "text/plain", ".txt");
		fresh.setMaxFileSize(20 * 1024 * 1024);
		fresh.setMaxFiles(1);
		return fresh;
	}

	private void nextFile() {
		Upload fresh = newUpload();
		replace(upload, fresh);
		upload = fresh;
	}

	private void run(UI ui, SecurityContext security, String csv, boolean skip) {
		ui.access(() -> {
			progress.setVisible(true);
			progress.setIndeterminate(false);
			progress.setValue(0);
			errors.setVisible(false);
			tokens.setVisible(false);
			state.setText("Checking rows…");
		});
		SecurityContextHolder.setContext(security);
		try {
			ImportResult result = importer.importCsv(csv, skip, (phase, done, total) -> ui.access(() -> {
				// Checking is the first half of the bar, storing the second.
				double part = total == 0 ? 1 : (double) done / total;
				progress.setValue("checking".equals(phase) ? part / 2 : 0.5 + part / 2);
				state.setText(("checking".equals(phase) ? "Checked " : "Imported ") + done + " of " + rows(total));
			}));
			ui.access(() -> {
				finished(result);
				nextFile();
			});
		}
		catch (CirrusException e) {
			ui.access(() -> {
				failed(e);
				nextFile();
			});
		}
		catch (RuntimeException e) {
			ui.access(() -> {
				progress.setVisible(false);
				state.setText("The import failed: " + e.getMessage());
				nextFile();
			});
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private void finished(ImportResult result) {
		progress.setValue(1);
		state.setText("Imported " + result.imported() + " of " + rows(result.rows())
				+ (result.skipped() > 0 ? "; skipped " + rows(result.skipped()) + " with problems (below)" : "") + ".");
		if (!result.errors().isEmpty()) {
			errors.setItems(result.errors());
			errors.setVisible(true);
		}
		if (result.imported() > 0) {
			StringBuilder csv = new StringBuilder("row,id,name,token\n");
			result.devices().forEach(d -> csv.append(d.row()).append(',').append(d.id()).append(',')
				.append('"').append(d.name().replace("\"", "\"\"")).append('"').append(',').append(d.token()).append('\n'));
			byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
			tokens.setHref(DownloadHandler.fromInputStream(event -> new DownloadResponse(new ByteArrayInputStream(bytes),
					"device-tokens.csv", "text/csv", bytes.length)));
			tokens.setText("Download the tokens of the new devices (CSV, available while this dialog is open)");
			tokens.setVisible(true);
		}
		imported.run();
	}

	private void failed(CirrusException e) {
		progress.setVisible(false);
		java.util.List<RowError> rows = new java.util.ArrayList<>();
		if (e.properties().get("errors") instanceof java.util.List<?> list) {
			for (Object item : list) {
				if (item instanceof java.util.Map<?, ?> map && map.get("row") instanceof Number row) {
					rows.add(new RowError(row.intValue(), String.valueOf(map.get("field")), String.valueOf(map.get("message"))));
				}
			}
		}
		if (rows.isEmpty()) {
			// A problem with the file itself (empty, not CSV, too many rows): the message names it.
			state.setText(e.getMessage());
			return;
		}
		int problems = e.properties().get("errorCount") instanceof Number n ? n.intValue() : rows.size();
		RowError first = rows.getFirst();
		state.setText(plural(problems, "problem") + " in " + rows(rows.stream().map(RowError::row).distinct().count())
				+ "; nothing was imported. First: row " + first.row() + ", " + first.field() + " " + first.message()
				+ ". Correct the file, or tick \"Skip invalid rows\" and upload it again to import the valid rows only.");
		errors.setItems(rows);
		errors.setVisible(true);
	}

	static String rows(long count) {
		return plural(count, "row");
	}

	static String plural(long count, String noun) {
		return count + " " + noun + (count == 1 ? "" : "s");
	}
}
