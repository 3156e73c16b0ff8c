package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.DeviceApi.Registered;
import io.cirrus.test.Keycloak;

/** Device tokens on the device-facing chain: shown once, stored as a hash, rotated and revoked at once. */
@CirrusIntegrationTest
class DeviceCredentialsIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceStore store;

	@Autowired
	DeviceChanges changes;

	@Test
	void registeredDeviceAuthenticatesWithItsTokenInEitherHeader() {
		Registered device = DeviceApi.register(Keycloak.token("acme-dev"), "probe-" + UUID.randomUUID());

		Answer me = DeviceApi.get("/api/v1/device/me", device.token());
		assertThat(me.status()).as(me.header("WWW-Authenticate") + " " + me.body()).isEqualTo(200);
		assertThat(me.json().get("device").asString()).isEqualTo(device.id());
		assertThat(me.json().get("name").asString()).startsWith("probe-");

		assertThat(DeviceApi.getWithAuthorization("/api/v1/device/me", device.token()).status()).isEqualTo(200);
	}

	@Test
	void tokenIsShownOnceAndStoredOnlyAsItsHash() {
		String user = Keycloak.token("acme-dev");
		Registered device = DeviceApi.register(user, "hash-" + UUID.randomUUID());

		Answer read = Api.get("/api/v1/devices/" + device.id(), user);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).doesNotContain(device.token()).doesNotContain("token\"");

		// Every column of the device row, read as the application under the device's tenant (RLS), and the lookup.
		TenantId tenant = TenantId.of(Api.get("/api/v1/me", user).json().get("tenant").get("id").asString());
		String row = TenantContext.callAs(tenant, () -> transactions.execute(
				tx -> jdbc.sql("select t::text from device t where id = ?::uuid").param(device.id()).query(String.class).single()));
		assertThat(row).doesNotContain(device.token()).contains(sha256Hex(device.token()));
		List<String> lookups = jdbc.sql("select encode(token_hash, 'hex') from device_token where device_id = ?::uuid")
			.param(device.id())
			.query(String.class)
			.list();
		assertThat(lookups).containsExactly(sha256Hex(device.token()));
	}

	@Test
	void revokedTokenIsRefusedOnTheNextRequest() {
		String user = Keycloak.token("acme-dev");
		Registered device = DeviceApi.register(user, "revoke-" + UUID.randomUUID());
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(200); // now cached

		assertThat(Api.delete("/api/v1/devices/" + device.id() + "/token", user).status()).isEqualTo(200);

		Answer refused = DeviceApi.get("/api/v1/device/me", device.token());
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).isEqualTo("https://cirrus.io/problems/unauthorized");
	}

	@Test
	void rotationRefusesTheOldTokenAndAcceptsTheNewOne() {
		String user = Keycloak.token("acme-admin");
		Registered device = DeviceApi.register(user, "rotate-" + UUID.randomUUID());
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(200);

		Answer rotated = Api.post("/api/v1/devices/" + device.id() + "/token", user, "");
		assertThat(rotated.status()).isEqualTo(200);
		String newToken = rotated.json().get("token").asString();

		assertThat(newToken).isNotEqualTo(device.token());
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(401);
		assertThat(DeviceApi.get("/api/v1/device/me", newToken).status()).isEqualTo(200);
	}

	@Test
	void decommissionedDeviceIsRefusedAndKeptForHistory() {
		String user = Keycloak.token("acme-dev");
		Registered device = DeviceApi.register(user, "retire-" + UUID.randomUUID());
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(200);

		assertThat(Api.delete("/api/v1/devices/" + device.id(), user).status()).isEqualTo(204);

		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(401);
		Answer kept = Api.get("/api/v1/devices/" + device.id(), user);
		assertThat(kept.status()).isEqualTo(200);
		assertThat(kept.json().get("status").asString()).isEqualTo("decommissioned");
		assertThat(kept.json().get("credentials").asString()).isEqualTo("revoked");
	}

	/**
	 * Another instance revokes the token: its transaction changes the rows and notifies at commit. This instance
	 * answered from its cache until then and refuses the token once the notification arrived.
	 */
	@Test
	void revocationOnAnotherInstanceReachesThisInstanceThroughItsNotification() {
		CachedDevice device = cachedDevice("elsewhere-");

		// The rows change without a word to this instance: the cached answer still stands.
		revokeWithoutNotice(device);
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(200);

		// What the other instance's registry sends in its transaction, delivered at commit.
		transactions.executeWithoutResult(tx -> store.announceCredentialChange(device.id()));
		Await.until("the revoked token refused", Duration.ofSeconds(5),
				() -> DeviceApi.get("/api/v1/device/me", device.token()).status() == 401);
	}

	/** Without its listening connection an instance cannot hear revocations: it checks every token in the database. */
	@Test
	void withoutTheListenerEveryTokenIsCheckedInTheDatabase() {
		CachedDevice device = cachedDevice("unheard-");

		changes.stop();
		try {
			assertThat(changes.listening()).isFalse();
			// Revoked with no notification at all: refused on the next request all the same.
			revokeWithoutNotice(device);
			assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(401);
		}
		finally {
			changes.start();
		}
		Await.until("listening again", Duration.ofSeconds(10), changes::listening);
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(401);
	}

	@Test
	void missingOrUnknownTokenIs401AndUserTokensAreNotDeviceTokens() {
		Answer missing = DeviceApi.post("/api/v1/device/me", null, "{}");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.contentType()).startsWith("application/problem+json");
		assertThat(DeviceApi.get("/api/v1/device/me", "cdt_" + "x".repeat(43)).status()).isEqualTo(401);
		assertThat(DeviceApi.get("/api/v1/device/me", "garbage").status()).isEqualTo(401);
		assertThat(Api.get("/api/v1/device/me", Keycloak.token("acme-dev")).status()).isEqualTo(401);
	}

	/** A registered device whose token this instance has just cached (it is listening for credential changes). */
	private CachedDevice cachedDevice(String namePrefix) {
		String user = Keycloak.token("acme-dev");
		Registered device = DeviceApi.register(user, namePrefix + UUID.randomUUID());
		TenantId tenant = TenantId.of(Api.get("/api/v1/me", user).json().get("tenant").get("id").asString());
		Await.until("listening for credential changes", Duration.ofSeconds(10), changes::listening);
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(200); // now cached
		return new CachedDevice(tenant, DeviceId.of(device.id()), device.token());
	}

	record CachedDevice(TenantId tenant, DeviceId id, String token) {
	}

	/** Revokes the token in the database as another instance's registry would, but sends no notification. */
	private void revokeWithoutNotice(CachedDevice device) {
		TenantContext.runAs(device.tenant(),
				() -> transactions.executeWithoutResult(tx -> store.revokeToken(device.tenant(), device.id())));
	}

	static String sha256Hex(String token) {
		try {
			return java.util.HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
