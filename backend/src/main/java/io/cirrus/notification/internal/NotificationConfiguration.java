package io.cirrus.notification.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Schedules the notification module's housekeeping (retention). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class NotificationConfiguration {
}
