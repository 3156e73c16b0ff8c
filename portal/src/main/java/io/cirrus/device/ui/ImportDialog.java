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

	private final Checkbox skipInvalid = new Checkbox("Skip invalid rows (otherwise a file with errors imports nothing)");

	private final Anchor tokens = new Anchor();

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
		tokens.setId("import-tokens");
		tokens.setVisible(false);
		tokens.getElement().setAttribute("download", true);

		SecurityContext security = SecurityContextHolder.getContext();
		UI ui = UI.getCurrent();
		Upload upload = new Upload(UploadHandler.inMemory((metadata, data) -> {
			boolean skip = skipInvalid.getValue();
			Thread.ofVirtual().name("device-import").start(() -> run(ui, security, new String(data, StandardCharsets.UTF_8), skip));
		}));
		upload.setId("import-upload");
		upload.setAcceptedFileTypes("text/csv", ".csv", "text/plain", ".txt");
		upload.setMaxFileSize(20 * 1024 * 1024);
		add(new Paragraph(state), skipInvalid, upload, progress, errors, tokens);
		getFooter().add(new Button("Close", e -> close()));
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
				state.setText(("checking".equals(phase) ? "Checked " : "Imported ") + done + " of " + total + " rows");
			}));
			ui.access(() -> finished(result));
		}
		catch (CirrusException e) {
			ui.access(() -> failed(e));
		}
		catch (RuntimeException e) {
			ui.access(() -> {
				progress.setVisible(false);
				state.setText("The import failed: " + e.getMessage());
			});
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private void finished(ImportResult result) {
		progress.setValue(1);
		state.setText("Imported " + result.imported() + " of " + result.rows() + " devices"
				+ (result.skipped() > 0 ? "; skipped " + result.skipped() + " invalid rows (below)" : "") + ".");
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
		state.setText(e.getMessage());
		if (e.properties().get("errors") instanceof java.util.List<?> list) {
			java.util.List<RowError> rows = new java.util.ArrayList<>();
			for (Object item : list) {
				if (item instanceof java.util.Map<?, ?> map && map.get("row") instanceof Number row) {
					rows.add(new RowError(row.intValue(), String.valueOf(map.get("field")), String.valueOf(map.get("message"))));
				}
			}
			if (!rows.isEmpty()) {
				errors.setItems(rows);
				errors.setVisible(true);
			}
		}
	}
}
