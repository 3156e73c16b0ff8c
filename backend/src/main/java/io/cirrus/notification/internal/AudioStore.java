package io.cirrus.notification.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cirrus.shared.TenantId;

/** Audio clips in PostgreSQL ({@code bytea}, at most 1 MiB each). */
@Repository
public class AudioStore {

	private final JdbcClient jdbc;

	AudioStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored clip. */
	public record Clip(UUID id, String mediaType, byte[] content) {
	}

	public void insert(TenantId tenant, UUID id, String mediaType, byte[] content) {
		jdbc.sql("insert into audio_clip (id, tenant_id, media_type, size, content) values (?, ?, ?, ?, ?)")
			.params(id, tenant.value(), mediaType, content.length, content)
			.update();
	}

	public boolean exists(TenantId tenant, UUID id) {
		return jdbc.sql("select count(*) from audio_clip where tenant_id = ? and id = ?")
			.params(tenant.value(), id)
			.query(Integer.class)
			.single() > 0;
	}

	public Optional<Clip> find(TenantId tenant, UUID id) {
		return jdbc.sql("select id, media_type, content from audio_clip where tenant_id = ? and id = ?")
			.params(tenant.value(), id)
			.query((rs, n) -> new Clip(rs.getObject("id", UUID.class), rs.getString("media_type"), rs.getBytes("content")))
			.optional();
	}
}
