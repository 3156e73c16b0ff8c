package io.cirrus.app;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.app.AppDocument.DeviceSelector;
import io.cirrus.app.internal.AppStore;
import io.cirrus.app.internal.DeploymentStore;
import io.cirrus.app.internal.DeviceContext;
import io.cirrus.app.internal.Selectors;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * The deployed apps that read a device (a trigger of the live version selects it and the version's permissions grant
 * it) or act on it by name (a command or set-device action naming its id): what the device page lists, judged as the
 * runtime judges an event of the device.
 */
@Service
public class DeviceApps {

	/** Triggers that cannot be about a device. */
	private static final List<String> DEVICELESS = List.of("schedule", "http");

	/**
	 * An app with a live deployment that concerns the device.
	 *
	 * @param reads  the live version's triggers that select the device, as "id (kind)"
	 * @param actsOn the live version's actions that name the device, as "rule: kind"
	 */
	public record DeviceApp(UUID app, String name, int version, DeploymentState state, List<String> reads,
			List<String> actsOn) {

		public DeviceApp {
			reads = List.copyOf(reads);
			actsOn = List.copyOf(actsOn);
		}
	}

	private final AppStore apps;

	private final DeploymentStore deployments;

	DeviceApps(AppStore apps, DeploymentStore deployments) {
		this.apps = apps;
		this.deployments = deployments;
	}

	/** The apps of the device's tenant that read or act on it, by name. */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public List<DeviceApp> of(DeviceSummary device) {
		TenantId tenant = TenantContext.require();
		DeviceContext context = DeviceContext.of(device);
		List<DeviceApp> found = new ArrayList<>();
		for (AppDeployment live : deployments.liveAll(tenant)) {
			AppDocument document = apps.version(tenant, live.app(), live.version()).map(AppVersion::document).orElse(null);
			if (document == null) {
				continue;
			}
			List<String> reads = reads(document, context);
			List<String> actsOn = actsOn(document, device.id().toString());
			if (!reads.isEmpty() || !actsOn.isEmpty()) {
				String name = apps.find(tenant, live.app()).map(AppSummary::name).orElse(document.name());
				found.add(new DeviceApp(live.app(), name, live.version(), live.state(), reads, actsOn));
			}
		}
		found.sort(java.util.Comparator.comparing(DeviceApp::name, String.CASE_INSENSITIVE_ORDER));
		return found;
	}

	private static List<String> reads(AppDocument document, DeviceContext device) {
		DeviceSelector permitted = document.permissions().devices();
		if (permitted == null || !Selectors.matches(permitted, device)) {
			return List.of();
		}
		List<String> reads = new ArrayList<>();
		for (Trigger trigger : document.triggers()) {
			if (DEVICELESS.contains(trigger.kind())) {
				continue;
			}
			DeviceSelector selector = trigger.devices();
			if (selector == null || Selectors.matches(selector, device)) {
				String keys = trigger instanceof Trigger.Telemetry t && !t.keys().isEmpty() ? ": " + String.join(", ", t.keys()) : "";
				reads.add(trigger.id() + " (" + trigger.kind() + keys + ")");
			}
		}
		return reads;
	}

	private static List<String> actsOn(AppDocument document, String device) {
		List<String> acts = new ArrayList<>();
		for (AppDocument.Rule rule : document.rules()) {
			for (Action action : rule.actions()) {
				String named = switch (action) {
					case Action.Command c -> c.device();
					case Action.SetDevice s -> s.device();
					default -> null;
				};
				if (device.equals(named)) {
					acts.add(rule.id() + ": " + action.kind());
				}
			}
		}
		return acts;
	}
}
