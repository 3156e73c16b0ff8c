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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cirrus.device.internal.CommandSignals;
import io.cirrus.device.internal.CommandStore;
import io.cirrus.device.internal.DeviceStore;
import io.cirrus.shared.DeviceId;

/**
 * Tells every instance what changed for a device, through PostgreSQL notifications sent in the changing
 * transaction: PostgreSQL delivers them when (and only if) that transaction commits, to every instance listening,
 * this one included. Each instance listens on a connection of its own (outside the pool).
 * <ul>
 * <li>Credentials ({@link DeviceCredentials#invalidate}, {@link DeviceStore#announceCredentialChange}): the device is
 * evicted from {@link DeviceCredentials}, so cached token answers never outlive a revocation by more than the time a
 * notification takes, then {@link DeviceCredentialsChanged} is published here (open MQTT sessions check their token
 * again). While the connection is down an instance cannot hear about revocations, so it stops trusting its token
 * cache ({@link #listening()} is false: every token is checked in the database) and empties it when it listens again
 * (docs/adr/0006).</li>
 * <li>Commands ({@link CommandStore#announce}): the device's HTTP long poll on this instance is woken and
 * {@link DeviceCommandsWaiting} is published (the MQTT session offers the command).</li>
 * </ul>
 */
@Component
class DeviceChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeviceChanges.class);

	private static final Duration RETRY = Duration.ofSeconds(2);

	private final DataSourceProperties dataSource;

	private final DeviceCredentials credentials;

	private final CommandSignals signals;

	private final ApplicationEventPublisher events;

	private volatile boolean listening;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	private volatile @Nullable Connection connection;

	DeviceChanges(DataSourceProperties dataSource, DeviceCredentials credentials, CommandSignals signals,
			ApplicationEventPublisher events) {
		this.dataSource = dataSource;
		this.credentials = credentials;
		this.signals = signals;
		this.events = events;
		credentials.trustCacheWhile(this::listening);
	}

	/** Whether this instance hears about credential changes now (so its caches may answer). */
	boolean listening() {
		return listening;
	}

	@Override
	public void start() {
		running = true;
		Thread listener = Thread.ofPlatform().name("device-changes").daemon().unstarted(this::listen);
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
				statement.execute("LISTEN " + CommandStore.COMMANDS_WAITING);
				// Whatever changed while nobody listened is unknown here: start from an empty cache.
				credentials.evictAll();
				listening = true;
				log.debug("Listening for device changes");
				PGConnection pg = listen.unwrap(PGConnection.class);
				while (running) {
					PGNotification[] notifications = pg.getNotifications(1000);
					if (notifications == null) {
						continue;
					}
					for (PGNotification notification : notifications) {
						dispatch(notification);
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

	private void dispatch(PGNotification notification) {
		DeviceId device;
		try {
			device = DeviceId.of(notification.getParameter());
		}
		catch (IllegalArgumentException e) {
			log.debug("Ignoring a notification for '{}': not a device id", notification.getParameter());
			return;
		}
		try {
			if (DeviceStore.CREDENTIAL_CHANGES.equals(notification.getName())) {
				credentials.evict(device);
				events.publishEvent(new DeviceCredentialsChanged(device));
			}
			else if (CommandStore.COMMANDS_WAITING.equals(notification.getName())) {
				signals.signal(device);
				events.publishEvent(new DeviceCommandsWaiting(device));
			}
		}
		catch (RuntimeException e) {
			// A listener's failure must not stop this instance from hearing the next change.
			log.warn("Handling a change of device {} ({}) failed: {}", device, notification.getName(), e.toString());
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
		properties.setProperty("ApplicationName", "cirrus device changes");
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
