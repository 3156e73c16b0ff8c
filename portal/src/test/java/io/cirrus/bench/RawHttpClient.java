package io.cirrus.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal HTTP/1.1 keep-alive client on one blocking socket (use one per virtual thread), for load generation in
 * the server's own JVM: java.net.http.HttpClient spends about a third of the CPU a request costs in this setup (its
 * selector thread and async machinery), which would be taken from the server being measured.
 */
final class RawHttpClient implements AutoCloseable {

	private final String host;

	private final int port;

	private Socket socket;

	private OutputStream out;

	private InputStream in;

	RawHttpClient(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/** POSTs {@code body} and answers the status; the response body is read and dropped. */
	int post(String path, String deviceToken, byte[] body) throws IOException {
		for (int attempt = 0;; attempt++) {
			try {
				connectIfNeeded();
				String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nX-Device-Token: " + deviceToken
						+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
				// One write, so one segment: two would make the server read (and be woken) twice per request.
				byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
				byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
				System.arraycopy(body, 0, request, headBytes.length, body.length);
				out.write(request);
				out.flush();
				return readResponse();
			}
			catch (IOException e) {
				// The server closed an idle keep-alive connection: reconnect once (a POST that never reached it).
				close();
				if (attempt > 0) {
					throw e;
				}
			}
		}
	}

	private void connectIfNeeded() throws IOException {
		if (socket == null) {
			socket = new Socket(host, port);
			socket.setTcpNoDelay(true);
			out = socket.getOutputStream();
			in = new BufferedInputStream(socket.getInputStream(), 8192);
		}
	}

	private int readResponse() throws IOException {
		String status = line();
		if (status.isEmpty()) {
			throw new IOException("connection closed");
		}
		int code = Integer.parseInt(status.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(java.util.Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				close = true;
			}
		}
		if (chunked) {
			for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
				skip(size);
				line();
			}
			line();
		}
		else if (length > 0) {
			skip(length);
		}
		if (close) {
			close();
		}
		return code;
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(64);
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				return "";
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private void skip(long bytes) throws IOException {
		long left = bytes;
		while (left > 0) {
			long skipped = in.skip(left);
			if (skipped <= 0) {
				if (in.read() < 0) {
					throw new IOException("connection closed");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	@Override
	public void close() {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException e) {
				// closing anyway
			}
			socket = null;
		}
	}
}
