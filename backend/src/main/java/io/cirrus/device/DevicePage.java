package io.cirrus.device;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of devices.
 *
 * @param items the devices of the page
 * @param page  page number (from 0)
 * @param size  page size asked for
 * @param total how many devices match the filters, when counted
 */
public record DevicePage(List<DeviceSummary> items, int page, int size, @Nullable Long total) {

	public DevicePage {
		items = List.copyOf(items);
	}
}
