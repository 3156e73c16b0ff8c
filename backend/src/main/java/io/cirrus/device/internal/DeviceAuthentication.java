package io.cirrus.device.internal;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.cirrus.device.AuthenticatedDevice;

/** A device authenticated by its token: principal {@link AuthenticatedDevice}, authority {@code ROLE_DEVICE}. */
public final class DeviceAuthentication extends AbstractAuthenticationToken {

	/** The authority of devices (never of people). */
	public static final String AUTHORITY = "ROLE_DEVICE";

	private final AuthenticatedDevice device;

	public DeviceAuthentication(AuthenticatedDevice device) {
		super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
		this.device = device;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public AuthenticatedDevice getPrincipal() {
		return device;
	}

	@Override
	public String getName() {
		return "device:" + device.device();
	}
}
