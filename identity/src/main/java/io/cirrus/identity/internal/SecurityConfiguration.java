package io.cirrus.identity.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;

import io.cirrus.identity.IdentityProperties;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Roles;
import io.cirrus.tenant.TenantSuspensions;

/**
 * The security of Cirrus: {@code /api/**} is a stateless OAuth2 resource server on Keycloak's tokens;
 * {@code /actuator/**} is open for health probes only; everything else is the Vaadin portal, signed in through
 * Keycloak (authorization code with PKCE) with RP-initiated logout. Method security guards every service.
 * <p>
 * Keycloak's endpoints are configured, not discovered, so Cirrus starts while Keycloak is still starting or
 * restarting; tokens are checked for signature, issuer, audience, type and expiry.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity(jsr250Enabled = true)
@EnableConfigurationProperties(IdentityProperties.class)
class SecurityConfiguration {

	static final String REGISTRATION = "keycloak";

	/** Audio clips behind signed, expiring links: the one part of the API chain that takes no token. */
	static final String PUBLIC_AUDIO = "/api/v1/audio/**";

	/**
	 * No observation around each security filter, authentication and authorization. Turning the observations off by
	 * property left the decorator wrapping every filter of every request: about 3% of the JVM's CPU while devices
	 * sent single readings (profiled, docs/adr/0007). HTTP server observations ({@code http.server.requests}) stay on.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	JwtDecoder jwtDecoder(IdentityProperties identity) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSetUri(identity.internalRealmUrl() + "/protocol/openid-connect/certs")
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(identity.clockSkew()),
				new JwtIssuerValidator(identity.issuer()),
				new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
						audience -> audience != null && audience.contains(identity.audience())),
				// Keycloak marks access tokens "Bearer"; ID and refresh tokens are refused on the API.
				new JwtClaimValidator<String>("typ", "Bearer"::equals)));
		return decoder;
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, TokenClaims claims, TenantSuspensions suspensions)
			throws Exception {
		ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
		http.securityMatcher("/api/**")
			// Audio clips are served through signed, expiring links that e-mail and webhook receivers follow
			// without a token; the signature is checked by the notification module.
			// A member of an organization without a Cirrus role may learn that about itself (/me) and nothing else.
			.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, PUBLIC_AUDIO)
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/me")
				.authenticated()
				.anyRequest()
				.hasAnyRole(Roles.ALL.toArray(String[]::new)))
			.oauth2ResourceServer(server -> server.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(token -> CirrusJwtAuthentication.of(token, claims))))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// A suspended tenant's users are refused everything, /me included (docs/adr/0035).
			.addFilterAfter(new SuspendedTenantFilter(suspensions), AuthorizationFilter.class)
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain actuator(HttpSecurity http, JwtDecoder decoder, TokenClaims claims) throws Exception {
		ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
		http.securityMatcher("/actuator/**")
			.authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
				.permitAll()
				.requestMatchers("/actuator/prometheus")
				.hasAnyRole(Roles.PLATFORM_ADMIN, Roles.METRICS_READER)
				.anyRequest()
				.hasRole(Roles.PLATFORM_ADMIN))
			.oauth2ResourceServer(server -> server.authenticationEntryPoint(problems)
				.jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(token -> CirrusJwtAuthentication.of(token, claims))))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain portal(HttpSecurity http, JwtDecoder decoder, TokenClaims claims,
			ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository authorizedClients,
			IdentityProperties identity, Clock clock) throws Exception {
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/webjars/**", "/styles/**", "/scripts/**", "/images/**", "/v3/api-docs", "/v3/api-docs/**",
					"/swagger-ui/**", "/swagger-ui.html")
			.permitAll());
		var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		http.oauth2Login(login -> login.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
			.userInfoEndpoint(userInfo -> userInfo.oidcUserService(new PortalUserService(decoder, claims))));
		http.addFilterBefore(new SessionRevalidation(authorizedClients, decoder, claims, identity.sessionCheck(), clock),
				AnonymousAuthenticationFilter.class);
		http.with(VaadinSecurityConfigurer.vaadin(),
				vaadin -> vaadin.oauth2LoginPage("/oauth2/authorization/" + REGISTRATION, "{baseUrl}"));
		return http.build();
	}

	/** A signed-in user's tokens live in their session (not in this instance's memory), and end with it. */
	@Bean
	OAuth2AuthorizedClientRepository authorizedClients() {
		return new HttpSessionOAuth2AuthorizedClientRepository();
	}

	@Bean
	ClientRegistrationRepository clientRegistrations(IdentityProperties identity) {
		String browser = identity.issuer();
		String server = identity.internalRealmUrl();
		ClientRegistration portal = ClientRegistration.withRegistrationId(REGISTRATION)
			.clientName("Keycloak")
			.clientId(identity.portal().clientId())
			.clientSecret(identity.portal().clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope("openid", "profile", "email")
			.issuerUri(browser)
			.authorizationUri(browser + "/protocol/openid-connect/auth")
			.tokenUri(server + "/protocol/openid-connect/token")
			.jwkSetUri(server + "/protocol/openid-connect/certs")
			.userInfoUri(server + "/protocol/openid-connect/userinfo")
			.userNameAttributeName("preferred_username")
			.providerConfigurationMetadata(Map.of("end_session_endpoint", browser + "/protocol/openid-connect/logout"))
			.build();
		return new InMemoryClientRegistrationRepository(portal);
	}
}
