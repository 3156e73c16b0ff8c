package io.cirrus.app;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.app.internal.AppSchema;
import io.cirrus.app.internal.AppStore;
import io.cirrus.app.internal.AppValidator;
import io.cirrus.app.internal.AppValidator.Checked;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Designing the caller's tenant's apps: creating them, saving versions (every save is a new, immutable version,
 * validated as it is saved), validating again, listing and deleting. Tenant admins and developers write, viewers
 * read. Another tenant's app is not found.
 */
@Service
public class Apps {

	/** Most apps one page lists. */
	public static final int MAX_PAGE = 200;

	private final AppStore store;

	private final AppValidator validator;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Apps(AppStore store, AppValidator validator, ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.validator = validator;
		this.events = events;
		this.clock = clock;
	}

	/** The app document's JSON Schema (draft 2020-12). */
	public String schema() {
		return AppSchema.get().text();
	}

	/** Creates an app from its first version; the document must at least name it. */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public AppVersion create(String source, AppFormat format) {
		TenantId tenant = TenantContext.require();
		UUID id = UUID.randomUUID();
		Checked checked = validator.check(source, format, id);
		String name = name(checked, source, format);
		if (store.findByName(tenant, name).isPresent()) {
			throw nameTaken(name);
		}
		String by = user();
		store.insertApp(tenant, id, name, description(checked), by);
		return insert(tenant, id, 1, name, source, format, checked, by);
	}

	/** Saves a new version; {@code base}, when given, must be the latest version (or someone saved meanwhile). */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public AppVersion save(UUID app, String source, AppFormat format, @Nullable Integer base) {
		TenantId tenant = TenantContext.require();
		int next = store.lockForNewVersion(tenant, app).orElseThrow(() -> new NotFoundException("App", app));
		if (base != null && base != next - 1) {
			throw new CirrusException(Problems.CONFLICT, "Version " + (next - 1) + " was saved since you opened version "
					+ base + ": reload the app, merge your changes and save again.", Map.of("latestVersion", next - 1));
		}
		Checked checked = validator.check(source, format, app);
		String name = name(checked, source, format);
		store.findByName(tenant, name).filter(other -> !other.id().equals(app)).ifPresent(other -> {
			throw nameTaken(name);
		});
		String by = user();
		AppVersion saved = insert(tenant, app, next, name, source, format, checked, by);
		store.updateLatest(tenant, app, next, name, description(checked), by);
		return saved;
	}

	/** Checks a document without saving it (the designer validates as the author types). */
	@PreAuthorize(Access.MANAGERS)
	@Transactional(readOnly = true)
	public AppValidation check(String source, AppFormat format, @Nullable UUID app) {
		return validator.check(source, format, app).validation();
	}

	/** Validates a saved version again against the tenant as it is now, and records the outcome. */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public AppValidation validate(UUID app, int version) {
		TenantId tenant = TenantContext.require();
		AppSummary summary = get(app);
		AppVersion saved = store.version(tenant, app, version).orElseThrow(() -> new NotFoundException("App version", app + "/" + version));
		AppValidation validation = validator.check(saved.source(), saved.format(), app).validation();
		store.updateValidation(tenant, app, version, validation);
		publish(tenant, app, summary.name(), version, validation, user());
		return validation;
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public AppsPage list(@Nullable String name, int page, int size) {
		if (page < 0) {
			throw CirrusException.invalidField("page", "must be 0 or more");
		}
		if (size < 1 || size > MAX_PAGE) {
			throw CirrusException.invalidField("size", "must be between 1 and " + MAX_PAGE);
		}
		if (name != null && name.length() > 100) {
			throw CirrusException.invalidField("name", "must be at most 100 characters");
		}
		TenantId tenant = TenantContext.require();
		return new AppsPage(store.list(tenant, name, page * size, size), page, size, store.count(tenant, name));
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public AppSummary get(UUID app) {
		return store.find(TenantContext.require(), app).orElseThrow(() -> new NotFoundException("App", app));
	}

	/** Every version of an app, newest first, without their text. */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public List<AppVersion> versions(UUID app) {
		get(app);
		return store.versions(TenantContext.require(), app);
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public AppVersion version(UUID app, int version) {
		get(app);
		return store.version(TenantContext.require(), app, version)
			.orElseThrow(() -> new NotFoundException("App version", app + "/" + version));
	}

	/** Deletes an app with all its versions. */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public void delete(UUID app) {
		if (store.delete(TenantContext.require(), app) == 0) {
			throw new NotFoundException("App", app);
		}
	}

	private AppVersion insert(TenantId tenant, UUID app, int version, String name, String source, AppFormat format,
			Checked checked, String by) {
		store.insertVersion(tenant, app, version, format, source, checked.document(), checked.validation(), by);
		publish(tenant, app, name, version, checked.validation(), by);
		return store.version(tenant, app, version).orElseThrow();
	}

	private void publish(TenantId tenant, UUID app, String name, int version, AppValidation validation, String by) {
		events.publishEvent(new AppVersionValidated(tenant, app, name, version, validation.valid(), validation.errors(),
				validation.warnings(), by, clock.instant()));
	}

	/** The app's name: from the document, or from its text when the rest of it does not fit the model. */
	private static String name(Checked checked, String source, AppFormat format) {
		if (checked.document() != null && !checked.document().name().isBlank()) {
			return checked.document().name().strip();
		}
		String name = io.cirrus.app.internal.AppSource.nameOf(source, format);
		if (name == null || name.isBlank() || name.length() > 100) {
			throw new CirrusException(Problems.VALIDATION,
					"The document must at least have a name (1 to 100 characters) to be saved: "
							+ summary(checked.validation()),
					Map.of("problems", checked.validation().problems()));
		}
		return name.strip();
	}

	private static @Nullable String description(Checked checked) {
		return checked.document() == null ? null : checked.document().description();
	}

	private static String summary(AppValidation validation) {
		return validation.problems().isEmpty() ? "it has none."
				: validation.problems().getFirst().message() + (validation.problems().size() > 1
						? " (and " + (validation.problems().size() - 1) + " more problems)" : "");
	}

	private static CirrusException nameTaken(String name) {
		return new CirrusException(Problems.CONFLICT, "Another app of this tenant is called '" + name
				+ "': choose another name.");
	}

	private static String user() {
		return TenantContext.currentUser().map(u -> u.username()).orElse("system");
	}
}
