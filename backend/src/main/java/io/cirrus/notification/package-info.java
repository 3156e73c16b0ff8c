/**
 * Notifications: requests (single, batch, broadcast, on-demand) delivered through RabbitMQ priority queues with
 * publisher confirms and manual acknowledgements, per channel (in-portal, e-mail, SMS, webhook, with audio clips),
 * with a delivery log, subscriptions to platform events, and a recipient registry.
 * <p>
 * API: {@link io.cirrus.notification.NotificationService}, {@link io.cirrus.notification.InboxService},
 * {@link io.cirrus.notification.RecipientRegistry}, {@link io.cirrus.notification.SubscriptionService},
 * {@link io.cirrus.notification.WebhookService}, {@link io.cirrus.notification.AudioService}; the SPI
 * {@link io.cirrus.notification.UserDirectory} is implemented by the identity module.
 * <p>
 * A subscriber of other modules' events (docs/adr/0023): device events keep the recipient registry current (in the
 * device module's transaction); device status changes and alarms raised or cleared become notifications for
 * subscribers (after the publisher's commit, through the event publication registry). It implements the health
 * module's SPIs (delivery counts, parked deliveries, its RabbitMQ queues) so health watches it without knowing it,
 * and the app module's {@link io.cirrus.app.ActionCheck} for notify actions (channels, recipients, targets).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "device", "health", "app" })
@org.jspecify.annotations.NullMarked
package io.cirrus.notification;
