package io.cirrus.notification.ui;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Runs push updates (from worker threads) with the security context of the session that registered them. */
final class Secured {

	private Secured() {
	}

	static <T> T call(SecurityContext context, java.util.function.Supplier<T> work) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(context);
		try {
			return work.get();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	static void run(SecurityContext context, Runnable work) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(context);
		try {
			work.run();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}
}
