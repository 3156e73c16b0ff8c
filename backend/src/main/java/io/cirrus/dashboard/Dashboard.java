package io.cirrus.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's dashboard: its widgets in grid order, the roles it is shared with, and whether the caller may edit it.
 *
 * @param sharedWith roles besides tenant admins (and its author) that may open it: {@code developer}, {@code viewer}
 * @param version    grows with every save; a save may name the version it started from
 * @param editable   whether the caller may change it (tenant admins and developers who can open it)
 */
public record Dashboard(UUID id, String name, @Nullable String description, List<String> sharedWith,
		List<Widget> widgets, int version, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt,
		boolean editable) {

	public Dashboard {
		sharedWith = List.copyOf(sharedWith);
		widgets = List.copyOf(widgets);
	}
}
