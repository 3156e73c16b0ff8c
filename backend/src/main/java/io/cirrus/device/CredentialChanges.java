package io.cirrus.device;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.shared.DeviceId;

/**
 * Tells every instance that a device's credentials changed, so cached token answers never outlive a revocation by
 * more than the time a PostgreSQL notification takes. {@link DeviceCredentials#invalidate} runs {@code pg_notify} in
 * the caller's transaction ({@link DeviceStore#announceCredentialChange}): PostgreSQL delivers it when (and only
 * if) that transaction commits, to every instance listening, this one included. Each instance listens on a
 * connection of its own (outside the pool) and evicts the device from {@link DeviceCredentials} and
 * {@link DeviceLookup}. While that connection is down an instance cannot hear about revocations, so it stops
 * trusting its token cache ({@link #listening()} is false: every token is checked in the database) and empties its
 * caches when it listens again (docs/adr/0006).
 */
@Component
class CredentialChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CredentialChanges.class);

	private static final Duration RETRY = Duration.ofSeconds(2);

	private final DataSourceProperties dataSource;

	private final DeviceCredentials credentials;

	private final DeviceLookup lookup;

	private volatile boolean listening;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	private volatile @Nullable Connection connection;

	CredentialChanges(DataSourceProperties dataSource, DeviceCredentials credentials, DeviceLookup lookup) {
		this.dataSource = dataSource;
		this.credentials = credentials;
		this.lookup = lookup;
		credentials.trustCacheWhile(this::listening);
	}

	/** Whether this instance hears about credential changes now (so its caches may answer). */
	boolean listening() {
		return listening;
	}

	@Override
	public void start() {
		running = true;
		Thread listener = Thread.ofPlatform().name("device-credential-changes").daemon().unstarted(this::listen);
		thread = listener;
		listener.start();
	}

	@Override
	public void stop() {
		running = false;
		listening = false;
		closeConnection();
		Thread listener = thread;
		if (listener != null) {
			listener.interrupt();
			try {
				listener.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		thread = null;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void listen() {
		while (running) {
			try (Connection listen = connect(); Statement statement = listen.createStatement()) {
				connection = listen;
				statement.execute("LISTEN " + DeviceStore.CREDENTIAL_CHANGES);
				// Whatever changed while nobody listened is unknown here: start from empty caches.
				credentials.evictAll();
				lookup.evictAll();
				listening = true;
				log.debug("Listening for device credential changes");
				PGConnection pg = listen.unwrap(PGConnection.class);
				while (running) {
					PGNotification[] notifications = pg.getNotifications(1000);
					if (notifications == null) {
						continue;
					}
					for (PGNotification notification : notifications) {
						evict(notification.getParameter());
					}
				}
			}
			catch (SQLException | RuntimeException e) {
				if (running) {
					log.warn("Not listening for device credential changes (tokens are checked in the database until it "
							+ "listens again): {}", e.getMessage());
				}
			}
			finally {
				listening = false;
				connection = null;
			}
			if (running) {
				try {
					Thread.sleep(RETRY);
				}
				catch (InterruptedException e) {
					return;
				}
			}
		}
	}

	private void evict(String device) {
		try {
			DeviceId id = DeviceId.of(device);
			credentials.evict(id);
			lookup.evict(id);
		}
		catch (IllegalArgumentException e) {
			log.debug("Ignoring a credential change for '{}': not a device id", device);
		}
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		String user = dataSource.determineUsername();
		String password = dataSource.determinePassword();
		if (user != null) {
			properties.setProperty("user", user);
		}
		if (password != null) {
			properties.setProperty("password", password);
		}
		properties.setProperty("ApplicationName", "cirrus credential changes");
		properties.setProperty("tcpKeepAlive", "true");
		return DriverManager.getConnection(dataSource.determineUrl(), properties);
	}

	private void closeConnection() {
		Connection open = connection;
		if (open != null) {
			try {
				open.close();
			}
			catch (SQLException e) {
				// closing anyway
			}
		}
	}
}
