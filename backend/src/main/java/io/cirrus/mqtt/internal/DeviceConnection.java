package io.cirrus.mqtt.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.device.CommandOutcome;
import io.cirrus.device.DeviceCommand;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.telemetry.IngestSource;
import io.cirrus.telemetry.TelemetryRejected;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import tools.jackson.core.JacksonException;

/**
 * One device's MQTT 3.1.1 connection. Everything here runs on the connection's event loop, except what may block
 * (the token check on a cache miss, reading and updating commands), which runs on {@link DeviceSessions#blocking}
 * and comes back to the event loop with its answer.
 * <ul>
 * <li><b>CONNECT</b>: username = device id, password = token, client id = device id (or empty). A wrong token answers
 * "bad user name or password", another client id or a suspended tenant "not authorized", MQTT 5 "unsupported
 * protocol version".</li>
 * <li><b>PUBLISH</b> on the device's own topics only ({@link DeviceTopics}); anything else ends the connection (MQTT
 * 3.1.1 has no negative acknowledgement). QoS 1 is acknowledged (QoS 2: PUBREC) only once Kafka acknowledged the
 * message, in the order the publications came (MQTT 4.6). A message ingest refuses (bad input, rate limit) is
 * acknowledged and dropped: ingest counted it for the device page. When it could not be stored (Kafka away) the
 * connection ends without the acknowledgement, so the device publishes it again.</li>
 * <li><b>SUBSCRIBE</b> to {@code devices/<id>/commands} only (QoS 0 or 1); other filters get the failure code.
 * Pending commands are offered on the subscription; one becomes DELIVERED when the device acknowledges it.</li>
 * <li>Keep alive: no packet for 1.5 times the device's keep-alive ends the connection.</li>
 * </ul>
 */
