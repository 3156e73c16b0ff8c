package io.cirrus.test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** A real SMTP server in-process (GreenMail) on the port application-test.yml names; one per test JVM. */
public final class MailServer {

	public static final int PORT = 13025;

	private static GreenMail mail;

	private MailServer() {
	}

	public static synchronized GreenMail get() {
		if (mail == null) {
			mail = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			mail.start();
		}
		return mail;
	}
}
