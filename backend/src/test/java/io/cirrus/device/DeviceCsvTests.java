package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cirrus.device.internal.Tokens;

class DeviceCsvTests {

	@Test
	void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
		List<List<String>> records = Csv.parse("name,metadata\r\n\"a, b\",\"{\"\"k\"\": 1}\"\n\"multi\nline\",\n\nlast,x");
		assertThat(records).containsExactly(List.of("name", "metadata"), List.of("a, b", "{\"k\": 1}"),
				List.of("multi\nline", ""), List.of("last", "x"));
	}

	@Test
	void skipsTheByteOrderMarkAndBlankLines() {
		assertThat(Csv.parse("\uFEFFname\n\nx\n")).containsExactly(List.of("name"), List.of("x"));
	}

	@Test
	void refusesAnOpenQuote() {
		assertThatThrownBy(() -> Csv.parse("name\n\"open")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void deviceTokensAreLongRandomPrefixedAndHashedToThirtyTwoBytes() {
		String a = Tokens.deviceToken();
		String b = Tokens.deviceToken();
		assertThat(a).startsWith("cdt_").hasSize(47).isNotEqualTo(b);
		assertThat(Tokens.plausibleDeviceToken(a)).isTrue();
		assertThat(Tokens.plausibleDeviceToken("cdt_short")).isFalse();
		assertThat(Tokens.sha256(a)).hasSize(32);
		assertThat(Tokens.matches(a, Tokens.sha256(a))).isTrue();
		assertThat(Tokens.matches(b, Tokens.sha256(a))).isFalse();
	}
}
