package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioFormatTests {

	@Test
	void recognisesWavOggAndMp3ByTheirFirstBytes() {
		byte[] wav = new byte[16];
		System.arraycopy("RIFF".getBytes(), 0, wav, 0, 4);
		System.arraycopy("WAVE".getBytes(), 0, wav, 8, 4);
		assertThat(AudioService.mediaType(wav)).isEqualTo("audio/wav");
		assertThat(AudioService.mediaType("OggS....".getBytes())).isEqualTo("audio/ogg");
		assertThat(AudioService.mediaType("ID3\u0004....".getBytes())).isEqualTo("audio/mpeg");
		assertThat(AudioService.mediaType(new byte[] { (byte) 0xff, (byte) 0xfb, 0x10, 0 })).isEqualTo("audio/mpeg");
	}

	@Test
	void refusesWhatIsNotAudioWhateverItsName() {
		assertThat(AudioService.mediaType("<html>".getBytes())).isNull();
		assertThat(AudioService.mediaType("RIFF....AVI ".getBytes())).isNull();
		assertThat(AudioService.mediaType(new byte[0])).isNull();
	}
}
