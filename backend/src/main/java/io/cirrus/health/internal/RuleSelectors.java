package io.cirrus.health.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/**
 * Which devices a telemetry rule watches: {@code all}, {@code device:<id>}.
 */
@Component
public class RuleSelectors {

	public static final String ALL = "all";

	private static final String DEVICE = "device:";

	/** The canonical form of a selector, or a 400 naming the field. */
	public String normalize(String selector) {
		String value = selector == null || selector.isBlank() ? ALL : selector.strip();
		if (value.equals("*") || value.equals(ALL)) {
			return ALL;
		}
		if (value.startsWith(DEVICE)) {
			parseDevice(value).orElseThrow(() -> CirrusException.invalidField("selector",
					"must name a device id after 'device:' (a UUID)"));
			return value;
		}
		throw CirrusException.invalidField("selector", "must be 'all' or 'device:<id>'");
	}

	public boolean selects(TenantId tenant, String selector, DeviceId device) {
		if (ALL.equals(selector)) {
			return true;
		}
		return parseDevice(selector).map(device::equals).orElse(false);
	}

	public String deviceName(TenantId tenant, DeviceId device) {
		return device.toString();
	}

	private static Optional<DeviceId> parseDevice(String selector) {
		try {
			return Optional.of(new DeviceId(UUID.fromString(selector.substring(DEVICE.length()))));
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}
}
