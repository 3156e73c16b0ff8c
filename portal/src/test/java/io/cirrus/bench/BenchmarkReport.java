package io.cirrus.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.test.context.TestPropertySource;

/**
 * The figures of one benchmark run, each beside the baseline measured in the same run. Printed and written to
 * {@code portal/target/benchmarks/<Benchmark>.txt}, which {@code ./cirrus bench} shows at the end.
 */
public final class BenchmarkReport {

	private final String title;

	private final List<String> lines = new ArrayList<>();

	private static final java.util.Set<Class<?>> PUBLISHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

	public BenchmarkReport(String title) {
		this.title = title;
	}

	/** A measured figure. */
	public BenchmarkReport figure(String name, double value, String unit) {
		lines.add(String.format(Locale.ROOT, "  %-58s %14.1f %s", name, value, unit));
		return this;
	}

	/** A figure next to its baseline, with the ratio and the target it is held to. */
	public BenchmarkReport versus(String name, double value, String baselineName, double baseline, String unit,
			String target) {
		figure(name, value, unit);
		figure(baselineName + " (baseline, same run)", baseline, unit);
		lines.add(String.format(Locale.ROOT, "  %-58s %14.2fx   target %s", "ratio", value / baseline, target));
		return this;
	}

	/** A line of context (setup, machine, what limits the figure). */
	public BenchmarkReport note(String text) {
		lines.add("  " + text);
		return this;
	}

	/** Prints the report and writes it for {@code ./cirrus bench}. */
	public void publish(Class<?> benchmark) {
		TestPropertySource loops = Benchmark.class.getAnnotation(TestPropertySource.class);
		if (benchmark.isAnnotationPresent(Benchmark.class) && loops != null) {
			note("background loops at production intervals: " + String.join(", ", loops.properties()));
		}
		String text = "== " + title + " ==\n" + String.join("\n", lines) + "\n";
		System.out.println(text);
		try {
			Path dir = Files.createDirectories(Path.of("target", "benchmarks"));
			// A benchmark class with several reports (one per test) keeps them all.
			Path file = dir.resolve(benchmark.getSimpleName() + ".txt");
			if (PUBLISHED.add(benchmark)) {
				Files.writeString(file, text);
			}
			else {
				Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
