package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The container deployment in {@code docker/} stays valid: {@code docker-compose config} parses and resolves it
 * (no Docker engine runs here; the validator does not need one).
 */
class ComposeConfigTests {

	@Test
	void composeFileIsValid() throws Exception {
		File docker = new File("../docker").getCanonicalFile();
		assertThat(new File(docker, "compose.yml")).exists();
		Process process;
		try {
			process = new ProcessBuilder("docker-compose", "-f", "compose.yml", "config", "--quiet").directory(docker)
				.redirectErrorStream(true)
				.start();
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException("docker-compose is not installed: apt-get install -y docker-compose", e);
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
	}
}
