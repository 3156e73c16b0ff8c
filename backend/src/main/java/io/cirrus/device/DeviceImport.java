package io.cirrus.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.device.internal.DeviceEventStore;
import io.cirrus.device.internal.DeviceStore;
import io.cirrus.device.internal.Tokens;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Bulk registration from CSV: a header row naming the columns {@code name} (required), {@code profile} (a profile
 * name; empty = default), {@code tags} (separated by {@code ;} or {@code |}) and {@code metadata} (a JSON object),
 * then one device per row. Every row is checked before anything is stored; with errors, nothing is imported unless
 * {@code skipInvalid}, which imports the valid rows and reports the others. One transaction: a file is imported
 * whole or not at all. Each new device's token is in the result, once, and each publishes its
 * {@link DeviceRegistered} in that transaction.
 */
@Service
public class DeviceImport {

	static final Set<String> COLUMNS = Set.of("name", "profile", "tags", "metadata");

	private final DeviceStore store;

	private final DeviceProfiles profiles;

	private final ApplicationEventPublisher events;

	private final DeviceProperties properties;

	private final DeviceEventStore history;

	DeviceImport(DeviceStore store, DeviceProfiles profiles, ApplicationEventPublisher events,
			DeviceProperties properties, DeviceEventStore history) {
		this.history = history;
		this.store = store;
		this.profiles = profiles;
		this.events = events;
		this.properties = properties;
	}

	/** What is wrong with one row (1 = the first row after the header). */
	public record RowError(int row, String field, String message) {
	}

	/** A device the import registered, with its token (shown once). */
	public record ImportedDevice(int row, DeviceId id, String name, String token) {
	}

	/** The outcome: rows read, devices imported, rows skipped and why. */
	public record ImportResult(int rows, int imported, int skipped, List<RowError> errors, List<ImportedDevice> devices) {
	}

	/** Progress of an import: rows checked or stored so far out of all rows. */
	public interface Progress {

		void update(String phase, int done, int total);
	}

	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public ImportResult importCsv(String csv, boolean skipInvalid, @Nullable Progress progress) {
		TenantId tenant = TenantContext.require();
		Progress report = progress == null ? (phase, done, total) -> {
		} : progress;
		List<List<String>> records;
		try {
			records = Csv.parse(csv);
		}
		catch (IllegalArgumentException e) {
			throw CirrusException.invalidField("file", "is not valid CSV: " + e.getMessage());
		}
		if (records.isEmpty()) {
			throw CirrusException.invalidField("file", "is empty: the first row must name the columns (name,profile,tags,metadata)");
		}
		Map<String, Integer> columns = header(records.getFirst());
		int rows = records.size() - 1;
		if (rows > properties.maxImportRows()) {
			throw CirrusException.invalidField("file", "has " + rows + " rows; at most " + properties.maxImportRows() + " per import");
		}
		Map<String, @Nullable DeviceProfile> byName = new HashMap<>();
		DeviceProfile fallback = profiles.defaultProfile(tenant);
		List<RowError> errors = new ArrayList<>();
		List<DeviceStore.NewDevice> devices = new ArrayList<>();
		List<ImportedDevice> imported = new ArrayList<>();
		for (int r = 1; r <= rows; r++) {
			List<String> record = records.get(r);
			Validation v = new Validation();
			if (record.size() > columns.size()) {
				v.reject("row", "has " + record.size() + " fields, the header names " + columns.size());
			}
			String name = v.name("name", cell(record, columns, "name"), 200);
			String profileName = cell(record, columns, "profile");
			DeviceProfile profile = fallback;
			if (profileName != null && !profileName.isBlank()) {
				profile = byName.computeIfAbsent(profileName.strip().toLowerCase(Locale.ROOT),
						n -> store.profileByName(tenant, n).orElse(null));
				if (profile == null) {
					v.reject("profile", "'" + profileName.strip() + "' is not a device profile of your tenant");
				}
			}
			String tagText = cell(record, columns, "tags");
			List<String> tags = tagText == null || tagText.isBlank() ? List.of()
					: v.tags("tags", Arrays.stream(tagText.split("[;|]")).map(String::strip).filter(t -> !t.isEmpty()).toList());
			Map<String, Object> metadata = Map.of();
			String metadataText = cell(record, columns, "metadata");
			if (metadataText != null && !metadataText.isBlank()) {
				try {
					metadata = v.metadata("metadata", DeviceStore.parseObject(metadataText));
				}
				catch (IllegalArgumentException e) {
					v.reject("metadata", e.getMessage());
				}
			}
			if (v.hasErrors()) {
				for (Map<String, String> error : v.errors()) {
					errors.add(new RowError(r, error.get("field"), error.get("message")));
				}
			}
			else {
				DeviceId id = DeviceId.random();
				String token = Tokens.deviceToken();
				devices.add(new DeviceStore.NewDevice(id, name, profile.id(), tags, metadata, Tokens.sha256(token)));
				imported.add(new ImportedDevice(r, id, name, token));
			}
			if (r % 500 == 0) {
				report.update("checking", r, rows);
			}
		}
		report.update("checking", rows, rows);
		if (!errors.isEmpty() && !skipInvalid) {
			RowError first = errors.getFirst();
			throw new CirrusException(Problems.VALIDATION, errors.size() + " problems in " + errors.stream().map(RowError::row).distinct().count()
					+ " rows; nothing was imported. First: row " + first.row() + ", " + first.field() + " " + first.message()
					+ ". Correct the file, or import with skipInvalid=true to import the valid rows only.",
					Map.of("errors", errors.stream().limit(1000).map(e -> Map.of("row", e.row(), "field", e.field(), "message", e.message())).toList(),
							"errorCount", errors.size()));
		}
		Instant now = Instant.now();
		for (int from = 0; from < devices.size(); from += 1000) {
			List<DeviceStore.NewDevice> chunk = devices.subList(from, Math.min(devices.size(), from + 1000));
			store.insertAll(tenant, chunk);
			for (DeviceStore.NewDevice d : chunk) {
				events.publishEvent(new DeviceRegistered(tenant, d.id(), d.name(), d.profile(), d.tags(), d.metadata(), now));
			}
			history.recordAll(tenant, chunk.stream().map(DeviceStore.NewDevice::id).toList(), "imported",
					java.util.Collections.nCopies(chunk.size(), "from a CSV file"), now);
			report.update("importing", from + chunk.size(), devices.size());
		}
		int skipped = (int) errors.stream().map(RowError::row).distinct().count();
		return new ImportResult(rows, devices.size(), skipped, List.copyOf(errors), List.copyOf(imported));
	}

	private static Map<String, Integer> header(List<String> header) {
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			String column = header.get(i).strip().toLowerCase(Locale.ROOT);
			if (!COLUMNS.contains(column)) {
				throw CirrusException.invalidField("header", "names an unknown column '" + header.get(i)
						+ "': the columns are name, profile, tags, metadata");
			}
			if (columns.put(column, i) != null) {
				throw CirrusException.invalidField("header", "names the column '" + column + "' twice");
			}
		}
		if (!columns.containsKey("name")) {
			throw CirrusException.invalidField("header", "must name the column 'name'");
		}
		return columns;
	}

	private static @Nullable String cell(List<String> record, Map<String, Integer> columns, String column) {
		Integer index = columns.get(column);
		return index == null || index >= record.size() ? null : record.get(index);
	}
}
