package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeZoneIdTests {

	private final TimeZoneId.Validator validator = new TimeZoneId.Validator();

	@Test
	void acceptsRegionIdsAndUtc() {
		assertThat(validator.isValid("Europe/Berlin", null)).isTrue();
		assertThat(validator.isValid("America/Argentina/Buenos_Aires", null)).isTrue();
		assertThat(validator.isValid("UTC", null)).isTrue();
	}

	@Test
	void refusesInventedZonesAndOffsets() {
		assertThat(validator.isValid("Mars/Olympus", null)).isFalse();
		assertThat(validator.isValid("europe/berlin", null)).isFalse();
		assertThat(validator.isValid("+02:00", null)).isFalse();
	}
}
