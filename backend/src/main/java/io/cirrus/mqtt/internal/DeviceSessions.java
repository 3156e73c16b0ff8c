package io.cirrus.mqtt.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cirrus.device.DeviceCommands;
import io.cirrus.device.DeviceCommandsWaiting;
import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.SourceLimits;
import io.cirrus.device.DeviceCredentialsChanged;
import io.cirrus.mqtt.MqttEndpointProperties;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.IngestSource;
import io.cirrus.telemetry.TelemetryIngest;
import io.cirrus.tenant.TenantSuspended;
import io.cirrus.tenant.TenantSuspensions;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The devices connected to this instance over MQTT, one connection per device (a second CONNECT of the same device
 * takes over: the older connection is closed), and what the connections share: the services they call, the
 * persistent sessions' command subscriptions, a virtual-thread executor for work that may block (token checks on a
 * cache miss, command reads and updates; never on a Netty event loop), and the metrics.
 * <p>
 * Changes made anywhere in the cluster reach the connections here: a device's credentials changed
 * ({@link DeviceCredentialsChanged}: its token is checked again, the connection ends if it no longer opens this
 * device) and a device has commands waiting ({@link DeviceCommandsWaiting}: its subscription is offered them).
 * A tenant suspended here ({@link TenantSuspended}) has its devices' sessions ended at once; one suspended elsewhere
 * at its devices' next publication or the next reconciliation (docs/adr/0035).
 */
@Component
public class DeviceSessions {

	private static final Logger log = LoggerFactory.getLogger(DeviceSessions.class);

	final DeviceCredentials credentials;

	final SourceLimits limits;

	final TelemetryIngest ingest;

	final DeviceCommands commands;

	final JsonMapper json;

	final MqttEndpointProperties properties;

	/** Blocking work of connections (database, token hashing on a miss): virtual threads, off the event loops. */
	final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mqtt-device-", 0).factory());

	private final Map<DeviceId, DeviceConnection> connected = new ConcurrentHashMap<>();

	/**
	 * The command subscription (its QoS) of devices that connected with a persistent session (clean session off),
	 * kept when they disconnect so commands reach them when they come back without subscribing again. Kept by this
	 * instance only: a device that reconnects to another instance is told no session is present and subscribes
	 * again (docs/adr/0021).
	 */
	private final Map<DeviceId, Integer> persistentSubscriptions = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	final Counter denied;

	final Counter unstored;

	private final TenantSuspensions suspensions;

	DeviceSessions(DeviceCredentials credentials, SourceLimits limits, TelemetryIngest ingest, DeviceCommands commands,
			JsonMapper json, MqttEndpointProperties properties, MeterRegistry meters, TenantSuspensions suspensions) {
		this.suspensions = suspensions;
		this.credentials = credentials;
		this.limits = limits;
		this.ingest = ingest;
		this.commands = commands;
		this.json = json;
		this.properties = properties;
		this.meters = meters;
		Gauge.builder("cirrus.mqtt.connections", connected, Map::size)
			.description("Devices connected over MQTT to this instance")
			.register(meters);
		this.denied = Counter.builder("cirrus.mqtt.denied")
			.description("MQTT publications or subscriptions outside the device's own topics (the connection ends)")
			.register(meters);
		this.unstored = Counter.builder("cirrus.mqtt.unstored")
			.description("MQTT connections ended because a publication could not be stored (the device publishes it again)")
			.register(meters);
	}

	/** What every new connection gets: the CONNECT timeout, the MQTT codec, a {@link DeviceConnection}. */
	public ChannelInitializer<SocketChannel> channelInitializer() {
		int maxPacket = (int) Math.min(Integer.MAX_VALUE, properties.maxPacketSize().toBytes());
		long connectTimeout = properties.connectTimeout().toMillis();
		return new ChannelInitializer<>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline()
					// Acknowledgements of one read, or of one batch of Kafka answers, leave in one write.
					.addLast(new FlushConsolidationHandler(64, true))
					.addLast(DeviceConnection.IDLE, new IdleStateHandler(connectTimeout, 0, 0, TimeUnit.MILLISECONDS))
					.addLast(new MqttDecoder(maxPacket))
					.addLast(MqttEncoder.INSTANCE)
					.addLast(new DeviceConnection(DeviceSessions.this));
			}
		};
	}

	/** Counts a refused CONNECT by its reason. */
	void refused(String reason) {
		Counter.builder("cirrus.mqtt.refused").tag("reason", reason)
			.description("MQTT connections refused")
			.register(meters)
			.increment();
	}

	/** Makes {@code connection} the device's; ends the one it had (session takeover). */
	void register(DeviceConnection connection) {
		DeviceConnection previous = connected.put(connection.device(), connection);
		if (previous != null && previous != connection) {
			previous.end("the device connected again");
		}
	}

	void unregister(DeviceConnection connection) {
		connected.remove(connection.device(), connection);
	}

	/** The command subscription's QoS a persistent session of the device kept, or -1. */
	int persistentSubscription(DeviceId device) {
		return persistentSubscriptions.getOrDefault(device, -1);
	}

	void keepSubscription(DeviceId device, int qos) {
		persistentSubscriptions.put(device, qos);
	}

	void forgetSession(DeviceId device) {
		persistentSubscriptions.remove(device);
	}

	@EventListener
	void on(DeviceCredentialsChanged changed) {
		DeviceConnection connection = connected.get(changed.device());
		if (connection != null) {
			connection.checkCredentials();
		}
	}

	@EventListener
	void on(DeviceCommandsWaiting waiting) {
		DeviceConnection connection = connected.get(waiting.device());
		if (connection != null) {
			connection.offerCommands();
		}
	}

	/** A tenant was suspended here: its devices' sessions on this instance end (CONNECT is refused meanwhile). */
	@EventListener
	void on(TenantSuspended suspended) {
		endSuspended();
	}

	/**
	 * Checks every open connection's token again: catches a revocation this instance did not hear about; ends the
	 * sessions of tenants suspended on another instance (their next publication would end them too).
	 */
	@Scheduled(initialDelayString = "${cirrus.mqtt.reconcile-interval:60s}", fixedDelayString = "${cirrus.mqtt.reconcile-interval:60s}")
	void reconcile() {
		endSuspended();
		connected.values().forEach(DeviceConnection::checkCredentials);
	}

	private void endSuspended() {
		for (DeviceConnection connection : connected.values()) {
			TenantId tenant = connection.tenant();
			if (tenant != null && suspensions.isSuspended(tenant)) {
				ingest.countRejected(connection.authenticated(), IngestSource.MQTT,
						suspensions.of(tenant).map(TenantSuspensions.Suspension::detail).orElse("Tenant suspended"));
				connection.end("its tenant is suspended");
			}
		}
	}

	/** Ends every connection (the endpoint stops). */
	public void endAll(String why) {
		connected.values().forEach(connection -> connection.end(why));
		log.debug("Ended the MQTT connections: {}", why);
	}
}
