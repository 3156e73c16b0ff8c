package io.cirrus.notification.internal;

import org.springframework.stereotype.Component;

/** Text messages through the configured {@link SmsProvider}: the title, the body and an audio link, if any. */
@Component
class SmsSender implements ChannelSender {

	private final SmsProvider provider;

	SmsSender(SmsProvider provider) {
		this.provider = provider;
	}

	@Override
	public String channel() {
		return "sms";
	}

	@Override
	public void send(Outbound delivery) throws Exception {
		String text = delivery.title() + (delivery.body().isBlank() ? "" : ": " + delivery.body())
				+ (delivery.audioUrl() == null ? "" : " " + delivery.audioUrl());
		provider.send(delivery.address(), text.length() > 1000 ? text.substring(0, 1000) : text,
				"delivery-" + delivery.deliveryId());
	}
}
