package io.costwise.identity;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the few look-ups that must happen before a tenant is known (sign-in, API-key authentication,
 * sign-up, invitations by token) in a transaction of their own, as the schema owner, past row-level
 * security. Everything else runs as {@code costwise_app} inside its tenant.
 */
@Component
class SystemAccess {

	private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

	private final TransactionTemplate transactions;

	SystemAccess(PlatformTransactionManager transactionManager) {
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	<T> T call(Supplier<T> work) {
		Boolean previous = ACTIVE.get();
		ACTIVE.set(Boolean.TRUE);
		try {
			return transactions.execute(status -> work.get());
		}
		finally {
			if (previous == null) {
				ACTIVE.remove();
			}
		}
	}

	void run(Runnable work) {
		call(() -> {
			work.run();
			return null;
		});
	}

	static boolean active() {
		return Boolean.TRUE.equals(ACTIVE.get());
	}
}
