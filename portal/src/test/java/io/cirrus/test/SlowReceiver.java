package io.cirrus.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 that answers 200 at once and then trickles its body a byte every 100 ms, never
 * ending it: what must not hold a delivery thread. Plain sockets, since a server library would not misbehave so.
 */
public final class SlowReceiver implements AutoCloseable {

	private final ServerSocket server;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	public SlowReceiver() {
		try {
			server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		Thread.ofVirtual().start(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					connections.incrementAndGet();
					Thread.ofVirtual().start(() -> trickle(socket));
				}
				catch (IOException e) {
					return;
				}
			}
		});
	}

	private void trickle(Socket socket) {
		open.incrementAndGet();
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
			OutputStream out = socket.getOutputStream();
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			while (!server.isClosed()) {
				out.write('.');
				out.flush();
				Thread.sleep(100);
			}
		}
		catch (IOException | InterruptedException e) {
			// the sender gave up on us: what the test wants
		}
		finally {
			open.decrementAndGet();
		}
	}

	public String url(String path) {
		return "http://127.0.0.1:" + server.getLocalPort() + path;
	}

	public int port() {
		return server.getLocalPort();
	}

	/** Connections accepted so far. */
	public int connections() {
		return connections.get();
	}

	/** Connections still being trickled to. */
	public int open() {
		return open.get();
	}

	@Override
	public void close() throws IOException {
		server.close();
	}
}
