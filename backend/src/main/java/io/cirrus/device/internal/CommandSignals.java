package io.cirrus.device.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;

import io.cirrus.shared.DeviceId;

/**
 * Wakes a device's HTTP long poll on this instance when a command for it is announced (from any instance, through
 * {@code DeviceChanges}). Polls also look at the database every second, so a command is found even while this
 * instance does not hear PostgreSQL's notifications.
 */
@Component
public class CommandSignals {

	private final ConcurrentMap<DeviceId, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

	/** A future completed at the next signal for the device; take it before looking at the database. */
	public CompletableFuture<Void> next(DeviceId device) {
		return waiting.computeIfAbsent(device, d -> new CompletableFuture<>());
	}

	public void signal(DeviceId device) {
		CompletableFuture<Void> future = waiting.remove(device);
		if (future != null) {
			future.complete(null);
		}
	}
}
