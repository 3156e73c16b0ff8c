package io.cirrus.identity.internal;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.AntPathMatcher;

import io.swagger.v3.oas.models.OpenAPI;

/**
 * The operations of the API chain that need no token ({@link SecurityConfiguration}: signed audio links) declare no
 * security in the document, instead of the Keycloak scheme every other operation has.
 */
class PublicOperationsCustomizer implements OpenApiCustomizer, Ordered {

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			if (item.getGet() != null && PATHS.match(SecurityConfiguration.PUBLIC_AUDIO, path)) {
				item.getGet().setSecurity(List.of());
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}
}
