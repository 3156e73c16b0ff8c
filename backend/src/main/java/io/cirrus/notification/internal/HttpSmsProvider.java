package io.cirrus.notification.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cirrus.notification.NotificationProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SMS provider reached over HTTP: {@code POST <url>} with a JSON body {@code {from, to, text, reference}} and the
 * API key in {@code X-Api-Key}. Any 2xx is accepted; anything else is a failure to retry. The key is never logged.
 */
@Component
class HttpSmsProvider implements SmsProvider {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NotificationProperties properties;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	HttpSmsProvider(NotificationProperties properties) {
		this.properties = properties;
	}

	@Override
	public void send(String to, String text, String reference) throws Exception {
		URI url = properties.sms().url();
		if (url == null) {
			throw new ChannelSender.Failed("no SMS provider is configured (cirrus.notification.sms.url)");
		}
		String body = JSON.writeValueAsString(Map.of("from", properties.sms().sender(), "to", to, "text", text,
				"reference", reference));
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (properties.sms().apiKey() != null) {
			request.header("X-Api-Key", properties.sms().apiKey());
		}
		HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() / 100 != 2) {
			throw new ChannelSender.Failed("the SMS provider answered HTTP " + response.statusCode());
		}
	}
}
