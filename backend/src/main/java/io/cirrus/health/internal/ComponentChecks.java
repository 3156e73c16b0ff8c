package io.cirrus.health.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import io.cirrus.health.ComponentProbe;
import io.cirrus.health.ComponentStatus;
import io.cirrus.health.HealthProperties;

/** Probes every component at once; one that does not answer within the timeout is down. */
@Component
public class ComponentChecks {

	private final List<ComponentProbe> probes;

	private final Duration timeout;

	ComponentChecks(List<ComponentProbe> probes, HealthProperties properties) {
		this.probes = probes;
		this.timeout = properties.probeTimeout();
	}

	public List<ComponentProbe> probes() {
		return probes;
	}

	public List<ComponentStatus> checkAll() {
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<ComponentStatus>> running = probes.stream().map(p -> executor.submit(() -> check(p))).toList();
			List<ComponentStatus> result = new ArrayList<>();
			for (int i = 0; i < probes.size(); i++) {
				result.add(await(probes.get(i), running.get(i)));
			}
			return result;
		}
	}

	public static ComponentStatus check(ComponentProbe probe) {
		long start = System.nanoTime();
		try {
			String detail = probe.check();
			return new ComponentStatus(probe.name(), probe.address(), true, Duration.ofNanos(System.nanoTime() - start), detail);
		}
		catch (Exception e) {
			return new ComponentStatus(probe.name(), probe.address(), false, Duration.ofNanos(System.nanoTime() - start),
					String.valueOf(e.getMessage()));
		}
	}

	private ComponentStatus await(ComponentProbe probe, Future<ComponentStatus> future) {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException e) {
			future.cancel(true);
			return new ComponentStatus(probe.name(), probe.address(), false, timeout,
					"no answer within " + timeout.toMillis() + " ms");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new ComponentStatus(probe.name(), probe.address(), false, Duration.ZERO, "interrupted");
		}
		catch (ExecutionException e) {
			return new ComponentStatus(probe.name(), probe.address(), false, Duration.ZERO, String.valueOf(e.getCause()));
		}
	}
}
