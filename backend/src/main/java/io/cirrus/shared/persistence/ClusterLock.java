package io.cirrus.shared.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs work on one instance of the cluster at a time, with a PostgreSQL session advisory lock: schedules, samplers
 * and loops that must not run twice when several Cirrus instances share a database. The lock is held on a dedicated
 * connection for the duration of the work and released even when the work fails; if the instance dies, PostgreSQL
 * releases it with the connection.
 */
@Component
public class ClusterLock {

	private static final Logger log = LoggerFactory.getLogger(ClusterLock.class);

	private final DataSource dataSource;

	ClusterLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Runs {@code work} if no other instance is running work under the same name; answers whether it ran.
	 */
	public boolean runExclusively(String name, Runnable work) {
		long key = name.hashCode() * 31L + 0x0C1A55L;
		try (Connection connection = dataSource.getConnection()) {
			if (!call(connection, "select pg_try_advisory_lock(?)", key)) {
				return false;
			}
			try {
				work.run();
				return true;
			}
			finally {
				call(connection, "select pg_advisory_unlock(?)", key);
			}
		}
		catch (SQLException e) {
			log.warn("Could not take the cluster lock '{}': {}", name, e.getMessage());
			return false;
		}
	}

	private static boolean call(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getBoolean(1);
			}
		}
	}
}
