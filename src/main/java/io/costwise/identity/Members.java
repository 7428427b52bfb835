package io.costwise.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.ConflictException;
import io.costwise.Cursor;
import io.costwise.CursorPage;
import io.costwise.NotFoundException;
import org.springframework.data.domain.Limit;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people of the current tenant and their roles. Only an owner grants or takes away ownership, and
 * the last owner stays.
 */
@Service
public class Members {

	private final MembershipRepository memberships;

	private final UserRepository users;

	Members(MembershipRepository memberships, UserRepository users) {
		this.memberships = memberships;
		this.users = users;
	}

	@Transactional(readOnly = true)
	public CursorPage<Member> list(String cursor, int limit) {
		Cursor after = Cursor.decode(cursor);
		List<Membership> page = memberships.page(CurrentTenant.require(), after.at(), after.id(), Limit.of(limit + 1));
		Map<UUID, String> emails = users.findAllById(page.stream().map(Membership::userId).toList())
			.stream()
			.collect(Collectors.toMap(User::id, User::email));
		return CursorPage.of(page, limit, membership -> new Cursor(membership.createdAt(), membership.userId()))
			.map(membership -> new Member(membership.userId(), emails.getOrDefault(membership.userId(), ""),
					membership.role(), membership.createdAt()));
	}

	/**
	 * The addresses of those of {@code userIds} who are members of the current tenant, for naming who
	 * did something; anyone else (a former member, another tenant's user) is left out.
	 */
	@Transactional(readOnly = true)
	public Map<UUID, String> emailsOf(Collection<UUID> userIds) {
		if (userIds.isEmpty()) {
			return Map.of();
		}
		List<UUID> members = memberships.findByTenantIdAndUserIdIn(CurrentTenant.require(), Set.copyOf(userIds))
			.stream()
			.map(Membership::userId)
			.toList();
		return members.isEmpty() ? Map.of()
				: users.findAllById(members).stream().collect(Collectors.toMap(User::id, User::email));
	}

	@Transactional
	public Member changeRole(UUID userId, Role newRole) {
		Membership membership = find(userId);
		Role caller = TenantAuthentication.callerRole();
		requireOwnerForOwnership(caller, membership.role(), newRole);
		if (membership.role() == Role.OWNER && newRole != Role.OWNER) {
			requireAnotherOwner(membership);
		}
		membership.changeRole(newRole);
		return describe(membership);
	}

	@Transactional
	public void remove(UUID userId) {
		Membership membership = find(userId);
		requireOwnerForOwnership(TenantAuthentication.callerRole(), membership.role(), membership.role());
		if (membership.role() == Role.OWNER) {
			requireAnotherOwner(membership);
		}
		memberships.delete(membership);
	}

	private Membership find(UUID userId) {
		return memberships.findByTenantIdAndUserId(CurrentTenant.require(), userId)
			.orElseThrow(() -> new NotFoundException("Member"));
	}

	private Member describe(Membership membership) {
		String email = users.findById(membership.userId()).map(User::email).orElse("");
		return new Member(membership.userId(), email, membership.role(), membership.createdAt());
	}

	private static void requireOwnerForOwnership(Role caller, Role from, Role to) {
		if ((from == Role.OWNER || to == Role.OWNER) && caller != Role.OWNER) {
			throw new AccessDeniedException("Only an owner can grant or change ownership.");
		}
	}

	private void requireAnotherOwner(Membership owner) {
		if (memberships.countByTenantIdAndRole(owner.tenantId(), Role.OWNER) <= 1) {
			throw new ConflictException("An organisation keeps at least one owner; make someone else owner first.");
		}
	}
}
