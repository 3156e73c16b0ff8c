package io.cirrus.shared.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs Cirrus may call (server-side request forgery): http or https, a host name that resolves, and
 * none of its addresses loopback, link-local (cloud metadata), private (RFC 1918, carrier-grade NAT, IPv6 unique
 * local), multicast or unspecified, unless the operator allows private targets. Checked when an endpoint is
 * registered and again before every call (the name may resolve elsewhere later).
 */
public final class UrlPolicy {

	/** Resolves names; tests give a fixed answer. */
	@FunctionalInterface
	public interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;
	}

	private final boolean allowPrivate;

	private final Resolver resolver;

	public UrlPolicy(boolean allowPrivate, Resolver resolver) {
		this.allowPrivate = allowPrivate;
		this.resolver = resolver;
	}

	public UrlPolicy(boolean allowPrivate) {
		this(allowPrivate, InetAddress::getAllByName);
	}

	/** Empty when the URL may be called; otherwise why not, for a person. */
	public Optional<String> refusal(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (Exception e) {
			return Optional.of("is not a valid URL");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return Optional.of("must use http or https");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			return Optional.of("has no host");
		}
		if (uri.getUserInfo() != null) {
			return Optional.of("must not carry credentials in the URL");
		}
		if (url.length() > 2000) {
			return Optional.of("is longer than 2000 characters");
		}
		InetAddress[] addresses;
		try {
			addresses = resolver.resolve(uri.getHost());
		}
		catch (UnknownHostException e) {
			return Optional.of("has a host name that does not resolve: " + uri.getHost());
		}
		if (allowPrivate) {
			return Optional.empty();
		}
		for (InetAddress address : addresses) {
			if (isInternal(address)) {
				return Optional.of("resolves to " + address.getHostAddress()
						+ ", a loopback, private, link-local or multicast address; webhooks must reach public endpoints");
			}
		}
		return Optional.empty();
	}

	static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isMulticastAddress() || address.isAnyLocalAddress()) {
			return true;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return first == 0 || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
					|| (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			if ((first & 0xfe) == 0xfc) {
				return true; // unique local fc00::/7
			}
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= b[i] == 0;
			}
			if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
				try {
					return isInternal(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
				}
				catch (UnknownHostException e) {
					return true;
				}
			}
		}
		return false;
	}
}
