package io.costwise.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * What a caller may do in its tenant, granted by a member's role or an API key's scopes. Endpoints
 * declare what they need with one of the nested annotations.
 */
public final class Permission {

	public static final String READ = "read";

	public static final String WRITE = "write";

	public static final String TELEMETRY_WRITE = "telemetry:write";

	public static final String ADMIN = "admin";

	private Permission() {
	}

	/** Reading the tenant's data: every role, and API keys with {@code read}. */
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@PreAuthorize("hasAuthority('read')")
	public @interface Read {
	}

	/** Changing the tenant's data: MEMBER and above, and API keys with {@code admin}. */
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@PreAuthorize("hasAuthority('write')")
	public @interface Write {
	}

	/** Sending telemetry: MEMBER and above, and API keys with {@code telemetry:write}. */
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@PreAuthorize("hasAuthority('telemetry:write')")
	public @interface WriteTelemetry {
	}

	/** Managing members, invitations and API keys: OWNER and ADMIN, and API keys with {@code admin}. */
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@PreAuthorize("hasAuthority('admin')")
	public @interface Admin {
	}

	/** A person signed in with a session, whatever the role; API keys have no profile. */
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@PreAuthorize("hasAuthority('person')")
	public @interface Person {
	}
}
