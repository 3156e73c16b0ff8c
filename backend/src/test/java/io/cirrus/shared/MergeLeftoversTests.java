package io.cirrus.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No file of the project keeps the markers of an unresolved merge: a README with both sides of a conflict once
 * landed unnoticed because nothing compiles it.
 */
class MergeLeftoversTests {

	private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", ".cirrus", "frontend");

	private static final Set<String> TEXT = Set.of("md", "java", "yml", "yaml", "properties", "sql", "json", "xml",
			"css", "ts", "js", "html", "sh", "conf", "env", "example", "txt");

	@Test
	void noFileHoldsConflictMarkers() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		assertThat(root.resolve("README.md")).exists();
		List<String> found = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			files.filter(f -> Files.isRegularFile(f) && textual(root.relativize(f)))
				.forEach(f -> markers(root, f, found));
		}
		for (String script : List.of("cirrus", ".ci/run")) {
			markers(root, root.resolve(script), found);
		}
		assertThat(found).as("conflict markers left by a merge").isEmpty();
	}

	private static boolean textual(Path relative) {
		for (Path part : relative) {
			if (SKIPPED.contains(part.toString())) {
				return false;
			}
		}
		String name = relative.getFileName().toString();
		return TEXT.contains(name.substring(name.lastIndexOf('.') + 1));
	}

	private static void markers(Path root, Path file, List<String> found) {
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (line.startsWith("<<<<<<< ") || line.startsWith(">>>>>>> ") || line.equals("=======")) {
					found.add(root.relativize(file) + ":" + (i + 1) + ": " + line);
				}
			}
		}
		catch (IOException e) {
			// not UTF-8 text: not a file a merge leaves markers in that we could read
		}
	}
}
