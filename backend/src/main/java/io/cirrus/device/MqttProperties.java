package io.cirrus.device;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where devices reach Cirrus's MQTT endpoint ({@code cirrus.device.mqtt.*}), shown on the device page. The endpoint
 * itself is the {@code mqtt} module's ({@code cirrus.mqtt.*}, docs/adr/0021-mqtt-endpoint-in-cirrus.md).
 *
 * @param host the host name devices use
 * @param port the port devices use
 */
@ConfigurationProperties("cirrus.device.mqtt")
public record MqttProperties(@DefaultValue("localhost") String host, @DefaultValue("1884") int port) {
}
