package io.cirrus.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** MQTT packets written by hand, for tests that need what a client library will not send (or send as fast). */
public final class MqttPackets {

	private MqttPackets() {
	}

	/** A CONNECT of protocol {@code level} (4: 3.1.1, 5: 5.0) with user name, password and a clean session. */
	public static byte[] connect(int level, String clientId, String username, String password, int keepAlive) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		utf8(body, "MQTT");
		body.write(level);
		body.write(0xC2); // user name, password, clean session
		body.write(keepAlive >> 8);
		body.write(keepAlive & 0xFF);
		if (level == 5) {
			body.write(0); // no properties
		}
		utf8(body, clientId);
		utf8(body, username);
		utf8(body, password);
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(0x10);
		int length = body.size();
		do {
			int digit = length % 128;
			length /= 128;
			packet.write(length > 0 ? digit | 0x80 : digit);
		}
		while (length > 0);
		packet.writeBytes(body.toByteArray());
		return packet.toByteArray();
	}

	private static void utf8(ByteArrayOutputStream out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.write(bytes.length >> 8);
		out.write(bytes.length & 0xFF);
		out.writeBytes(bytes);
	}
}
