package io.cirrus.app.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.cirrus.app.Action;
import io.cirrus.app.ActionCheck;
import io.cirrus.app.AppDocument;
import io.cirrus.app.AppDocument.DeviceSelector;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;
import io.cirrus.app.Trigger;
import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceProfile;
import io.cirrus.device.DeviceProfiles;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;

/**
 * Checks a document against the tenant's data: the devices, profiles and tags it names, the apps it invokes, and,
 * through {@link ActionCheck}s of other modules, what their actions need (notification channels, recipients).
 * Runs bound to the tenant whose app it is.
 */
@Component
class TenantChecks {

	private final DeviceDirectory devices;

	private final DeviceProfiles profiles;

	private final AppStore apps;

	private final Map<String, List<ActionCheck>> checks = new LinkedHashMap<>();

	TenantChecks(DeviceDirectory devices, DeviceProfiles profiles, AppStore apps, List<ActionCheck> checks) {
		this.devices = devices;
		this.profiles = profiles;
		this.apps = apps;
		checks.forEach(check -> this.checks.computeIfAbsent(check.kind(), k -> new ArrayList<>()).add(check));
	}

	List<AppProblem> check(AppDocument document, @Nullable UUID self) {
		List<AppProblem> problems = new ArrayList<>();
		Map<String, DeviceSelector> selectors = new LinkedHashMap<>();
		if (document.permissions().devices() != null) {
			selectors.put("$.permissions.devices", document.permissions().devices());
		}
		for (int i = 0; i < document.triggers().size(); i++) {
			Trigger trigger = document.triggers().get(i);
			if (trigger.devices() != null) {
				selectors.put("$.triggers[" + i + "].devices", trigger.devices());
			}
		}
		List<DeviceProfile> known = selectors.values().stream().anyMatch(s -> !s.profiles().isEmpty()) ? profiles.existing() : List.of();
		Set<String> tags = new LinkedHashSet<>();
		selectors.values().forEach(s -> tags.addAll(s.tags()));
		Set<String> inUse = devices.tagsInUse(tags);
		selectors.forEach((path, selector) -> {
			for (int j = 0; j < selector.ids().size(); j++) {
				device(path + ".ids[" + j + "]", selector.ids().get(j), problems);
			}
			for (int j = 0; j < selector.profiles().size(); j++) {
				String profile = selector.profiles().get(j);
				// The default profile exists for every tenant, even before it is first needed and made.
				if (!profile.equals(DeviceProfiles.DEFAULT_NAME)
						&& known.stream().noneMatch(p -> p.name().equals(profile) || p.id().toString().equals(profile))) {
					problems.add(AppProblem.error(Code.UNKNOWN_PROFILE, path + ".profiles[" + j + "]", "No device profile '"
							+ profile + "' in this tenant: use one of " + String.join(", ", known.stream().map(DeviceProfile::name).toList()) + "."));
				}
			}
			for (int j = 0; j < selector.tags().size(); j++) {
				String tag = selector.tags().get(j);
				if (!inUse.contains(tag)) {
					problems.add(AppProblem.warning(Code.UNKNOWN_TAG, path + ".tags[" + j + "]", "No device carries the tag '"
							+ tag + "' yet: the selector matches nothing until one does."));
				}
			}
		});
		for (int r = 0; r < document.rules().size(); r++) {
			List<Action> actions = document.rules().get(r).actions();
			for (int a = 0; a < actions.size(); a++) {
				action(document, "$.rules[" + r + "].actions[" + a + "]", actions.get(a), self, problems);
			}
		}
		return problems;
	}

	private void action(AppDocument document, String path, Action action, @Nullable UUID self, List<AppProblem> problems) {
		switch (action) {
			case Action.Command c when c.device() != null -> target(document, path + ".device", c.device(), problems);
			case Action.SetDevice s when s.device() != null -> target(document, path + ".device", s.device(), problems);
			case Action.Invoke i -> invoked(path + ".app", i.app(), self, problems);
			default -> {
			}
		}
		for (ActionCheck check : checks.getOrDefault(action.kind(), List.of())) {
			problems.addAll(check.check(action, path));
		}
	}

	/** A device an action names: it must exist and be one the app's permissions grant. */
	private void target(AppDocument document, String path, String id, List<AppProblem> problems) {
		DeviceSummary device = device(path, id, problems);
		DeviceSelector permitted = document.permissions().devices();
		if (device != null && (permitted == null || !Selectors.matches(permitted, DeviceContext.of(device)))) {
			problems.add(AppProblem.error(Code.PERMISSION, path, "Device " + device.name()
					+ " is not among the devices permissions.devices grants: widen the permission or name another device."));
		}
	}

	private @Nullable DeviceSummary device(String path, String id, List<AppProblem> problems) {
		Optional<DeviceSummary> found;
		try {
			found = devices.find(new DeviceId(UUID.fromString(id)));
		}
		catch (IllegalArgumentException e) {
			return null; // not a UUID: the schema said so
		}
		if (found.isEmpty()) {
			problems.add(AppProblem.error(Code.UNKNOWN_DEVICE, path, "No device " + id + " in this tenant."));
			return null;
		}
		if (found.get().decommissionedAt() != null) {
			problems.add(AppProblem.warning(Code.UNKNOWN_DEVICE, path, "Device " + found.get().name()
					+ " is decommissioned: it sends nothing and takes no commands."));
		}
		return found.get();
	}

	private void invoked(String path, String app, @Nullable UUID self, List<AppProblem> problems) {
		var tenant = TenantContext.require();
		var found = apps.findByName(tenant, app);
		if (found.isEmpty()) {
			try {
				found = apps.find(tenant, UUID.fromString(app));
			}
			catch (IllegalArgumentException e) {
				// a name, not an id
			}
		}
		if (found.isEmpty()) {
			problems.add(AppProblem.error(Code.REFERENCE, path, "No app '" + app + "' in this tenant: name an app by its name or id."));
		}
		else if (found.get().id().equals(self)) {
			problems.add(AppProblem.error(Code.REFERENCE, path, "An app cannot invoke itself."));
		}
	}
}
