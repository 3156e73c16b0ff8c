package io.cirrus.device.internal;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

import io.cirrus.device.DeviceTokens;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The device-facing paths of {@link DeviceSecurityConfiguration} in the OpenAPI document: they take a device token
 * ({@code X-Device-Token} or {@code Authorization: Device <token>}), not a Keycloak token; provisioning is public.
 */
@Component
class DeviceOpenApiCustomizer implements OpenApiCustomizer {

	static final String HEADER_SCHEME = "deviceToken";

	static final String AUTHORIZATION_SCHEME = "deviceAuthorization";

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	@Override
	public void customise(OpenAPI openApi) {
		Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
		openApi.setComponents(components
			.addSecuritySchemes(HEADER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
				.in(SecurityScheme.In.HEADER)
				.name(DeviceTokens.HEADER)
				.description("The device's token, shown once when the device was registered"))
			.addSecuritySchemes(AUTHORIZATION_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
				.in(SecurityScheme.In.HEADER)
				.name(HttpHeaders.AUTHORIZATION)
				.description("The device's token as \"Authorization: Device <token>\"")));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			if (!isDevicePath(path)) {
				return;
			}
			boolean open = PATHS.match("/api/v1/provision", path) || PATHS.match("/api/v1/provision/**", path);
			List<SecurityRequirement> security = open ? List.of()
					: List.of(new SecurityRequirement().addList(HEADER_SCHEME),
							new SecurityRequirement().addList(AUTHORIZATION_SCHEME));
			item.readOperations().forEach(operation -> operation.setSecurity(security));
		});
	}

	private static boolean isDevicePath(String path) {
		for (String pattern : DeviceSecurityConfiguration.DEVICE_PATHS) {
			if (PATHS.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}
}
