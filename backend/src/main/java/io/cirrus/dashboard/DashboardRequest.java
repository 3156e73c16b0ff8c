package io.cirrus.dashboard;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A dashboard as its author sends it, before it is checked. Kinds, ranges and aggregations are text so that a
 * wrong one is answered naming its field rather than as an unreadable body.
 */
public record DashboardRequest(@Nullable String name, @Nullable String description, @Nullable List<String> sharedWith,
		@Nullable List<WidgetRequest> widgets) {

	/** A widget as sent; see {@link Widget} for what each field means. */
	public record WidgetRequest(@Nullable String id, @Nullable String kind, @Nullable String title,
			@Nullable Integer width, @Nullable List<String> devices, @Nullable List<String> keys,
			@Nullable String aggregation, @Nullable String range, @Nullable String unit, @Nullable Double min,
			@Nullable Double max, @Nullable Double warn, @Nullable Double bad, @Nullable Boolean activeOnly,
			@Nullable Integer limit) {

		/** The request form of a stored widget (the portal edits widgets this way). */
		public static WidgetRequest of(Widget widget) {
			return new WidgetRequest(widget.id(), widget.kind().id(), widget.title(), widget.width(),
					widget.devices().stream().map(Object::toString).toList(), widget.keys(), widget.aggregation(),
					widget.range(), widget.unit(), widget.min(), widget.max(), widget.warn(), widget.bad(),
					widget.activeOnly(), widget.limit());
		}
	}

	/** The request form of a stored dashboard. */
	public static DashboardRequest of(Dashboard dashboard) {
		return new DashboardRequest(dashboard.name(), dashboard.description(), dashboard.sharedWith(),
				dashboard.widgets().stream().map(WidgetRequest::of).toList());
	}
}
