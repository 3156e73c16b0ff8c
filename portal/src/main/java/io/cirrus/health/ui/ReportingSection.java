package io.cirrus.health.ui;

import java.time.Duration;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import io.cirrus.device.DeviceSummary;
import io.cirrus.device.ui.DeviceDetailSection;
import io.cirrus.health.DeviceHealth;
import io.cirrus.health.DeviceReporting;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.ui.Kpi;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.Times;

/**
 * The reporting section of the device page: the measured interval between its messages (median, p99, latest)
 * against its profile's expectation, the drift, flaps in the last hour and the last automatic reboot; live.
 */
@Component
class ReportingSection implements DeviceDetailSection {

	private final DeviceHealth health;

	ReportingSection(DeviceHealth health) {
		this.health = health;
	}

	@Override
	public String title() {
		return "Reporting";
	}

	@Override
	public int order() {
		return 30;
	}

	@Override
	public com.vaadin.flow.component.Component create(DeviceSummary device) {
		return new Panel(health, device.id());
	}

	static final class Panel extends VerticalLayout {

		private final DeviceHealth health;

		private final DeviceId device;

		private final Kpi median = new Kpi("reporting-p50", "median interval");

		private final Kpi p99 = new Kpi("reporting-p99", "p99 interval");

		private final Kpi drift = new Kpi("reporting-drift", "drift from expected");

		private final Kpi flaps = new Kpi("reporting-flaps", "flaps in the last hour");

		private final Paragraph note = new Paragraph();

		Panel(DeviceHealth health, DeviceId device) {
			this.health = health;
			this.device = device;
			setPadding(false);
			setId("device-reporting");
			Div kpis = new Div(median, p99, drift, flaps);
			kpis.addClassName("cirrus-kpis");
			note.setId("reporting-note");
			add(kpis, note);
			refresh();
			LiveRefresh.every(this, Duration.ofSeconds(5), this::refresh);
		}

		private void refresh() {
			DeviceReporting r = health.reporting(device);
			if (r.samples() == 0) {
				median.show("—", Kpi.Tone.NORMAL);
				p99.show("—", Kpi.Tone.NORMAL);
				drift.show("—", Kpi.Tone.NORMAL);
				flaps.show("—", Kpi.Tone.NORMAL);
				note.setText("No intervals measured yet: the figures appear once the device has sent two messages.");
			}
			else {
				median.show(seconds(r.p50Millis()), r.drifting() ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
				p99.show(seconds(r.p99Millis()), Kpi.Tone.NORMAL);
				drift.show((r.driftPercent() > 0 ? "+" : "") + r.driftPercent() + " %",
						r.drifting() ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
				flaps.show(String.valueOf(r.flapsLastHour()), r.flapping() ? Kpi.Tone.BAD : Kpi.Tone.NORMAL);
				note.setText("Over the last " + r.samples() + " intervals; the profile expects one message every "
						+ r.expectedSeconds() + " s. Latest interval " + seconds(r.lastMillis()) + "."
						+ (r.rebootSentAt() == null ? "" : " Automatic recovery sent a reboot at " + Times.dateTime(r.rebootSentAt()) + "."));
			}
		}

		private static String seconds(long millis) {
			return millis < 10_000 ? String.format("%.1f s", millis / 1000.0) : (millis / 1000) + " s";
		}
	}
}
