package io.cirrus.health.ui;

import java.util.function.Consumer;

import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;

import io.cirrus.health.TimeRange;

/** 1 h / 24 h / 7 d. */
class RangeTabs extends Tabs {

	private final Tab hour = tab("1 h", "range-hour");

	private final Tab day = tab("24 h", "range-day");

	private final Tab week = tab("7 d", "range-week");

	RangeTabs(Consumer<TimeRange> selected) {
		add(hour, day, week);
		setId("range");
		addSelectedChangeListener(e -> selected.accept(range()));
	}

	TimeRange range() {
		Tab tab = getSelectedTab();
		return tab == week ? TimeRange.WEEK : tab == day ? TimeRange.DAY : TimeRange.HOUR;
	}

	void select(TimeRange range) {
		setSelectedTab(range == TimeRange.WEEK ? week : range == TimeRange.DAY ? day : hour);
	}

	private static Tab tab(String label, String id) {
		Tab tab = new Tab(label);
		tab.setId(id);
		return tab;
	}
}
