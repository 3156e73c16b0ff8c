package io.cirrus.shared;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.cirrus.shared.web.JsonInput;
import tools.jackson.databind.json.JsonMapper;

/** Beans every module may use; scheduled tasks are on. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SharedConfiguration {

	/** The time source of Cirrus; tests may replace it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Boot's JSON mapper builder, on a factory that reads under Cirrus's limits ({@link JsonInput}) instead of
	 * Jackson's defaults; Boot's customizers (spring.jackson.* and modules) still apply, in their order.
	 */
	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	JsonMapper.Builder jsonMapperBuilder(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		JsonMapper.Builder builder = JsonMapper.builder(JsonInput.factory());
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
		return builder;
	}
}
