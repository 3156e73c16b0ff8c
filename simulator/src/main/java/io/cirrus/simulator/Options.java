package io.cirrus.simulator;

import java.util.Locale;

/** The simulator's command line. */
record Options(String tenant, int devices, double rate, boolean mqtt, String user, String password, String url,
		String keycloak, String mqttUrl, long durationSeconds, String prefix) {

	static final String USAGE = """
			Usage: ./cirrus simulate [--tenant acme] [--devices 5] [--rate 1] [--mqtt | --http] [--duration SECONDS]
			  --tenant T      the tenant whose developer registers the devices (default acme; user <tenant>-dev)
			  --devices N     how many devices, named sim-0001, sim-0002, ... (registered once, then reused)
			  --rate R        readings per second per device (default 1; 0.2 = one every 5 s)
			  --mqtt | --http the ingest path (default MQTT)
			  --duration S    stop after S seconds (default: run until stopped)
			  --user U --password P --url URL --keycloak URL --mqtt-url tcp://HOST:PORT --prefix NAME
			""";

	static Options parse(String... args) {
		String tenant = "acme";
		int devices = 5;
		double rate = 1;
		boolean mqtt = true;
		String user = null;
		String password = "cirrus";
		String url = "http://localhost:8080";
		String keycloak = "http://localhost:8180";
		String mqttUrl = "tcp://localhost:1884";
		long duration = 0;
		String prefix = "sim-";
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--mqtt" -> mqtt = true;
				case "--http" -> mqtt = false;
				case "--tenant" -> tenant = value(args, ++i, arg);
				case "--devices" -> devices = Integer.parseInt(value(args, ++i, arg));
				case "--rate" -> rate = Double.parseDouble(value(args, ++i, arg));
				case "--user" -> user = value(args, ++i, arg);
				case "--password" -> password = value(args, ++i, arg);
				case "--url" -> url = value(args, ++i, arg);
				case "--keycloak" -> keycloak = value(args, ++i, arg);
				case "--mqtt-url" -> mqttUrl = value(args, ++i, arg);
				case "--duration" -> duration = Long.parseLong(value(args, ++i, arg));
				case "--prefix" -> prefix = value(args, ++i, arg);
				default -> throw new IllegalArgumentException("unknown option " + arg);
			}
		}
		if (devices < 1 || devices > 100_000) {
			throw new IllegalArgumentException("--devices must be between 1 and 100000");
		}
		if (!(rate > 0) || rate > 1000) {
			throw new IllegalArgumentException("--rate must be above 0 and at most 1000 readings per second per device");
		}
		return new Options(tenant, devices, rate, mqtt, user == null ? tenant.toLowerCase(Locale.ROOT) + "-dev" : user,
				password, strip(url), strip(keycloak), mqttUrl, duration, prefix);
	}

	/** The name of the n-th device (1-based): sim-0001. */
	String deviceName(int n) {
		return prefix + String.format(Locale.ROOT, "%04d", n);
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[i];
	}

	private static String strip(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}
