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
	void refusesEverySpecialPurposeRangeOfTheIanaRegistries() throws Exception {
		for (String address : new String[] { "0.1.2.3", "100.127.255.254", "192.0.0.9", "192.0.2.1", "192.88.99.1",
				"198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "239.255.255.250", "240.0.0.1",
				"255.255.255.255", "::", "::1", "::10.0.0.1", "::8.8.8.8", "64:ff9b::a00:1", "64:ff9b::808:808",
				"64:ff9b:1::1", "100::1", "2001::1", "2001:2::1", "2001:db8::1", "2002:0a00:0001::1", "2002:808:808::1",
				"3fff::1", "5f00::1", "fc00::1", "fdff::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1",
				"::ffff:169.254.169.254", "::ffff:198.18.0.1" }) {
			assertThat(UrlPolicy.isInternal(InetAddress.getByName(address))).as(address).isTrue();
			assertThat(resolvingTo(false, address).refusal("https://public-looking.example.com/x")).as(address)
				.hasValueSatisfying(reason -> assertThat(reason).contains("resolves to").doesNotContain(address));
		}
	}

	@Test
	void acceptsGloballyReachableNeighboursOfTheRanges() throws Exception {
		for (String address : new String[] { "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.0.1.1",
				"198.17.255.255", "198.20.0.1", "223.255.255.254", "2606:4700:4700::1111", "2a00:1450:4001::1",
				"64:ff9c::1", "2003::1", "::ffff:8.8.8.8" }) {
			assertThat(UrlPolicy.isInternal(InetAddress.getByName(address))).as(address).isFalse();
		}
	}

	@Test
	void theTestsMayAllowLoopbackButNothingElse() {
		assertThat(resolvingTo(true, "127.0.0.1").refusal("http://localhost:9000/x")).isEmpty();
		assertThat(resolvingTo(true, "::1").refusal("http://localhost:9000/x")).isEmpty();
		for (String address : new String[] { "10.0.0.1", "169.254.169.254", "192.168.1.1", "fd00::1", "64:ff9b::7f00:1" }) {
			assertThat(resolvingTo(true, address).refusal("http://localhost:9000/x")).as(address).isPresent();
		}
	}

	@Test
	void checkAnswersTheAddressesItChecked() throws Exception {
		assertThat(resolvingTo(false, "93.184.215.14").check("https://hooks.example.com/x").addresses())
			.containsExactly(InetAddress.getByName("93.184.215.14"));
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
