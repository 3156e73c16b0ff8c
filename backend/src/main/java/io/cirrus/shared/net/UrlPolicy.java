package io.cirrus.shared.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs Cirrus may call (server-side request forgery): http or https, no credentials, a host name that
 * resolves, and every one of its addresses globally reachable: none loopback, private, link-local (cloud metadata),
 * multicast, unspecified, reserved, documentation or benchmarking, and none of the IPv6 forms that carry an IPv4
 * address somewhere else (NAT64, 6to4, Teredo, IPv4-compatible; IPv4-mapped is judged by its IPv4 address). The
 * ranges are those the IANA special-purpose registries mark as not globally reachable, plus the translation prefixes.
 * Only loopback may be allowed, and only for the tests' own receivers. {@link #check} answers the checked addresses
 * so the caller connects to exactly those ({@link WebhookClient}): no second lookup the name's owner could answer
 * differently (DNS rebinding).
 */
public final class UrlPolicy {

	/** Resolves names; tests give a fixed answer. */
	@FunctionalInterface
	public interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;
	}

	/** A URL that may not be called, and why, for a person (it names no address). */
	public static final class Refused extends Exception {

		Refused(String reason) {
			super(reason, null, false, false);
		}
	}

	/** A URL that passed, and the addresses its host resolved to, all of them checked. */
	public record Checked(URI uri, List<InetAddress> addresses) {
	}

	private record Range(byte[] prefix, int bits) {

		static Range of(String cidr) {
			int slash = cidr.indexOf('/');
			try {
				return new Range(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
						Integer.parseInt(cidr.substring(slash + 1)));
			}
			catch (UnknownHostException e) {
				throw new IllegalArgumentException(cidr, e);
			}
		}

		boolean contains(byte[] address) {
			if (address.length != prefix.length) {
				return false;
			}
			int whole = bits / 8;
			for (int i = 0; i < whole; i++) {
				if (address[i] != prefix[i]) {
					return false;
				}
			}
			int rest = bits % 8;
			return rest == 0 || ((address[whole] ^ prefix[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
		}
	}

	/** IANA IPv4 special-purpose registry, the entries not globally reachable, and multicast and class E. */
	private static final List<Range> V4 = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
			"169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
			"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4")
		.stream()
		.map(Range::of)
		.toList();

	/**
	 * IANA IPv6 special-purpose registry, the entries not globally reachable, the forms that embed an IPv4 address
	 * (NAT64 well-known and local-use, IPv4-compatible, 6to4, Teredo), site-local and multicast.
	 */
	private static final List<Range> V6 = List.of("::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
			"2001:db8::/32", "2002::/16", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")
		.stream()
		.map(Range::of)
		.toList();

	private static final Range MAPPED = Range.of("::ffff:0:0/96");

	private final boolean allowLoopback;

	private final Resolver resolver;

	/**
	 * @param allowLoopback whether 127.0.0.0/8 and ::1 are allowed (the tests' receivers; nothing else is ever)
	 * @param resolver      how host names are resolved
	 */
	public UrlPolicy(boolean allowLoopback, Resolver resolver) {
		this.allowLoopback = allowLoopback;
		this.resolver = resolver;
	}

	public UrlPolicy(boolean allowLoopback) {
		this(allowLoopback, InetAddress::getAllByName);
	}

	/** Empty when the URL may be called; otherwise why not, for a person. */
	public Optional<String> refusal(String url) {
		try {
			check(url);
			return Optional.empty();
		}
		catch (Refused e) {
			return Optional.of(e.getMessage());
		}
	}

	/** Resolves the URL's host once and checks every address; the caller connects to one of these and nowhere else. */
	public Checked check(String url) throws Refused {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (Exception e) {
			throw new Refused("is not a valid URL");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new Refused("must use http or https");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new Refused("has no host");
		}
		if (uri.getUserInfo() != null) {
			throw new Refused("must not carry credentials in the URL");
		}
		if (url.length() > 2000) {
			throw new Refused("is longer than 2000 characters");
		}
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		InetAddress[] addresses;
		try {
			addresses = resolver.resolve(host);
		}
		catch (UnknownHostException e) {
			throw new Refused("has a host name that does not resolve: " + uri.getHost());
		}
		if (addresses == null || addresses.length == 0) {
			throw new Refused("has a host name that does not resolve: " + uri.getHost());
		}
		for (InetAddress address : addresses) {
			if (isInternal(address) && !(allowLoopback && isLoopback(address))) {
				throw new Refused("resolves to a loopback, private, link-local, multicast or other special-purpose "
						+ "address; webhooks must reach public endpoints");
			}
		}
		return new Checked(uri, List.of(addresses));
	}

	/** Whether the address is not globally reachable (or embeds an IPv4 address to be reached through a translator). */
	static boolean isInternal(InetAddress address) {
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			return (b[0] & 0xff) == 255 || V4.stream().anyMatch(r -> r.contains(b));
		}
		if (address instanceof Inet6Address) {
			if (MAPPED.contains(b)) {
				byte[] v4 = new byte[] { b[12], b[13], b[14], b[15] };
				return V4.stream().anyMatch(r -> r.contains(v4)) || (v4[0] & 0xff) == 255;
			}
			return isLoopback(address) || V6.stream().anyMatch(r -> r.contains(b));
		}
		return true;
	}

	private static boolean isLoopback(InetAddress address) {
		if (address.isLoopbackAddress()) {
			return true;
		}
		byte[] b = address.getAddress();
		return b.length == 16 && MAPPED.contains(b) && (b[12] & 0xff) == 127;
	}
}
