package io.cirrus.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProblems.FieldError;
import io.cirrus.notification.internal.NotificationStore;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * The recipients notifications can reach, with the tags target expressions select on (like Notification Hubs
 * installations or SNS endpoints). Devices are kept current from the device module's events, in the transaction
 * that changed the device ({@code internal.DeviceRecipients}); users are copied from the identity provider; external
 * recipients come through the API.
 */
@Service
public class RecipientRegistry {

	private static final String MANAGERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "')";

	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Pattern EXTERNAL = Pattern.compile("ext:[A-Za-z0-9._@-]{1,120}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,}");

	private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

	private final NotificationStore store;

	private final TransactionTemplate transactions;

	RecipientRegistry(NotificationStore store, TransactionTemplate transactions) {
		this.store = store;
		this.transactions = transactions;
	}

	/** An external recipient as the API registers it. */
	public record ExternalRecipient(@Nullable String name, @Nullable Set<String> tags, @Nullable String email,
			@Nullable String phone) {
	}

	@PreAuthorize(MANAGERS)
	public Recipient putExternal(String id, ExternalRecipient request) {
		TenantId tenant = TenantContext.require();
		List<FieldError> errors = new ArrayList<>();
		if (!EXTERNAL.matcher(id).matches()) {
			errors.add(new FieldError("id", "must be ext:<1 to 120 letters, digits, '.', '_', '@' or '-'>"));
		}
		Set<String> tags = validTags(request.tags() == null ? Set.of() : request.tags(), errors);
		if (request.email() != null && !EMAIL.matcher(request.email()).matches()) {
			errors.add(new FieldError("email", "must be an e-mail address"));
		}
		if (request.phone() != null && !PHONE.matcher(request.phone()).matches()) {
			errors.add(new FieldError("phone", "must be an E.164 number such as +4915112345678"));
		}
		String name = request.name() == null || request.name().isBlank() ? id : request.name().strip();
		if (name.length() > 200) {
			errors.add(new FieldError("name", "must be at most 200 characters"));
		}
		if (!errors.isEmpty()) {
			throw NotificationProblems.invalid(errors);
		}
		Recipient recipient = new Recipient(id, "external", name, tags, Set.of(), request.email(), request.phone());
		transactions.executeWithoutResult(tx -> store.upsertRecipient(tenant, recipient));
		return recipient;
	}

	@PreAuthorize(MANAGERS)
	public void removeExternal(String id) {
		TenantId tenant = TenantContext.require();
		int removed = id.startsWith("ext:") ? transactions.execute(tx -> store.removeRecipient(tenant, id)) : 0;
		if (removed == 0) {
			throw new NotFoundException("Recipient", id);
		}
	}

	@PreAuthorize(MANAGERS)
	public Recipient get(String id) {
		TenantId tenant = TenantContext.require();
		return transactions.execute(tx -> store.recipient(tenant, id)).orElseThrow(() -> new NotFoundException("Recipient", id));
	}

	@PreAuthorize(MANAGERS)
	public List<Recipient> list(@Nullable String kind, int page, int size) {
		TenantId tenant = TenantContext.require();
		int limit = Math.clamp(size, 1, 500);
		return transactions.execute(tx -> store.recipients(tenant, kind, Math.max(0, page) * limit, limit));
	}

	private static Set<String> validTags(Set<String> tags, List<FieldError> errors) {
		if (tags.size() > 50) {
			errors.add(new FieldError("tags", "must be at most 50"));
		}
		for (String tag : tags) {
			if (tag == null || !TAG.matcher(tag).matches()) {
				errors.add(new FieldError("tags", "'" + tag + "' is not a tag: use 1 to 64 letters, digits, '.', '_' or '-'"));
			}
		}
		return Set.copyOf(tags);
	}
}
