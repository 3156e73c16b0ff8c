package io.cirrus.shared;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every module may use. */
@Configuration(proxyBeanMethods = false)
class SharedConfiguration {

	/** The time source of Cirrus; tests may replace it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
