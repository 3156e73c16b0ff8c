package io.cirrus.notification;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the notification module ({@code cirrus.notification.*}).
 *
 * @param channels    delivery channels; each has its own durable priority queue
 * @param maxPriority the queues' {@code x-max-priority}; RabbitMQ advises few levels, and Cirrus maps its four
 *                    priorities (low, normal, high, urgent) onto them
 * @param prefetch    unacknowledged messages per consumer; small, so urgent messages overtake a backlog
 */
@ConfigurationProperties("cirrus.notification")
public record NotificationProperties(@DefaultValue({ "inbox", "email", "sms", "webhook" }) List<String> channels,
		@DefaultValue("4") int maxPriority, @DefaultValue("10") int prefetch) {
}
