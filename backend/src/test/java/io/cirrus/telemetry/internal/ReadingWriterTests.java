package io.cirrus.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** Which failures of a storage batch are the data's (park the record) and which pass (retry the batch). */
class ReadingWriterTests {

	@Test
	void dataExceptionsAndIntegrityViolationsAreTheData() {
		assertThat(ReadingWriter.refusedAsData(new SQLException("unsupported Unicode escape sequence", "22P05"))).isTrue();
		assertThat(ReadingWriter.refusedAsData(new SQLException("violates foreign key constraint", "23503"))).isTrue();
		assertThat(ReadingWriter.refusedAsData(
				new IllegalStateException("wrapped", new SQLException("numeric field overflow", "22003")))).isTrue();
	}

	@Test
	void lostConnectionsDeadlocksAndShutdownsPass() {
		assertThat(ReadingWriter.refusedAsData(new SQLException("connection failure", "08006"))).isFalse();
		assertThat(ReadingWriter.refusedAsData(new SQLException("deadlock detected", "40P01"))).isFalse();
		assertThat(ReadingWriter.refusedAsData(new SQLException("terminating connection", "57P01"))).isFalse();
		assertThat(ReadingWriter.refusedAsData(new SQLException("no state"))).isFalse();
		assertThat(ReadingWriter.refusedAsData(new IllegalStateException("not SQL"))).isFalse();
	}
}
