package io.cirrus.notification.internal;

import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import io.cirrus.notification.NotificationProperties;

/**
 * E-mail over SMTP (Spring Mail). The Message-ID is derived from the delivery id, so a mail client recognises a
 * resend as the same message; an audio clip travels as a signed link, never as an attachment.
 */
@Component
class EmailSender implements ChannelSender {

	private final JavaMailSender mail;

	private final NotificationProperties properties;

	EmailSender(JavaMailSender mail, NotificationProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public String channel() {
		return "email";
	}

	@Override
	public void send(Outbound delivery) throws Exception {
		MimeMessage message = new MimeMessage(mail.createMimeMessage().getSession()) {
			@Override
			protected void updateMessageID() throws jakarta.mail.MessagingException {
				setHeader("Message-ID", "<delivery-" + delivery.deliveryId() + "@cirrus>");
			}
		};
		MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
		helper.setFrom(properties.mail().from());
		helper.setTo(delivery.address());
		helper.setSubject(delivery.title());
		StringBuilder text = new StringBuilder(delivery.body());
		if (delivery.link() != null) {
			text.append("\n\n").append(absolute(delivery.link()));
		}
		if (delivery.audioUrl() != null) {
			text.append("\n\nListen: ").append(delivery.audioUrl());
		}
		helper.setText(text.toString());
		message.setHeader("X-Cirrus-Delivery", Long.toString(delivery.deliveryId()));
		message.setHeader("X-Priority", delivery.priority().equals("urgent") || delivery.priority().equals("high") ? "1" : "3");
		mail.send(message);
	}

	private String absolute(String link) {
		if (link.startsWith("http://") || link.startsWith("https://")) {
			return link;
		}
		String base = properties.portalUrl().toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + (link.startsWith("/") ? "" : "/") + link;
	}
}
