/**
 * Notifications: requests (single, batch, broadcast, on-demand) delivered through RabbitMQ priority queues with
 * publisher confirms and manual acknowledgements, per channel (in-portal, e-mail, SMS, webhook, with audio clips),
 * with a delivery log, subscriptions to platform events, and a recipient registry other modules feed.
 * <p>
 * API: {@link io.cirrus.notification.NotificationService}, {@link io.cirrus.notification.InboxService},
 * {@link io.cirrus.notification.RecipientRegistry}, {@link io.cirrus.notification.SubscriptionService},
 * {@link io.cirrus.notification.WebhookService}, {@link io.cirrus.notification.AudioService}; the SPI
 * {@link io.cirrus.notification.UserDirectory} is implemented by the identity module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
@org.jspecify.annotations.NullMarked
package io.cirrus.notification;
