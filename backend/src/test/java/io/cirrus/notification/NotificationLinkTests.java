package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A notification's link goes in front of people (inbox, e-mail): portal paths and http(s) URLs only. */
class NotificationLinkTests {

	@ParameterizedTest
	@ValueSource(strings = { "/devices/6f1c0d7e-0000-4000-8000-000000000001", "/alarms", "https://status.example.com/x?y=1",
			"http://intranet.example.org" })
	void portalPathsAndWebAddressesAreAccepted(String link) {
		assertThat(NotificationService.safeLink(link)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
			"//evil.example.com/phish", "/\\evil.example.com", "file:///etc/passwd", "mailto:x@example.com",
			"vbscript:msgbox", "https://", "devices/1", "/devices/\n1", " " })
	void schemesPeopleCouldBeTrickedWithAreRefused(String link) {
		assertThat(NotificationService.safeLink(link)).isFalse();
	}
}
