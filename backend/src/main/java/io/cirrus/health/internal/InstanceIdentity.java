package io.cirrus.health.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

/** How this Cirrus instance names itself in samples and logs: host and process id. */
@Component
public class InstanceIdentity {

	private final String name;

	InstanceIdentity() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException e) {
			host = "localhost";
		}
		this.name = host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
	}

	public String name() {
		return name;
	}
}
