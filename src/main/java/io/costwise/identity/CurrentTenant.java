package io.costwise.identity;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant the current work belongs to: the authenticated caller's, never one named in a request.
 * Work outside a request (event listeners, schedulers) names its tenant explicitly with
 * {@link #callAs(UUID, Supplier)}, taking it from the event or job that carries it.
 */
public final class CurrentTenant {

	private static final ThreadLocal<UUID> ASSUMED = new ThreadLocal<>();

	private CurrentTenant() {
	}

	public static Optional<UUID> id() {
		UUID assumed = ASSUMED.get();
		return assumed != null ? Optional.of(assumed) : TenantAuthentication.current().map(TenantAuthentication::tenantId);
	}

	/**
	 * @throws IllegalStateException where no tenant is known, which is a programming error
	 */
	public static UUID require() {
		return id().orElseThrow(() -> new IllegalStateException("no current tenant"));
	}

	public static <T> T callAs(UUID tenantId, Supplier<T> work) {
		UUID previous = ASSUMED.get();
		ASSUMED.set(tenantId);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				ASSUMED.remove();
			}
			else {
				ASSUMED.set(previous);
			}
		}
	}

	/** Who is acting, for audit trails: a user id, an API key, or {@code system} for background work. */
	public static String actor() {
		return ASSUMED.get() != null ? "system"
				: TenantAuthentication.current().map(TenantAuthentication::getName).orElse("system");
	}

	/** The signed-in person's e-mail address; empty for machines and background work. */
	public static Optional<String> email() {
		return ASSUMED.get() != null ? Optional.empty()
				: TenantAuthentication.current()
					.filter(TenantAuthentication.Member.class::isInstance)
					.map(authentication -> (String) authentication.getPrincipal());
	}

	/** Whether the caller may administer the tenant (OWNER, ADMIN, or an API key with {@code admin}). */
	public static boolean isAdmin() {
		return TenantAuthentication.current()
			.map(authentication -> authentication.getAuthorities()
				.stream()
				.anyMatch(authority -> Permission.ADMIN.equals(authority.getAuthority())))
			.orElse(false);
	}

	static Optional<UUID> userId() {
		return ASSUMED.get() != null ? Optional.empty() : TenantAuthentication.current().flatMap(TenantAuthentication::userId);
	}
}
