package io.cirrus.app.ui;

import java.time.Instant;

import com.vaadin.flow.component.html.Span;

import io.cirrus.app.AppValidation;
import io.cirrus.shared.ui.Times;

/** How the app views write times and validation outcomes. */
final class AppTexts {

	private AppTexts() {
	}

	/** In the tenant's time zone, as every time in the portal. */
	static String time(Instant instant) {
		return Times.dateTime(instant);
	}

	/** "Valid", "Valid · 1 warning", "2 errors · 1 warning". */
	static String outcome(boolean valid, int errors, int warnings) {
		String warned = warnings == 0 ? "" : (valid ? " · " : " · ") + warnings + (warnings == 1 ? " warning" : " warnings");
		return (valid ? "Valid" : errors + (errors == 1 ? " error" : " errors")) + warned;
	}

	static String outcome(AppValidation validation) {
		return outcome(validation.valid(), validation.errors(), validation.warnings());
	}

	/** A badge: green when valid, red otherwise. */
	static Span badge(boolean valid, int errors, int warnings) {
		Span badge = new Span(outcome(valid, errors, warnings));
		badge.getElement().getThemeList().add("badge " + (valid ? "success" : "error"));
		return badge;
	}
}
