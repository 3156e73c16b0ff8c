package io.cirrus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Cirrus: the one deployable of the platform. Each direct sub-package is an application module (see
 * {@code ModularityTests} and {@code docs/}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "Cirrus", sharedModules = "shared")
public class CirrusApplication {

	public static void main(String[] args) {
		SpringApplication.run(CirrusApplication.class, args);
	}
}
