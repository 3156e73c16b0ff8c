package io.cirrus.shared;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Beans every module may use; scheduled tasks are on. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SharedConfiguration {

	/** The time source of Cirrus; tests may replace it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
