package io.cirrus.identity;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Keycloak is and how Cirrus talks to it ({@code cirrus.identity.*}).
 *
 * @param keycloakUrl   base URL of Keycloak as browsers and tokens see it (the issuer is {@code <url>/realms/<realm>})
 * @param internalUrl   base URL the server uses to reach Keycloak, when it differs (e.g. a container network)
 * @param realm         the realm of Cirrus
 * @param audience      the audience every API token must carry
 * @param clockSkew     tolerance when checking a token's expiry
 * @param portal        the confidential client the portal signs in with
 * @param admin         the service-account client used for Keycloak's admin API
 * @param sessionCheck  how often a portal session in use is checked at Keycloak (signed out, disabled, removed,
 *                      roles changed)
 */
@ConfigurationProperties("cirrus.identity")
public record IdentityProperties(@DefaultValue("http://localhost:8180") URI keycloakUrl, URI internalUrl,
		@DefaultValue("cirrus") String realm, @DefaultValue("cirrus-api") String audience,
		@DefaultValue("10s") Duration clockSkew, Client portal, Client admin, @DefaultValue("60s") Duration sessionCheck) {

	public IdentityProperties {
		if (internalUrl == null) {
			internalUrl = keycloakUrl;
		}
	}

	/** The issuer every token must name. */
	public String issuer() {
		return strip(keycloakUrl) + "/realms/" + realm;
	}

	/** The realm's base URL for server-to-server calls. */
	public String internalRealmUrl() {
		return strip(internalUrl) + "/realms/" + realm;
	}

	/** The admin API of the realm, for server-to-server calls. */
	public String adminRealmUrl() {
		return strip(internalUrl) + "/admin/realms/" + realm;
	}

	private static String strip(URI uri) {
		String value = uri.toString();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	/** An OAuth2 client of the realm. */
	public record Client(String clientId, String clientSecret) {
	}
}
