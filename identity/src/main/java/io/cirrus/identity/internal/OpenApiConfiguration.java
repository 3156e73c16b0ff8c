package io.cirrus.identity.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cirrus.identity.IdentityProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI document at {@code /v3/api-docs}: every operation needs a Keycloak token; Swagger UI signs in with
 * the public {@code cirrus-swagger} client (authorization code + PKCE) so a user can authorize and try calls.
 * Device-facing operations declare the device token instead (the device module's customizer); error answers are
 * documented by {@link ProblemResponsesCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String SCHEME = "keycloak";

	@Bean
	OpenAPI cirrusOpenApi(IdentityProperties identity) {
		String realm = identity.issuer() + "/protocol/openid-connect";
		OAuthFlow code = new OAuthFlow().authorizationUrl(realm + "/auth")
			.tokenUrl(realm + "/token")
			.refreshUrl(realm + "/token")
			.scopes(new Scopes().addString("openid", "OpenID Connect"));
		return new OpenAPI()
			.info(new Info().title("Cirrus API")
				.version("v1")
				.description("Multi-tenant IoT platform. Errors are RFC 9457 problem documents.")
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes(SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
						.description("Keycloak realm " + identity.realm())
						.flows(new OAuthFlows().authorizationCode(code))))
			.addSecurityItem(new SecurityRequirement().addList(SCHEME));
	}

	@Bean
	PublicOperationsCustomizer publicOperationsCustomizer() {
		return new PublicOperationsCustomizer();
	}

	@Bean
	ProblemResponsesCustomizer problemResponsesCustomizer() {
		return new ProblemResponsesCustomizer();
	}
}