final class DeviceConnection extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(DeviceConnection.class);

	static final String IDLE = "idle";

	private final DeviceSessions sessions;

	private @Nullable ChannelHandlerContext context;

	private @Nullable AuthenticatedDevice device;

	private String token = "";

	private boolean cleanSession = true;

	private boolean connecting;

	private boolean ended;

	/** Publications of QoS 1 and 2 whose acknowledgement is due, in the order they came. */
	private final ArrayDeque<Inbound> unacknowledged = new ArrayDeque<>();

	/** Publications being stored (QoS 0 too): the back-pressure count. */
	private int storing;

	/** QoS 2 packet ids received (PUBREC sent, PUBREL not yet): a repeated PUBLISH is not stored again. */
	private final Set<Integer> qos2Received = new HashSet<>();

	/** The command subscription's QoS, -1 without one. */
	private int commandQos = -1;

	/** Commands published to the device and not yet acknowledged, by packet id. */
	private final Map<Integer, UUID> offered = new HashMap<>();

	private int nextPacketId = 1;

	private boolean fetchingCommands;

	private boolean fetchAgain;

	/** The last of the connection's command work, which the next waits for ({@link #commandWork}). */
	private CompletableFuture<Void> commandWork = CompletableFuture.completedFuture(null);

	/** Packets that came after CONNECT while its token was being checked: read once it is accepted. */
	private final ArrayDeque<MqttMessage> early = new ArrayDeque<>();

	DeviceConnection(DeviceSessions sessions) {
		this.sessions = sessions;
	}

	/** The connected device (after CONNECT was accepted). */
	DeviceId device() {
		AuthenticatedDevice current = device;
		if (current == null) {
			throw new IllegalStateException("not connected");
		}
		return current.device();
	}

	/** The connected device with its tenant (after CONNECT was accepted). */
	AuthenticatedDevice authenticated() {
		return connectedDevice();
	}

	/** The connected device's tenant, or null before CONNECT was accepted. */
	io.cirrus.shared.@Nullable TenantId tenant() {
		AuthenticatedDevice current = device;
		return current == null ? null : current.tenant();
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.context = ctx;
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		ended = true;
		early.forEach(ReferenceCountUtil::release);
		early.clear();
		if (device != null) {
			sessions.unregister(this);
			if (cleanSession) {
				sessions.forgetSession(device.device());
			}
		}
		super.channelInactive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (connecting && message instanceof MqttMessage mqtt) {
			early.add(mqtt); // released when read
			return;
		}
		try {
			if (message instanceof MqttMessage mqtt) {
				read(mqtt);
			}
		}
		finally {
			ReferenceCountUtil.release(message);
		}
	}

	private void read(MqttMessage message) {
		if (message.decoderResult().isFailure()) {
			malformed(message.decoderResult().cause());
			return;
		}
		MqttMessageType type = message.fixedHeader().messageType();
		if (type == MqttMessageType.CONNECT) {
			connect((MqttConnectMessage) message);
			return;
		}
		if (device == null) {
			// Nothing before CONNECT (MQTT 3.1.1, 3.1.0-1).
			end("a packet before CONNECT");
			return;
		}
		switch (type) {
			case PUBLISH -> publish((MqttPublishMessage) message);
			case PUBACK -> commandAcknowledged(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
			case PUBREL -> released(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
			case SUBSCRIBE -> subscribe((MqttSubscribeMessage) message);
			case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) message);
			case PINGREQ -> write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
			case DISCONNECT -> end(null);
			default -> {
				// PUBREC, PUBCOMP: Cirrus publishes with QoS 1 at most; anything else is the server's to send.
			}
		}
		flush();
	}

	private void malformed(Throwable cause) {
		if (device == null && cause instanceof MqttUnacceptableProtocolVersionException) {
			refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "protocol version");
		}
		else if (device == null && cause instanceof MqttIdentifierRejectedException) {
			refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client id");
		}
		else {
			end("a malformed or oversized packet (" + cause.getMessage() + ")");
		}
	}

	// CONNECT

	private void connect(MqttConnectMessage connect) {
		if (device != null || connecting) {
			end("a second CONNECT");
			return;
		}
		int version = connect.variableHeader().version();
		if (version != 3 && version != 4) {
			// The codec answers in the CONNECT's version: MQTT 5 has its own code for it.
			refuse(version == 5 ? MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION
					: MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "protocol version");
			return;
		}
		String username = connect.payload().userName();
		byte[] password = connect.payload().passwordInBytes();
		DeviceId id;
		try {
			id = username == null ? null : DeviceId.of(username);
		}
		catch (IllegalArgumentException e) {
			id = null;
		}
		if (id == null || password == null) {
			refuse(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "credentials");
			return;
		}
		String clientId = connect.payload().clientIdentifier();
		if (clientId != null && !clientId.isEmpty() && !clientId.equals(username)) {
			// Another client id would let one device take over another's session.
			refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "client id");
			return;
		}
		DeviceId claimed = id;
		String presented = new String(password, StandardCharsets.UTF_8);
		boolean clean = connect.variableHeader().isCleanSession();
		int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
		ChannelHandlerContext ctx = context();
		InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
		AuthenticatedDevice known = sessions.credentials.cached(presented);
		if ((known == null || !known.device().equals(claimed)) && sessions.limits.retryAfterSeconds(source) > 0) {
			// Too many failed CONNECTs from this address (docs/adr/0033): refused without a lookup.
			refuse(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "source limit");
			return;
		}
		connecting = true;
		ctx.channel().config().setAutoRead(false);
		sessions.blocking.execute(() -> {
			Optional<AuthenticatedDevice> authenticated;
			try {
				authenticated = sessions.credentials.authenticate(presented).filter(d -> d.device().equals(claimed));
			}
			catch (CirrusException e) {
				ctx.executor().execute(() -> refuse(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "busy"));
				return;
			}
			catch (RuntimeException e) {
				log.warn("Could not check the MQTT credentials of device {}: {}", claimed, e.getMessage());
				ctx.executor().execute(() -> refuse(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "unavailable"));
				return;
			}
			if (authenticated.isEmpty()) {
				sessions.limits.failed(source);
			}
			ctx.executor().execute(() -> connected(authenticated, presented, clean, keepAlive));
		});
	}

	private void connected(Optional<AuthenticatedDevice> authenticated, String presented, boolean clean, int keepAlive) {
		connecting = false;
		ChannelHandlerContext ctx = context();
		if (ended || !ctx.channel().isActive()) {
			return;
		}
		if (authenticated.isEmpty()) {
			refuse(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "credentials");
			return;
		}
		AuthenticatedDevice accepted = authenticated.get();
		if (sessions.ingest.refusal(accepted, IngestSource.MQTT).isPresent()) {
			// Its tenant is suspended (docs/adr/0035): counted for the device with the reason, refused.
			refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "tenant suspended");
			return;
		}
		this.device = accepted;
		this.token = presented;
		this.cleanSession = clean;
		boolean sessionPresent = false;
		if (clean) {
			sessions.forgetSession(accepted.device());
		}
		else {
			commandQos = sessions.persistentSubscription(accepted.device());
			sessionPresent = commandQos >= 0;
		}
		sessions.register(this);
		// Keep alive (MQTT 3.1.1, 3.1.2.10): one and a half times the device's interval without a packet ends it.
		if (keepAlive > 0) {
			ctx.pipeline().replace(IDLE, IDLE, new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
		}
		else {
			ctx.pipeline().remove(IDLE);
		}
		MqttConnAckMessage ack = MqttMessageBuilders.connAck()
			.returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
			.sessionPresent(sessionPresent)
			.build();
		ctx.writeAndFlush(ack);
		while (!early.isEmpty() && !ended) {
			MqttMessage next = early.poll();
			try {
				read(next);
			}
			finally {
				ReferenceCountUtil.release(next);
			}
		}
		ctx.channel().config().setAutoRead(true);
		if (commandQos >= 0) {
			offerCommands();
		}
	}

	private void refuse(MqttConnectReturnCode code, String reason) {
		sessions.refused(reason);
		ChannelHandlerContext ctx = context();
		ended = true;
		ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
			.addListener(ChannelFutureListener.CLOSE);
	}

	// PUBLISH

	private void publish(MqttPublishMessage message) {
		AuthenticatedDevice from = connectedDevice();
		String topic = message.variableHeader().topicName();
		int packetId = message.variableHeader().packetId();
		MqttQoS qos = message.fixedHeader().qosLevel();
		if (qos == MqttQoS.EXACTLY_ONCE && qos2Received.contains(packetId)) {
			// A repeated QoS 2 publication already stored: acknowledge it again, store nothing.
			Inbound again = new Inbound(packetId, qos);
			again.done = true;
			unacknowledged.add(again);
			acknowledgeInOrder();
			return;
		}
		DeviceTopics.Publication publication = DeviceTopics.publication(topic, from.device());
		if (publication == null) {
			sessions.denied.increment();
			end("publishing to " + topic + ", not one of its topics");
			return;
		}
		byte[] body = ByteBufUtil.getBytes(message.payload());
		CompletableFuture<?> stored = switch (publication) {
			case DeviceTopics.Telemetry t -> sessions.ingest.accept(from, body, IngestSource.MQTT);
			case DeviceTopics.Heartbeat h -> sessions.ingest.heartbeat(from, IngestSource.MQTT);
			case DeviceTopics.CommandResult r -> commandWork(() -> answer(from, r.command(), body));
		};
		Inbound inbound = new Inbound(packetId, qos);
		if (qos != MqttQoS.AT_MOST_ONCE) {
			unacknowledged.add(inbound);
		}
		storing++;
		if (storing >= sessions.properties.maxInFlight()) {
			context().channel().config().setAutoRead(false);
		}
		ChannelHandlerContext ctx = context();
		stored.whenComplete((ok, failure) -> ctx.executor().execute(() -> settled(inbound, failure)));
	}

	/** A command answer published by the device; one that cannot be applied is dropped (logged), like over HTTP. */
	private void answer(AuthenticatedDevice from, UUID command, byte[] body) {
		try {
			CommandOutcome outcome = sessions.json.readValue(body, CommandOutcome.class);
			sessions.commands.complete(from, command, outcome);
		}
		catch (JacksonException e) {
			log.info("Dropped an MQTT answer of device {} to command {}: malformed JSON", from.device(), command);
		}
		catch (CirrusException e) {
			log.info("Dropped an MQTT answer of device {} to command {}: {}", from.device(), command, e.getMessage());
		}
	}

	private void settled(Inbound inbound, @Nullable Throwable failure) {
		storing--;
		Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
		if (cause != null && !(cause instanceof TelemetryRejected)) {
			// Not stored: no acknowledgement, the connection ends and the device publishes the message again.
			if (!ended) {
				sessions.unstored.increment();
				log.warn("An MQTT publication of device {} could not be stored, ending its connection so it publishes "
						+ "again: {}", device == null ? "?" : device.device(), cause.getMessage());
				end("a publication could not be stored");
			}
			return;
		}
		inbound.done = true;
		acknowledgeInOrder();
		if (cause instanceof TelemetryRejected rejected && rejected.reason() == TelemetryRejected.Reason.SUSPENDED) {
			// Refused and counted with the reason; the session ends, and CONNECT is refused until the tenant resumes.
			end("its tenant is suspended");
			return;
		}
		if (!ended && storing < Math.max(1, sessions.properties.maxInFlight() / 2)) {
			context().channel().config().setAutoRead(true);
		}
	}

	/** Acknowledges the stored publications at the head of the queue: acknowledgements keep the publications' order. */
	private void acknowledgeInOrder() {
		if (ended) {
			return;
		}
		boolean wrote = false;
		while (!unacknowledged.isEmpty() && unacknowledged.peek().done) {
			Inbound head = unacknowledged.poll();
			if (head.qos == MqttQoS.EXACTLY_ONCE) {
				qos2Received.add(head.packetId);
				write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 2),
						MqttMessageIdVariableHeader.from(head.packetId)));
			}
			else {
				write(MqttMessageBuilders.pubAck().packetId(head.packetId).build());
			}
			wrote = true;
		}
		if (wrote) {
			flush();
		}
	}

	private void released(int packetId) {
		qos2Received.remove(packetId);
		write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBCOMP, false, MqttQoS.AT_MOST_ONCE, false, 2),
				MqttMessageIdVariableHeader.from(packetId)));
	}

	// SUBSCRIBE

	private void subscribe(MqttSubscribeMessage message) {
		DeviceId own = connectedDevice().device();
		String commands = DeviceTopics.commands(own);
		List<Integer> granted = new ArrayList<>();
		boolean subscribed = false;
		for (MqttTopicSubscription subscription : message.payload().topicSubscriptions()) {
			if (commands.equals(subscription.topicFilter())) {
				int qos = Math.min(subscription.qualityOfService().value(), 1);
				commandQos = qos;
				if (!cleanSession) {
					sessions.keepSubscription(own, qos);
				}
				granted.add(qos);
				subscribed = true;
			}
			else {
				sessions.denied.increment();
				log.info("Device {} may not subscribe to {}", own, subscription.topicFilter());
				granted.add(MqttQoS.FAILURE.value());
			}
		}
		write(MqttMessageBuilders.subAck()
			.packetId(message.variableHeader().messageId())
			.addGrantedQoses(granted.stream().map(MqttQoS::valueOf).toArray(MqttQoS[]::new))
			.build());
		if (subscribed) {
			offerCommands();
		}
	}

	private void unsubscribe(MqttUnsubscribeMessage message) {
		DeviceId own = connectedDevice().device();
		if (message.payload().topics().contains(DeviceTopics.commands(own))) {
			commandQos = -1;
			sessions.forgetSession(own);
		}
		write(MqttMessageBuilders.unsubAck().packetId(message.variableHeader().messageId()).build());
	}

	// Commands to the device

	/**
	 * Offers the device's pending commands on its subscription (any thread). Reads are not stacked: a request during
	 * a read makes one more read after it, so nothing announced meanwhile is missed.
	 */
	void offerCommands() {
		ChannelHandlerContext ctx = context;
		if (ctx == null) {
			return;
		}
		ctx.executor().execute(() -> {
			if (ended || device == null || commandQos < 0) {
				return;
			}
			if (fetchingCommands) {
				fetchAgain = true;
				return;
			}
			fetchingCommands = true;
			AuthenticatedDevice to = device;
			sessions.blocking.execute(() -> {
				List<DeviceCommand> pending;
				try {
					pending = sessions.commands.pending(to);
				}
				catch (RuntimeException e) {
					// The sweeper announces pending commands again.
					log.warn("Could not read the pending commands of device {}: {}", to.device(), e.getMessage());
					pending = List.of();
				}
				List<DeviceCommand> found = pending;
				ctx.executor().execute(() -> publishCommands(found));
			});
		});
	}

	private void publishCommands(List<DeviceCommand> pending) {
		fetchingCommands = false;
		if (ended || commandQos < 0) {
			return;
		}
		AuthenticatedDevice to = connectedDevice();
		for (DeviceCommand command : pending) {
			if (offered.containsValue(command.id())) {
				continue; // published, awaiting the device's acknowledgement
			}
			MqttQoS qos = MqttQoS.valueOf(commandQos);
			int packetId = qos == MqttQoS.AT_MOST_ONCE ? 0 : packetId();
			byte[] body = sessions.json.writeValueAsBytes(command.delivery());
			write(MqttMessageBuilders.publish()
				.topicName(DeviceTopics.commands(to.device()))
				.qos(qos)
				.messageId(packetId)
				.payload(Unpooled.wrappedBuffer(body))
				.build());
			if (qos == MqttQoS.AT_MOST_ONCE) {
				markDelivered(to, command.id());
			}
			else {
				offered.put(packetId, command.id());
			}
		}
		flush();
		if (fetchAgain) {
			fetchAgain = false;
			offerCommands();
		}
	}

	private void commandAcknowledged(int packetId) {
		UUID command = offered.remove(packetId);
		if (command != null) {
			markDelivered(connectedDevice(), command);
		}
	}

	/**
	 * Runs command work (marking DELIVERED, applying an answer) off the event loop, one task after the other in the
	 * order the device's packets came: an answer published right after its PUBACK finds the command DELIVERED.
	 */
	private CompletableFuture<Void> commandWork(Runnable task) {
		commandWork = commandWork.exceptionally(failure -> null).thenRunAsync(task, sessions.blocking);
		return commandWork;
	}

	private void markDelivered(AuthenticatedDevice to, UUID command) {
		commandWork(() -> {
			try {
				sessions.commands.delivered(to, command, "MQTT");
			}
			catch (RuntimeException e) {
				log.warn("Command {} reached device {} but could not be marked DELIVERED: {}", command, to.device(), e.getMessage());
			}
		});
	}

	private int packetId() {
		for (int tries = 0; tries < 65535; tries++) {
			int id = nextPacketId;
			nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
			if (!offered.containsKey(id)) {
				return id;
			}
		}
		throw new IllegalStateException("no free packet id");
	}

	// Credentials

	/** Checks the connection's token again (any thread); ends the connection when it no longer opens this device. */
	void checkCredentials() {
		AuthenticatedDevice current = device;
		ChannelHandlerContext ctx = context;
		if (current == null || ctx == null || ended) {
			return;
		}
		String presented = token;
		sessions.blocking.execute(() -> {
			boolean valid;
			try {
				valid = sessions.credentials.authenticate(presented).filter(d -> d.device().equals(current.device())).isPresent();
			}
			catch (RuntimeException e) {
				return; // the database is away: look again at the next change or reconciliation
			}
			if (!valid) {
				ctx.executor().execute(() -> {
					sessions.forgetSession(current.device());
					end("its token was revoked or replaced");
				});
			}
		});
	}

	// Plumbing

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent) {
			end(device == null ? "no CONNECT in time" : "no packet within its keep-alive");
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		log.debug("MQTT connection of device {} failed: {}", device == null ? "?" : device.device(), cause.toString());
		end(null);
	}

	/** Ends the connection (any thread); {@code why} is logged when it is not the device's own choice. */
	void end(@Nullable String why) {
		ChannelHandlerContext ctx = context;
		if (ctx == null) {
			return;
		}
		ctx.executor().execute(() -> {
			if (why != null && !ended) {
				log.info("Ending the MQTT connection of device {}: {}", device == null ? "?" : device.device(), why);
			}
			ended = true;
			ctx.channel().close();
		});
	}

	private AuthenticatedDevice connectedDevice() {
		AuthenticatedDevice current = device;
		if (current == null) {
			throw new IllegalStateException("not connected");
		}
		return current;
	}

	private ChannelHandlerContext context() {
		ChannelHandlerContext ctx = context;
		if (ctx == null) {
			throw new IllegalStateException("not active");
		}
		return ctx;
	}

	private void write(Object message) {
		if (!ended) {
			context().write(message);
		}
		else {
			ReferenceCountUtil.release(message);
		}
	}

	private void flush() {
		ChannelHandlerContext ctx = context;
		if (ctx != null && !ended) {
			ctx.flush();
		}
	}

	/** A publication whose acknowledgement is due once it is stored. */
	private static final class Inbound {

		final int packetId;

		final MqttQoS qos;

		boolean done;

		Inbound(int packetId, MqttQoS qos) {
			this.packetId = packetId;
			this.qos = qos;
		}
	}
}
