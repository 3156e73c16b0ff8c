package io.cirrus.bench;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.cirrus.app.AppFormat;
import io.cirrus.app.EventTrace;
import io.cirrus.app.internal.AppEvaluator;
import io.cirrus.app.internal.AppEvent;
import io.cirrus.app.internal.AppState;
import io.cirrus.app.internal.CompiledApp;
import io.cirrus.app.internal.DeviceContext;

/**
 * {@code ./cirrus bench apps}: condition evaluation through 100 app versions (10 tenants x 10 apps, each a
 * telemetry trigger, a CEL condition over the reading, a setting and a window, and a notification rendered when it
 * fires) by the evaluator the dry-run and the runtime share, on one thread, beside a plain Java lambda doing the
 * same window and comparison in the same run. Each event is a reading of one tenant's device, evaluated by that
 * tenant's 10 apps, as the runtime will. Pure computation: no database, broker or network is involved.
 */
@Tag("benchmark")
class AppsBenchmark {

	static final int TENANTS = 10;

	static final int APPS = 10;

	static final int DEVICES = 1_000;

	static final long WARMUP_NANOS = 8_000_000_000L;

	static final long MEASURE_NANOS = 6_000_000_000L;

	static final int ROUNDS = 3;

	@Test
	void conditionEvaluation() {
		List<List<CompiledApp>> tenants = new ArrayList<>();
		for (int t = 0; t < TENANTS; t++) {
			List<CompiledApp> apps = new ArrayList<>();
			for (int a = 0; a < APPS; a++) {
				apps.add(CompiledApp.from(app(t, a), AppFormat.YAML));
			}
			tenants.add(apps);
		}
		List<List<DeviceContext>> devices = new ArrayList<>();
		for (int t = 0; t < TENANTS; t++) {
			List<DeviceContext> fleet = new ArrayList<>();
			for (int d = 0; d < DEVICES; d++) {
				fleet.add(new DeviceContext("00000000-0000-4000-8000-" + String.format("%06d%06d", t, d), "device " + t + "-" + d,
						List.of("t" + t, "floor-" + (d % 5)), "p" + t, "Sensors", Map.of()));
			}
			devices.add(fleet);
		}
		Cel cel = new Cel(tenants, devices);
		Lambda lambda = new Lambda();
		run(cel, WARMUP_NANOS);
		run(lambda, WARMUP_NANOS);
		double[] celRates = new double[ROUNDS];
		double[] celWall = new double[ROUNDS];
		double[] lambdaRates = new double[ROUNDS];
		long[] p99 = new long[ROUNDS];
		long[] p50 = new long[ROUNDS];
		for (int r = 0; r < ROUNDS; r++) {
			Measured measured = run(cel, MEASURE_NANOS);
			celRates[r] = measured.eventsPerSecond();
			celWall[r] = measured.eventsPerWallSecond();
			p50[r] = measured.percentile(0.50);
			p99[r] = measured.percentile(0.99);
			lambdaRates[r] = run(lambda, MEASURE_NANOS).eventsPerSecond();
		}
		double celRate = median(celRates);
		double lambdaRate = median(lambdaRates);
		new BenchmarkReport("apps: condition evaluation, " + TENANTS + " tenants x " + APPS + " apps, one thread")
			.versus("events per CPU-second through their tenant's 10 apps (CEL, shared evaluator)", celRate,
					"events per CPU-second, plain Java lambda, same window and comparison", lambdaRate, "events/s",
					"none set; the gap is the price of CEL")
			.figure("app evaluations/s (CEL)", celRate * APPS, "evaluations/s")
			.figure("evaluation of one event by 10 apps, p50", p50[ROUNDS / 2] / 1000.0, "us")
			.figure("evaluation of one event by 10 apps, p99 (median of rounds)", medianOf(p99) / 1000.0, "us")
			.figure("fired share of evaluations (CEL run)", cel.firedShare() * 100, "%")
			.note("rounds: " + ROUNDS + " x " + MEASURE_NANOS / 1_000_000_000 + " s each, after " + WARMUP_NANOS / 1_000_000_000
					+ " s warm-up per side; CEL rates per round " + Arrays.toString(round(celRates)) + " (wall-clock "
					+ Arrays.toString(round(celWall)) + "), lambda " + Arrays.toString(round(lambdaRates)))
			.note("rates count the evaluating thread's CPU time (the machine is shared); latencies are wall-clock and "
					+ "include waiting for the CPU and garbage collection")
			.note("each app: telemetry trigger selecting its tenant's devices, a 5-minute avg window, condition "
					+ "'event.values.temperature > app.settings.threshold && blocks.avg5 > 20.0', a notification title rendered when it fires")
			.publish(AppsBenchmark.class);
	}

	static String app(int tenant, int app) {
		return """
				name: bench-%d-%d
				settings:
				  threshold: {type: number, value: %d}
				permissions: {devices: {tags: [t%d]}, actions: [notify]}
				triggers:
				  - {id: readings, kind: telemetry, keys: [temperature]}
				blocks:
				  - {id: avg5, kind: window, key: temperature, function: avg, window: 5m}
				rules:
				  - id: warm
				    condition: event.values.temperature > app.settings.threshold && blocks.avg5 > 20.0
				    actions:
				      - kind: notify
				        recipients: [user:ops]
				        title: "{{ device.name }} at {{ event.values.temperature }} (avg {{ blocks.avg5 }})"
				""".formatted(tenant, app, 26 + app / 2, tenant);
	}

