package io.cirrus.shared;

import java.util.Optional;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The tenant the current unit of work acts for.
 * <p>
 * In a request it comes from the caller's token (the organization claim, mapped by the identity module). Work
 * without a request (Kafka consumers, queue workers, schedules) binds it explicitly with
 * {@link #callAs(TenantId, Callable)}, which always wins over the security context. Transactions copy it into
 * PostgreSQL ({@code cirrus.tenant_id}) so row-level security filters every query a second time.
 */
public final class TenantContext {

	private static final ScopedValue<TenantId> BOUND = ScopedValue.newInstance();

	private TenantContext() {
	}

	/** The current tenant, if any. */
	public static Optional<TenantId> current() {
		if (BOUND.isBound()) {
			return Optional.of(BOUND.get());
		}
		return currentUser().flatMap(CirrusUser::tenantRef).map(CirrusUser.TenantRef::id);
	}

	/** The current tenant; a {@link NoTenantException} (403 on the API) when there is none. */
	public static TenantId require() {
		return current().orElseThrow(NoTenantException::new);
	}

	/** The signed-in user, if the current thread works for one. */
	public static Optional<CirrusUser> currentUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return Optional.ofNullable(userOf(authentication));
	}

	static @Nullable CirrusUser userOf(@Nullable Authentication authentication) {
		if (authentication == null) {
			return null;
		}
		if (authentication instanceof CirrusUser.Holder holder) {
			return holder.cirrusUser();
		}
		if (authentication.getPrincipal() instanceof CirrusUser.Holder holder) {
			return holder.cirrusUser();
		}
		return null;
	}

	/** Runs {@code work} for {@code tenant}, whatever the security context says. */
	public static <T> T callAs(TenantId tenant, Callable<T> work) {
		try {
			return ScopedValue.where(BOUND, tenant).call(work::call);
		}
		catch (RuntimeException | Error e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Runs {@code work} for {@code tenant}, whatever the security context says. */
	public static void runAs(TenantId tenant, Runnable work) {
		ScopedValue.where(BOUND, tenant).run(work);
	}

	/** Thrown when work that needs a tenant runs without one. */
	public static final class NoTenantException extends CirrusException {

		public NoTenantException() {
			super(Problems.NO_TENANT, "You are not a member of any tenant. Ask a platform admin to add you to an organization.");
		}
	}
}
