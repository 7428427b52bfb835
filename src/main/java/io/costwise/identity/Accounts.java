package io.costwise.identity;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.ConflictException;
import io.costwise.InvalidFieldsException;
import io.costwise.NotFoundException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Sign-up, sign-in, the signed-in person's profile and their tenants.
 */
@Service
public class Accounts {

	private final UserRepository users;

	private final TenantRepository tenants;

	private final MembershipRepository memberships;

	private final Passwords passwords;

	private final SignInThrottle throttle;

	private final SystemAccess system;

	private final Clock clock;

	Accounts(UserRepository users, TenantRepository tenants, MembershipRepository memberships, Passwords passwords,
			SignInThrottle throttle, SystemAccess system, Clock clock) {
		this.users = users;
		this.tenants = tenants;
		this.memberships = memberships;
		this.passwords = passwords;
		this.throttle = throttle;
		this.system = system;
		this.clock = clock;
	}

	/**
	 * Creates an organisation and its first owner.
	 * @throws ConflictException when the address already has an account
	 */
	public SignedIn signUp(String organisationName, String email, String password) {
		String passwordHash = passwords.hash("/password", password);
		try {
			return system.call(() -> {
				if (users.findByEmail(User.normalize(email)).isPresent()) {
					throw emailTaken();
				}
				User user = users.save(new User(email, passwordHash, clock.instant()));
				return new SignedIn(createTenantOwnedBy(user, organisationName));
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw emailTaken();
		}
	}

	/**
	 * The organisation of a fresh installation, such as the local demo's: created with its owner only
	 * while no organisation exists at all, and found again on later starts through that owner.
	 * @return empty where the installation is in use without that owner
	 */
	public Optional<FirstOrganisation> firstOrganisation(String organisationName, String email, String password) {
		try {
			return system.call(() -> {
				Optional<User> owner = users.findByEmail(User.normalize(email));
				if (owner.isPresent()) {
					return ownedOrganisation(owner.get());
				}
				if (tenants.count() > 0) {
					return Optional.empty();
				}
				User user = users.save(new User(email, passwords.hash("/password", password), clock.instant()));
				Tenant tenant = tenants.save(new Tenant(organisationName.strip(), clock.instant()));
				memberships.save(new Membership(tenant.id(), user.id(), Role.OWNER, clock.instant()));
				return Optional.of(new FirstOrganisation(tenant.id(), tenant.createdAt()));
			});
		}
		catch (DataIntegrityViolationException ex) {
			// Another instance started on the same empty database and created it first.
			return system.call(() -> users.findByEmail(User.normalize(email)).flatMap(this::ownedOrganisation));
		}
	}

	private Optional<FirstOrganisation> ownedOrganisation(User user) {
		return memberships.findByUserId(user.id())
			.stream()
			.filter(membership -> membership.role() == Role.OWNER)
			.min(Comparator.comparing(Membership::createdAt))
			.flatMap(membership -> tenants.findById(membership.tenantId()))
			.map(tenant -> new FirstOrganisation(tenant.id(), tenant.createdAt()));
	}

	/**
	 * @throws SignInThrottledException after too many failures for the address or the client
	 */
	public SignedIn signIn(String email, String password, String clientAddress) {
		throttle.check(email, clientAddress);
		User user = system.call(() -> users.findByEmail(User.normalize(email == null ? "" : email)).orElse(null));
		if (user == null) {
			passwords.matchDecoy(password);
		}
		if (user == null || !passwords.matches(password, user.passwordHash())) {
			throttle.failed(email, clientAddress);
			throw badCredentials();
		}
		throttle.succeeded(email);
		Membership home = system.call(() -> memberships.findByUserId(user.id())
			.stream()
			.min(Comparator.comparing(Membership::createdAt))
			.orElse(null));
		if (home == null) {
			throw new ErrorResponseException(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
					"This account is no longer a member of any organisation."), null);
		}
		return new SignedIn(new TenantAuthentication.Member(user.id(), user.email(), home.tenantId(), home.role()));
	}

	/**
	 * Checks a person's password where proving identity is the whole point (accepting an invitation).
	 */
	SignedIn verify(User user, String password, UUID tenantId, Role role, String clientAddress) {
		throttle.check(user.email(), clientAddress);
		if (!passwords.matches(password, user.passwordHash())) {
			throttle.failed(user.email(), clientAddress);
			throw badCredentials();
		}
		throttle.succeeded(user.email());
		return new SignedIn(new TenantAuthentication.Member(user.id(), user.email(), tenantId, role));
	}

	@Transactional(readOnly = true)
	public Me me() {
		TenantAuthentication.Member member = TenantAuthentication.currentMember();
		List<Membership> own = memberships.findByUserId(member.user());
		Map<UUID, String> names = tenants.findAllById(own.stream().map(Membership::tenantId).toList())
			.stream()
			.collect(Collectors.toMap(Tenant::id, Tenant::name));
		List<TenantSummary> summaries = own.stream()
			.sorted(Comparator.comparing(Membership::createdAt))
			.map(membership -> new TenantSummary(membership.tenantId(), names.getOrDefault(membership.tenantId(), ""),
					membership.role()))
			.toList();
		TenantSummary current = summaries.stream()
			.filter(summary -> summary.id().equals(member.tenantId()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("the session's tenant is not among the member's"));
		return new Me(member.user(), member.email(), current, summaries);
	}

	/**
	 * @throws NotFoundException when the person is no member of that tenant
	 */
	public SignedIn switchTo(UUID tenantId) {
		TenantAuthentication.Member member = TenantAuthentication.currentMember();
		Membership there = system.call(() -> memberships.findByTenantIdAndUserId(tenantId, member.user()))
			.orElseThrow(() -> new NotFoundException("Organisation"));
		return new SignedIn(member.inTenant(tenantId, there.role()));
	}

	/** A further organisation owned by the signed-in person, who stays in the current one until switching. */
	public TenantSummary createTenant(String name) {
		TenantAuthentication.Member member = TenantAuthentication.currentMember();
		return system.call(() -> {
			User user = users.findById(member.user()).orElseThrow(() -> new NotFoundException("Account"));
			UUID tenantId = createTenantOwnedBy(user, name).tenantId();
			return new TenantSummary(tenantId, name.strip(), Role.OWNER);
		});
	}

	public void changePassword(String currentPassword, String newPassword) {
		TenantAuthentication.Member member = TenantAuthentication.currentMember();
		String newHash = passwords.hash("/newPassword", newPassword);
		system.run(() -> {
			User user = users.findById(member.user()).orElseThrow(() -> new NotFoundException("Account"));
			if (!passwords.matches(currentPassword, user.passwordHash())) {
				throw InvalidFieldsException.field("/currentPassword", "does not match the current password");
			}
			user.changePassword(newHash, clock.instant());
		});
	}

	private TenantAuthentication.Member createTenantOwnedBy(User user, String organisationName) {
		Tenant tenant = tenants.save(new Tenant(organisationName.strip(), clock.instant()));
		memberships.save(new Membership(tenant.id(), user.id(), Role.OWNER, clock.instant()));
		return new TenantAuthentication.Member(user.id(), user.email(), tenant.id(), Role.OWNER);
	}

	static ErrorResponseException badCredentials() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"The e-mail address or the password is wrong.");
		return new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
	}

	private static ConflictException emailTaken() {
		return new ConflictException("/email", "already has an account; sign in and create the organisation from there");
	}
}
