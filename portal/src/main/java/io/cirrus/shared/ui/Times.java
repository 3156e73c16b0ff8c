package io.cirrus.shared.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.vaadin.flow.server.VaadinSession;

/**
 * Times as the portal shows them: in the signed-in user's tenant time zone (tenant settings), with the zone named,
 * e.g. {@code 2026-12-07 18:05:12 WET}. The portal shell resolves the zone once per page load and after a change in
 * the settings ({@link #use}); without a tenant (platform admins) times are in UTC. Every view formats times here, so
 * none shows the server's own zone by accident.
 */
public final class Times {

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ENGLISH);

	private static final DateTimeFormatter DATE_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH);

	private Times() {
	}

	/** The zone times are shown in for the current session. */
	public static ZoneId zone() {
		VaadinSession session = VaadinSession.getCurrent();
		ZoneId zone = session == null ? null : session.getAttribute(ZoneId.class);
		return zone == null ? ZoneOffset.UTC : zone;
	}

	/** Shows times in {@code zone} from now on in the current session. */
	public static void use(ZoneId zone) {
		VaadinSession session = VaadinSession.getCurrent();
		if (session != null) {
			session.setAttribute(ZoneId.class, zone);
		}
	}

	/** {@code 2026-12-07 18:05:12 WET}, or {@code fallback} for no time. */
	public static String dateTime(@Nullable Instant at, String fallback) {
		return at == null ? fallback : DATE_TIME.format(at.atZone(zone()));
	}

	/** {@code 2026-12-07 18:05:12 WET}. */
	public static String dateTime(Instant at) {
		return dateTime(at, "—");
	}

	/** {@code 2026-12-07 18:05 WET}. */
	public static String dateMinute(Instant at) {
		return DATE_MINUTE.format(at.atZone(zone()));
	}

	/** The zone's name as people read it: {@code Europe/Lisbon}, or {@code UTC}. */
	public static String zoneName() {
		ZoneId zone = zone();
		return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
	}
}
