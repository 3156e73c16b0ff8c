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
 * @param management   RabbitMQ's management API, through which MQTT connections of devices that lost their
 *                     credentials (revoked, decommissioned) are closed; empty: live connections stay open until
 *                     they end
 * @param managementUsername a RabbitMQ user allowed to list and close connections
 * @param managementPassword its password
 * @param reconcileInterval how often live MQTT connections are compared with the devices' credentials
 */
@ConfigurationProperties("cirrus.device.mqtt")
public record MqttProperties(@DefaultValue("") String authSecret, @DefaultValue("true") boolean loopbackOnly,
		@DefaultValue("/") String vhost, @DefaultValue("localhost") String host, @DefaultValue("1884") int port,
		@DefaultValue("") String management, @DefaultValue("guest") String managementUsername,
		@DefaultValue("guest") String managementPassword,
		@DefaultValue("5s") java.time.Duration reconcileInterval) {
}
