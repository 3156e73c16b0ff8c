package io.cirrus.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Simulated devices for a tenant: signs in as the tenant's developer, registers (or reuses) devices named
 * {@code sim-0001..}, and has each send realistic telemetry and heartbeats over MQTT or HTTP through the real ingest
 * paths, and answer commands ({@code reboot} succeeds). Tokens are kept in {@code ~/.cirrus/simulator/<tenant>.properties}
 * (readable by the user only) so a restart reuses the devices without rotating their tokens.
 */
public final class Simulator {

	private Simulator() {
	}

	public static void main(String[] args) throws Exception {
		if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
			System.out.print(Options.USAGE);
			return;
		}
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException e) {
			System.err.println("simulate: " + e.getMessage());
			System.err.print(Options.USAGE);
			System.exit(2);
			return;
		}
		CirrusApi api = new CirrusApi(options.url(), options.keycloak());
		List<SimulatedDevice.Credentials> credentials = devices(api, options);
		Stats stats = new Stats();
		AtomicBoolean running = new AtomicBoolean(true);
		List<SimulatedDevice> devices = new ArrayList<>();
		for (SimulatedDevice.Credentials device : credentials) {
			devices.add(new SimulatedDevice(device, options, api, stats, running));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			running.set(false);
			devices.forEach(SimulatedDevice::close);
			System.out.println("simulate: stopped; " + stats.line());
		}));
		log("%d devices of %s sending %.2f readings/s each over %s to %s", devices.size(), options.tenant(), options.rate(),
				options.mqtt() ? "MQTT (" + options.mqttUrl() + ")" : "HTTP", options.url());
		devices.forEach(d -> Thread.ofVirtual().name("sim-" + d.name()).start(d));
		long started = System.currentTimeMillis();
		while (running.get()) {
			Thread.sleep(10_000);
			log("%s", stats.line());
			if (options.durationSeconds() > 0 && System.currentTimeMillis() - started >= options.durationSeconds() * 1000) {
				break;
			}
		}
		System.exit(0);
	}

	/** The devices sim-0001..N of the tenant, with working tokens: saved ones, rotated ones or new ones. */
	private static List<SimulatedDevice.Credentials> devices(CirrusApi api, Options options) throws IOException {
		String user = api.signIn(options.user(), options.password());
		Path file = Path.of(System.getProperty("user.home"), ".cirrus", "simulator", options.tenant() + ".properties");
		Properties saved = new Properties();
		if (Files.exists(file)) {
			try (var in = Files.newInputStream(file)) {
				saved.load(in);
			}
		}
		List<SimulatedDevice.Credentials> devices = new ArrayList<>();
		int registered = 0;
		int rotated = 0;
		for (int n = 1; n <= options.devices(); n++) {
			String name = options.deviceName(n);
			String id = saved.getProperty(name + ".id");
			String token = saved.getProperty(name + ".token");
			if (id == null || token == null || !api.tokenWorks(token)) {
				Optional<String> existing = api.findDevice(user, name);
				if (existing.isPresent()) {
					id = existing.get();
					token = api.rotate(user, id);
					rotated++;
				}
				else {
					Map.Entry<String, String> created = api.register(user, name);
					id = created.getKey();
					token = created.getValue();
					registered++;
				}
				saved.setProperty(name + ".id", id);
				saved.setProperty(name + ".token", token);
			}
			devices.add(new SimulatedDevice.Credentials(name, id, token));
		}
		save(file, saved);
		log("devices: %d registered, %d re-keyed, %d reused", registered, rotated, devices.size() - registered - rotated);
		return devices;
	}

	private static void save(Path file, Properties saved) {
		try {
			Files.createDirectories(file.getParent());
			Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
			Files.deleteIfExists(tmp);
			Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (var out = Files.newOutputStream(tmp)) {
				saved.store(out, "Cirrus simulator: device ids and tokens (secret)");
			}
			Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not save device tokens in " + file, e);
		}
	}

	static void log(String format, Object... args) {
		System.out.printf("%tT simulate: %s%n", System.currentTimeMillis(), String.format(format, args));
	}
}
