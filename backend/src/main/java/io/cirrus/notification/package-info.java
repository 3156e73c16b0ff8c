/**
 * Notifications: requests (single, batch, broadcast, on-demand) delivered through RabbitMQ priority queues with
 * acknowledgements, per channel (in-portal, e-mail, SMS, webhook, audio), with a delivery log.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
@org.jspecify.annotations.NullMarked
package io.cirrus.notification;
