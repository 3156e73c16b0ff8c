package io.cirrus.telemetry.endpoint;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import io.swagger.v3.oas.models.servers.ServerVariables;

/**
 * Lists the device endpoint ({@link DeviceEndpoint}, its own port) as a second server of the paths it serves, next to
 * the API port that serves them too.
 */
@Component
class DeviceEndpointOpenApiCustomizer implements OpenApiCustomizer {

	private final DeviceEndpoint endpoint;

	private final DeviceEndpointProperties properties;

	DeviceEndpointOpenApiCustomizer(DeviceEndpoint endpoint, DeviceEndpointProperties properties) {
		this.endpoint = endpoint;
		this.properties = properties;
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (!properties.enabled() || openApi.getPaths() == null) {
			return;
		}
		int port = endpoint.port() > 0 ? endpoint.port() : properties.port();
		List<Server> servers = List.of(new Server().url("/").description("The API port"),
				new Server().url("http://{host}:" + port)
					.description("The device endpoint (cirrus.telemetry.endpoint.port)")
					.variables(new ServerVariables().addServerVariable("host",
							new ServerVariable()._default("localhost").description("The platform's host name"))));
		for (String path : List.of(DeviceRequests.TELEMETRY, DeviceRequests.HEARTBEAT)) {
			PathItem item = openApi.getPaths().get(path);
			if (item != null) {
				item.setServers(servers);
			}
		}
	}
}
