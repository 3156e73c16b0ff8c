package io.cirrus.shared.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class UrlPolicyTests {

	private static UrlPolicy resolvingTo(boolean allowPrivate, String address) {
		return new UrlPolicy(allowPrivate, host -> {
			if (host.equals("nowhere.invalid")) {
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { InetAddress.getByName(address) };
		});
	}

	@Test
	void acceptsAPublicHttpsEndpoint() {
		assertThat(resolvingTo(false, "93.184.215.14").refusal("https://hooks.example.com/cirrus")).isEmpty();
	}

	@Test
	void refusesLoopbackPrivateLinkLocalMulticastAndUnspecifiedTargets() {
		for (String address : new String[] { "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
				"100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1" }) {
			assertThat(resolvingTo(false, address).refusal("https://public-looking.example.com/x")).as(address)
				.hasValueSatisfying(reason -> assertThat(reason).contains("resolves to"));
		}
	}

	@Test
	void operatorMayAllowPrivateTargets() {
		assertThat(resolvingTo(true, "127.0.0.1").refusal("http://localhost:9000/x")).isEmpty();
	}

	@Test
	void refusesOtherSchemesCredentialsAndUnresolvableHosts() {
		UrlPolicy policy = resolvingTo(false, "93.184.215.14");
		assertThat(policy.refusal("ftp://example.com/x")).hasValue("must use http or https");
		assertThat(policy.refusal("https://user:pw@example.com/x")).hasValue("must not carry credentials in the URL");
		assertThat(policy.refusal("https://nowhere.invalid/x")).get().asString().contains("does not resolve");
		assertThat(policy.refusal("not a url")).isPresent();
		assertThat(policy.refusal("https:///path")).isPresent();
	}
}
