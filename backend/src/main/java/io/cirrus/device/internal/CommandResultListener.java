package io.cirrus.device.internal;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.device.CommandOutcome;
import io.cirrus.device.DeviceCommands;
import io.cirrus.device.DeviceLookup;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers to commands that devices publish over MQTT ({@code devices/<id>/commands/<command>/result}, routing key
 * {@code devices.<id>.commands.<command>.result}), from a durable queue bound to {@code amq.topic}. The broker has
 * checked that the publisher is that device. An answer that cannot be applied (malformed, unknown command, already
 * over) is dropped and counted; a database failure leaves the message in the queue for another try.
 */
@Configuration(proxyBeanMethods = false)
class CommandResultListener {

	static final String QUEUE = "cirrus.mqtt.command-results";

	private static final Logger log = LoggerFactory.getLogger(CommandResultListener.class);

	private final DeviceLookup devices;

	private final DeviceCommands commands;

	private final JsonMapper json;

	private final Counter dropped;

	CommandResultListener(DeviceLookup devices, DeviceCommands commands, JsonMapper json, MeterRegistry meters) {
		this.devices = devices;
		this.commands = commands;
		this.json = json;
		this.dropped = Counter.builder("cirrus.device.command.results.dropped")
			.description("MQTT command answers that could not be applied")
			.register(meters);
	}

	@Bean
	Declarables commandResultDeclarables() {
		Queue queue = QueueBuilder.durable(QUEUE).build();
		TopicExchange mqtt = new TopicExchange(CommandPublisher.EXCHANGE);
		Binding binding = BindingBuilder.bind(queue).to(mqtt).with("devices.*.commands.*.result");
		return new Declarables(queue, binding);
	}

	@RabbitListener(queues = QUEUE, id = "device-command-results")
	void onResult(Message message) {
		String key = message.getMessageProperties().getReceivedRoutingKey();
		String[] parts = key == null ? new String[0] : key.split("\\.");
		if (parts.length != 5) {
			drop(key, "unexpected routing key");
			return;
		}
		Optional<AuthenticatedDevice> device;
		UUID command;
		try {
			device = devices.active(DeviceId.of(parts[1]));
			command = UUID.fromString(parts[3]);
		}
		catch (IllegalArgumentException e) {
			drop(key, "not a device or command id");
			return;
		}
		if (device.isEmpty()) {
			drop(key, "no device with active credentials");
			return;
		}
		try {
			CommandOutcome outcome = json.readValue(message.getBody(), CommandOutcome.class);
			commands.complete(device.get(), command, outcome);
		}
		catch (JacksonException e) {
			drop(key, "malformed JSON");
		}
		catch (CirrusException e) {
			drop(key, e.getMessage());
		}
		catch (RuntimeException e) {
			// The database is away: the message goes back to the queue, after a pause rather than in a tight loop.
			log.warn("Could not apply an MQTT command answer ({}), will retry: {}", key, e.getMessage());
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
			}
			throw e;
		}
	}

	private void drop(String key, String why) {
		dropped.increment();
		log.info("Dropped an MQTT command answer ({}): {}", key, why);
	}
}
