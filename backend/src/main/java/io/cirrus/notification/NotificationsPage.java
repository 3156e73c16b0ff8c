package io.cirrus.notification;

import java.util.List;

/** A page of results. */
public record NotificationsPage<T>(List<T> items, int page, int size, long total) {
}
