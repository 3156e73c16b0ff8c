package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The container deployment in {@code docker/} stays valid: {@code docker-compose config} parses and resolves it
 * (no Docker engine runs here; the validator does not need one) with the secrets of an {@code .env} the operator
 * writes, and refuses to run without them: the repository holds no working secret for a deployment.
 */
class ComposeConfigTests {

	@Test
	void composeFileIsValidWithTheOperatorsSecrets() throws Exception {
		Result result = compose("--env-file", ".env.example", "-f", "compose.yml", "config");
		assertThat(result.exit()).as(result.output()).isZero();
		assertThat(result.output()).contains("SPRING_DATASOURCE_PASSWORD: replace-with-a-secret")
			.doesNotContain("cirrus-portal-secret")
			.doesNotContain("change-me");
	}

	@Test
	void composeRefusesToRunWithoutThem() throws Exception {
		File empty = File.createTempFile("cirrus-empty", ".env");
		try {
			Result result = compose("--env-file", empty.getAbsolutePath(), "-f", "compose.yml", "config", "--quiet");
			assertThat(result.exit()).as(result.output()).isNotZero();
			assertThat(result.output()).contains("docker/.env.example");
		}
		finally {
			Files.delete(empty.toPath());
		}
	}

	record Result(int exit, String output) {
	}

	private static Result compose(String... arguments) throws Exception {
		File docker = new File("../docker").getCanonicalFile();
		assertThat(new File(docker, "compose.yml")).exists();
		List<String> command = new ArrayList<>(List.of("docker-compose"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(docker).redirectErrorStream(true);
		// Only what the env file says: no variable of this machine's environment fills a gap.
		builder.environment().keySet().removeIf(name -> name.contains("PASSWORD") || name.contains("SECRET"));
		Process process;
		try {
			process = builder.start();
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException("docker-compose is not installed: apt-get install -y docker-compose", e);
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}
}
