package io.cirrus.device.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * RabbitMQ's HTTP auth backend calls {@code /api/v1/mqtt/auth/**} without any token: the controller checks the
 * shared secret in the path and the caller's address itself (docs/adr/0008). Ordered before the user API's chain.
 */
@Configuration(proxyBeanMethods = false)
class MqttAuthSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain mqttAuth(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/v1/mqtt/auth/**")
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.anonymous(anonymous -> anonymous.disable())
			.csrf(csrf -> csrf.disable());
		return http.build();
	}
}
