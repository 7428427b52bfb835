package io.costwise.identity;

import java.io.Serial;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Whoever calls, always bound to exactly one tenant: the only source of the current tenant.
 */
abstract sealed class TenantAuthentication extends AbstractAuthenticationToken
		permits TenantAuthentication.Member, TenantAuthentication.Machine {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID tenantId;

	TenantAuthentication(UUID tenantId, Collection<String> permissions) {
		super(permissions.stream().map(SimpleGrantedAuthority::new).toList());
		this.tenantId = tenantId;
		setAuthenticated(true);
	}

	UUID tenantId() {
		return tenantId;
	}

	abstract Optional<UUID> userId();

	@Override
	public Object getCredentials() {
		return "";
	}

	/** A person signed in with a session cookie, acting in one of their tenants. */
	static final class Member extends TenantAuthentication {

		@Serial
		private static final long serialVersionUID = 1L;

		private final UUID userId;

		private final String email;

		private final Role role;

		Member(UUID userId, String email, UUID tenantId, Role role) {
			super(tenantId, Stream.concat(role.permissions().stream(), Stream.of("person", "ROLE_" + role)).toList());
			this.userId = userId;
			this.email = email;
			this.role = role;
		}

		@Override
		Optional<UUID> userId() {
			return Optional.of(userId);
		}

		UUID user() {
			return userId;
		}

		String email() {
			return email;
		}

		Role role() {
			return role;
		}

		Member withRole(Role newRole) {
			return new Member(userId, email, tenantId(), newRole);
		}

		Member inTenant(UUID otherTenant, Role roleThere) {
			return new Member(userId, email, otherTenant, roleThere);
		}

		@Override
		public Object getPrincipal() {
			return email;
		}

		@Override
		public String getName() {
			return userId.toString();
		}
	}

	/** A machine holding an API key. */
	static final class Machine extends TenantAuthentication {

		@Serial
		private static final long serialVersionUID = 1L;

		private final UUID apiKeyId;

		Machine(UUID apiKeyId, UUID tenantId, Set<ApiKeyScope> scopes) {
			super(tenantId, scopes.stream().flatMap(scope -> scope.permissions().stream()).distinct().toList());
			this.apiKeyId = apiKeyId;
		}

		@Override
		Optional<UUID> userId() {
			return Optional.empty();
		}

		@Override
		public Object getPrincipal() {
			return apiKeyId;
		}

		@Override
		public String getName() {
			return "api-key:" + apiKeyId;
		}
	}

	static Optional<TenantAuthentication> current() {
		var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
			.getAuthentication();
		return authentication instanceof TenantAuthentication tenantAuthentication
				? Optional.of(tenantAuthentication) : Optional.empty();
	}

	static Member currentMember() {
		return current().filter(Member.class::isInstance)
			.map(Member.class::cast)
			.orElseThrow(() -> new IllegalStateException("no person is signed in"));
	}

	/**
	 * The role whose rules apply to the caller: a machine that got this far holds the {@code admin}
	 * scope, which acts as an ADMIN and never as an OWNER.
	 */
	static Role callerRole() {
		return current().map(caller -> caller instanceof Member member ? member.role() : Role.ADMIN)
			.orElseThrow(() -> new IllegalStateException("nobody is authenticated"));
	}

	Collection<String> permissions() {
		return getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}
}
