package io.cirrus.notification;

import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.internal.AudioLinks;
import io.cirrus.notification.internal.AudioStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Audio clips a notification may carry: uploaded WAV, MP3 or OGG of at most 1 MiB, recognised by their first bytes
 * (not by what the client claims), stored in PostgreSQL and served through signed, expiring links. Speech synthesis
 * is not offered: no pure-Java synthesizer with voices resolves from Maven Central here (docs/adr/0014).
 */
@Service
public class AudioService {

	private final AudioStore store;

	private final AudioLinks links;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	AudioService(AudioStore store, AudioLinks links, TransactionTemplate transactions, NotificationProperties properties) {
		this.store = store;
		this.links = links;
		this.transactions = transactions;
		this.properties = properties;
	}

	/** An uploaded clip and a signed path to play it. */
	public record AudioClip(UUID id, String mediaType, int size, String url) {
	}

	/** A clip's bytes. */
	public record Content(String mediaType, byte[] bytes) {
	}

	@PreAuthorize("hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "')")
	public AudioClip upload(byte[] content) {
		TenantId tenant = TenantContext.require();
		if (content.length > properties.audio().maxBytes()) {
			throw tooLarge(properties.audio().maxBytes());
		}
		if (content.length == 0) {
			throw NotificationProblems.invalid("audio", "is empty");
		}
		String mediaType = mediaType(content);
		if (mediaType == null) {
			throw new CirrusException(Problems.UNSUPPORTED_MEDIA_TYPE,
					"The audio clip is not WAV, MP3 or OGG (checked by its first bytes).");
		}
		UUID id = UUID.randomUUID();
		transactions.executeWithoutResult(tx -> store.insert(tenant, id, mediaType, content));
		return new AudioClip(id, mediaType, content.length, links.signedPath(tenant, id));
	}

	public static CirrusException tooLarge(int max) {
		return new CirrusException(NotificationProblems.AUDIO_TOO_LARGE,
				"The audio clip is larger than the limit of " + max + " bytes (1 MiB).", java.util.Map.of("limitBytes", max));
	}

	/** A clip through a signed link (no token needed; the signature is the permission). */
	public Content signedContent(TenantId tenant, UUID clip, long expires, String signature) {
		if (!links.valid(tenant, clip, expires, signature)) {
			throw new CirrusException(Problems.FORBIDDEN, "The audio link is invalid or has expired.");
		}
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.find(tenant, clip)))
			.map(c -> new Content(c.mediaType(), c.content()))
			.orElseThrow(() -> new NotFoundException("Audio clip", clip));
	}

	/** A signed path for a clip of the caller's tenant (for the portal's player). */
	@PreAuthorize("isAuthenticated()")
	public String signedPath(UUID clip) {
		return links.signedPath(TenantContext.require(), clip);
	}

	/** The media type of WAV, MP3 or OGG content, by magic bytes; null for anything else. */
	public static String mediaType(byte[] b) {
		if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'A'
				&& b[10] == 'V' && b[11] == 'E') {
			return "audio/wav";
		}
		if (b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S') {
			return "audio/ogg";
		}
		if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
			return "audio/mpeg";
		}
		if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xe0) == 0xe0) {
			return "audio/mpeg";
		}
		return null;
	}
}
