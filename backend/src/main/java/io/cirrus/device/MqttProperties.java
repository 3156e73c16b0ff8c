package io.cirrus.device;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MQTT access for devices ({@code cirrus.device.mqtt.*}): RabbitMQ's MQTT plugin asks Cirrus whether a device may
 * connect and which topics it may use (docs/adr/0008-mqtt-through-rabbitmq.md).
 *
 * @param authSecret   the path segment RabbitMQ's HTTP auth backend puts in its URLs
 *                     ({@code /api/v1/mqtt/auth/<secret>/user}); empty: the endpoints answer 404 to everyone.
 *                     {@code ./cirrus up} generates one and configures both sides
 * @param loopbackOnly answer only callers on this host (the broker runs beside Cirrus); off when the broker runs
 *                     on another host of a private network
 * @param vhost        the RabbitMQ virtual host devices connect to ({@code mqtt.vhost} of the broker)
 * @param host         the broker's host as devices reach it, shown in the portal
 * @param port         the broker's MQTT port, shown in the portal
 */
@ConfigurationProperties("cirrus.device.mqtt")
public record MqttProperties(@DefaultValue("") String authSecret, @DefaultValue("true") boolean loopbackOnly,
		@DefaultValue("/") String vhost, @DefaultValue("localhost") String host, @DefaultValue("1884") int port) {
}
