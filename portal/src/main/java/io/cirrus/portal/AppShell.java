package io.cirrus.portal;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.lumo.Lumo;

/** Page-wide settings of the portal: Lumo theme, our stylesheet, server push for live views. */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/cirrus.css")
@PWA(name = "Cirrus", shortName = "Cirrus")
public class AppShell implements AppShellConfigurator {
}
