package io.cirrus.app;

import java.util.List;

/** One page of apps, and how many the tenant has. */
public record AppsPage(List<AppSummary> items, int page, int size, long total) {

	public AppsPage {
		items = List.copyOf(items);
	}
}
