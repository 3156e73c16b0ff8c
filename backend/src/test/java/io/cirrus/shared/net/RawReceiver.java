package io.cirrus.shared.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP peer on 127.0.0.1 written on plain sockets, so it can do what a well-behaved server library
 * will not: trickle headers or a body byte by byte, never answer, answer megabytes. Records the request heads.
 */
final class RawReceiver implements AutoCloseable {

	/** What the receiver does with a connection after reading the request head. */
	@FunctionalInterface
	interface Behaviour {

		void answer(OutputStream out) throws IOException, InterruptedException;
	}

	static final Behaviour OK = out -> out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
		.getBytes(StandardCharsets.US_ASCII));

	private final ServerSocket server;

	private final List<String> heads = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	RawReceiver(Behaviour behaviour) throws IOException {
		server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					connections.incrementAndGet();
					Thread.ofVirtual().start(() -> serve(socket, behaviour));
				}
				catch (IOException e) {
					return;
				}
			}
		});
	}

	private void serve(Socket socket, Behaviour behaviour) {
		try (socket) {
			InputStream in = socket.getInputStream();
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				int c = in.read();
				if (c < 0) {
					return;
				}
				head.append((char) c);
			}
			heads.add(head.toString());
			behaviour.answer(socket.getOutputStream());
			socket.getOutputStream().flush();
		}
		catch (IOException | InterruptedException e) {
			// the client went away: what the slow behaviours expect
		}
	}

	int port() {
		return server.getLocalPort();
	}

	List<String> heads() {
		return heads;
	}

	int connections() {
		return connections.get();
	}

	@Override
	public void close() throws IOException {
		server.close();
	}
}