	/** One way to evaluate an event by its tenant's apps. */
	interface Side {

		/** Evaluates the n-th event; answers the nanoseconds it took. */
		long event(long n);
	}

	/**
	 * A measured run: events, wall time, the evaluating thread's CPU time (the machine is shared, so rates are per
	 * second of that thread's CPU, what one core would do), and per-event latencies (wall).
	 */
	record Measured(long events, long nanos, long cpuNanos, long[] latencies, int count) {

		double eventsPerSecond() {
			return events * 1e9 / cpuNanos;
		}

		double eventsPerWallSecond() {
			return events * 1e9 / nanos;
		}

		long percentile(double p) {
			long[] sorted = Arrays.copyOf(latencies, count);
			Arrays.sort(sorted);
			return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
		}
	}

	static Measured run(Side side, long duration) {
		long[] latencies = new long[4_000_000];
		int count = 0;
		long events = 0;
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long cpu = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long end = start + duration;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1000; i++) {
				long took = side.event(events++);
				if (count < latencies.length) {
					latencies[count++] = took;
				}
			}
		}
		return new Measured(events, System.nanoTime() - start, threads.getCurrentThreadCpuTime() - cpu, latencies, count);
	}

	/** The reading of the n-th event: tenant, device, time and a temperature between 15 and 35. */
	static int tenantOf(long n) {
		return (int) (n % TENANTS);
	}

	static int deviceOf(long n) {
		return (int) ((n / TENANTS) % DEVICES);
	}

	static long millisOf(long n) {
		return 1_765_000_000_000L + n * 10;
	}

	static double temperatureOf(long n) {
		return 15 + (n * 7919 % 2001) / 100.0;
	}

	/** The shared evaluator: each app of the event's tenant, with its own state. */
	static final class Cel implements Side {

		private final List<List<CompiledApp>> tenants;

		private final List<List<DeviceContext>> devices;

		private final List<List<AppState>> states = new ArrayList<>();

		private final List<List<AppEvaluator.Identity>> identities = new ArrayList<>();

		private long evaluations;

		private long fired;

		Cel(List<List<CompiledApp>> tenants, List<List<DeviceContext>> devices) {
			this.tenants = tenants;
			this.devices = devices;
			for (int t = 0; t < TENANTS; t++) {
				List<AppState> s = new ArrayList<>();
				List<AppEvaluator.Identity> ids = new ArrayList<>();
				for (int a = 0; a < APPS; a++) {
					s.add(new AppState());
					ids.add(new AppEvaluator.Identity("app-" + t + "-" + a, "bench-" + t + "-" + a));
				}
				states.add(s);
				identities.add(ids);
			}
		}

		@Override
		public long event(long n) {
			int t = tenantOf(n);
			AppEvent event = new AppEvent("telemetry", null, devices.get(t).get(deviceOf(n)), Instant.ofEpochMilli(millisOf(n)),
					Map.of("temperature", temperatureOf(n), "humidity", 40.0));
			long start = System.nanoTime();
			List<CompiledApp> apps = tenants.get(t);
			for (int a = 0; a < APPS; a++) {
				EventTrace trace = AppEvaluator.evaluate(apps.get(a), identities.get(t).get(a), event, states.get(t).get(a), 0,
						false);
				evaluations++;
				if (trace.fired()) {
					fired++;
				}
			}
			return System.nanoTime() - start;
		}

		double firedShare() {
			return evaluations == 0 ? 0 : (double) fired / evaluations;
		}
	}

	/** The same work written by hand: a 5-minute window per app and device, and the comparison. */
	static final class Lambda implements Side {

		record Sample(long at, double value) {
		}

		/** Per tenant, app and device: the window. */
		private final ArrayDeque<Sample>[][][] windows;

		private final java.util.function.BiPredicate<Double, Double>[] conditions;

		private final double[] thresholds = new double[APPS];

		long fired;

		@SuppressWarnings("unchecked")
		Lambda() {
			windows = new ArrayDeque[TENANTS][APPS][DEVICES];
			conditions = new java.util.function.BiPredicate[APPS];
			for (int a = 0; a < APPS; a++) {
				thresholds[a] = 26 + a / 2;
				double threshold = thresholds[a];
				conditions[a] = (temperature, avg) -> temperature > threshold && avg > 20.0;
			}
		}

		@Override
		public long event(long n) {
			int t = tenantOf(n);
			int d = deviceOf(n);
			long at = millisOf(n);
			double temperature = temperatureOf(n);
			long start = System.nanoTime();
			for (int a = 0; a < APPS; a++) {
				ArrayDeque<Sample> window = windows[t][a][d];
				if (window == null) {
					window = windows[t][a][d] = new ArrayDeque<>();
				}
				window.addLast(new Sample(at, temperature));
				while (window.peekFirst().at() <= at - 300_000) {
					window.removeFirst();
				}
				double sum = 0;
				for (Sample s : window) {
					sum += s.value();
				}
				if (conditions[a].test(temperature, sum / window.size())) {
					fired++;
				}
			}
			return System.nanoTime() - start;
		}
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	static long medianOf(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	static long[] round(double[] values) {
		return Arrays.stream(values).mapToLong(Math::round).toArray();
	}
}
