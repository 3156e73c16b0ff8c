package io.cirrus.device.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.SourceLimits;

/**
 * The device-facing HTTP paths: a stateless filter chain ordered before the user API's (the identity module's
 * {@code /api/**} chain is {@code @Order(1)}), authenticated by device tokens instead of Keycloak tokens. Self
 * provisioning is public: it takes the profile's provisioning key and secret in its body.
 */
@Configuration(proxyBeanMethods = false)
class DeviceSecurityConfiguration {

	/** Paths devices call; users' tokens are not accepted here. */
	static final String[] DEVICE_PATHS = { "/api/v1/telemetry", "/api/v1/telemetry/**", "/api/v1/heartbeat",
			"/api/v1/heartbeat/**", "/api/v1/device/**", "/api/v1/provision", "/api/v1/provision/**" };

	@Bean
	@Order(0)
	SecurityFilterChain devices(HttpSecurity http, DeviceCredentials credentials, SourceLimits limits) throws Exception {
		DeviceProblemHandlers problems = new DeviceProblemHandlers();
		http.securityMatcher(DEVICE_PATHS)
			.authorizeHttpRequests(requests -> requests.requestMatchers("/api/v1/provision", "/api/v1/provision/**")
				.permitAll()
				.anyRequest()
				.hasAuthority(DeviceAuthentication.AUTHORITY))
			.addFilterBefore(new DeviceTokenFilter(credentials, limits), AnonymousAuthenticationFilter.class)
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.securityContext(context -> context.requireExplicitSave(true))
			.csrf(csrf -> csrf.disable());
		return http.build();
	}
}
