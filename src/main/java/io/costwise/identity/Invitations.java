package io.costwise.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.costwise.ConflictException;
import io.costwise.Cursor;
import io.costwise.CursorPage;
import io.costwise.NotFoundException;
import org.springframework.data.domain.Limit;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations to join the current tenant, sent by e-mail as a link that expires.
 */
@Service
public class Invitations {

	private final InvitationRepository invitations;

	private final MembershipRepository memberships;

	private final UserRepository users;

	private final TenantRepository tenants;

	private final InvitationMail mail;

	private final Accounts accounts;

	private final Passwords passwords;

	private final SystemAccess system;

	private final IdentityProperties properties;

	private final Clock clock;

	Invitations(InvitationRepository invitations, MembershipRepository memberships, UserRepository users,
			TenantRepository tenants, InvitationMail mail, Accounts accounts, Passwords passwords, SystemAccess system,
			IdentityProperties properties, Clock clock) {
		this.invitations = invitations;
		this.memberships = memberships;
		this.users = users;
		this.tenants = tenants;
		this.mail = mail;
		this.accounts = accounts;
		this.passwords = passwords;
		this.system = system;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Invites an address, replacing an earlier invitation to it. The e-mail is sent before the
	 * invitation is committed: an invitation nobody received is not kept.
	 */
	@Transactional
	public PendingInvitation invite(String email, Role role) {
		if (role == Role.OWNER && TenantAuthentication.callerRole() != Role.OWNER) {
			throw new AccessDeniedException("Only an owner can invite an owner.");
		}
		UUID tenantId = CurrentTenant.require();
		String address = User.normalize(email);
		if (alreadyMember(tenantId, address)) {
			throw new ConflictException("/email", "is already a member of this organisation");
		}
		invitations.deleteAll(invitations.findByTenantIdAndEmail(tenantId, address));
		String token = Secrets.randomToken(32);
		Instant now = clock.instant();
		UUID invitedBy = CurrentTenant.userId().orElse(null);
		Invitation invitation = invitations.save(new Invitation(tenantId, address, role, Secrets.sha256(token), invitedBy,
				now, now.plus(properties.invitationValidity())));
		String organisation = tenants.findById(tenantId).map(Tenant::name).orElse("");
		mail.send(invitation, organisation, token);
		return PendingInvitation.of(invitation);
	}

	@Transactional(readOnly = true)
	public CursorPage<PendingInvitation> list(String cursor, int limit) {
		Cursor after = Cursor.decode(cursor);
		List<Invitation> page = invitations.page(CurrentTenant.require(), clock.instant(), after.at(), after.id(),
				Limit.of(limit + 1));
		return CursorPage.of(page, limit, invitation -> new Cursor(invitation.createdAt(), invitation.id()))
			.map(PendingInvitation::of);
	}

	@Transactional
	public void revoke(UUID invitationId) {
		Invitation invitation = invitations.findByTenantIdAndId(CurrentTenant.require(), invitationId)
			.orElseThrow(() -> new NotFoundException("Invitation"));
		invitations.delete(invitation);
	}

	public InvitationPreview preview(String token) {
		return system.call(() -> {
			Invitation invitation = open(token);
			String organisation = tenants.findById(invitation.tenantId()).map(Tenant::name).orElse("");
			boolean accountExists = users.findByEmail(invitation.email()).isPresent();
			return new InvitationPreview(organisation, invitation.email(), invitation.role(), invitation.expiresAt(),
					accountExists);
		});
	}

	/**
	 * Joins the invitation's tenant: as the signed-in person if there is one (who must own the invited
	 * address), else with the password of the invited address's account, else by creating that account.
	 */
	public SignedIn accept(String token, String password, String clientAddress) {
		TenantAuthentication.Member signedIn = TenantAuthentication.current()
			.filter(TenantAuthentication.Member.class::isInstance)
			.map(TenantAuthentication.Member.class::cast)
			.orElse(null);
		Invitation invitation = system.call(() -> open(token));
		if (signedIn != null && !signedIn.email().equals(invitation.email())) {
			throw new ConflictException("This invitation is for another e-mail address; sign out and open the link again.");
		}
		User existing = system.call(() -> users.findByEmail(invitation.email()).orElse(null));
		SignedIn joined;
		if (signedIn != null) {
			joined = new SignedIn(signedIn.inTenant(invitation.tenantId(), invitation.role()));
		}
		else if (existing != null) {
			joined = accounts.verify(existing, password, invitation.tenantId(), invitation.role(), clientAddress);
		}
		else {
			String passwordHash = passwords.hash("/password", password);
			User created = system.call(() -> users.save(new User(invitation.email(), passwordHash, clock.instant())));
			joined = new SignedIn(new TenantAuthentication.Member(created.id(), created.email(), invitation.tenantId(),
					invitation.role()));
		}
		return system.call(() -> join(invitation, joined));
	}

	private SignedIn join(Invitation invitation, SignedIn joined) {
		UUID userId = joined.member().user();
		Membership membership = memberships.findByTenantIdAndUserId(invitation.tenantId(), userId)
			.orElseGet(() -> memberships
				.save(new Membership(invitation.tenantId(), userId, invitation.role(), clock.instant())));
		invitations.deleteById(new TenantScopedId(invitation.tenantId(), invitation.id()));
		return new SignedIn(joined.member().inTenant(invitation.tenantId(), membership.role()));
	}

	private Invitation open(String token) {
		return invitations.findByTokenHash(Secrets.sha256(token == null ? "" : token))
			.filter(invitation -> !invitation.expiredAt(clock.instant()))
			.orElseThrow(() -> new NotFoundException("Invitation (or it has expired)"));
	}

	private boolean alreadyMember(UUID tenantId, String address) {
		return users.findByEmail(address)
			.flatMap(user -> memberships.findByTenantIdAndUserId(tenantId, user.id()))
			.isPresent();
	}
}
