package io.cirrus.app.ui;

import java.util.UUID;

import com.vaadin.flow.component.UI;

/** Typed navigation to the app views, for other features' views (the apps that read a device, say). */
public final class AppNavigation {

	private AppNavigation() {
	}

	public static String appPath(UUID app) {
		return "apps/" + app;
	}

	public static void toApp(UUID app) {
		UI.getCurrent().navigate(appPath(app));
	}

	public static void toApps() {
		UI.getCurrent().navigate("apps");
	}
}
