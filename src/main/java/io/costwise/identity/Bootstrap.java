package io.costwise.identity;

import java.time.Clock;
import java.util.Comparator;
import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Headless provisioning: creates the owner (and API key) named by {@code COSTWISE_BOOTSTRAP_*} when
 * absent, so that a deployment can be scripted without a browser. Running it again changes nothing.
 */
@Component
class Bootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

	static final int MIN_API_KEY_LENGTH = 32;

	private final IdentityProperties.Bootstrap settings;

	private final UserRepository users;

	private final TenantRepository tenants;

	private final MembershipRepository memberships;

	private final Passwords passwords;

	private final ApiKeys apiKeys;

	private final SystemAccess system;

	private final Clock clock;

	Bootstrap(IdentityProperties properties, UserRepository users, TenantRepository tenants,
			MembershipRepository memberships, Passwords passwords, ApiKeys apiKeys, SystemAccess system, Clock clock) {
		this.settings = properties.bootstrap();
		this.users = users;
		this.tenants = tenants;
		this.memberships = memberships;
		this.passwords = passwords;
		this.apiKeys = apiKeys;
		this.system = system;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!settings.requested()) {
			return;
		}
		String apiKey = settings.apiKey();
		if (apiKey != null && !apiKey.isBlank() && apiKey.length() < MIN_API_KEY_LENGTH) {
			throw new IllegalStateException(
					"COSTWISE_BOOTSTRAP_API_KEY must be at least " + MIN_API_KEY_LENGTH + " characters long");
		}
		Membership owner = system.call(this::ownerMembership);
		if (apiKey != null && !apiKey.isBlank()) {
			apiKeys.provision(owner.tenantId(), apiKey, EnumSet.allOf(ApiKeyScope.class));
		}
	}

	private Membership ownerMembership() {
		User user = users.findByEmail(User.normalize(settings.email())).orElse(null);
		if (user == null) {
			user = users.save(new User(settings.email(), passwords.hash("COSTWISE_BOOTSTRAP_PASSWORD", settings.password()),
					clock.instant()));
			Tenant tenant = tenants.save(new Tenant(settings.organisation(), clock.instant()));
			log.info("Bootstrap: created the owner {} of the organisation '{}'", user.email(), tenant.name());
			return memberships.save(new Membership(tenant.id(), user.id(), Role.OWNER, clock.instant()));
		}
		log.info("Bootstrap: the owner {} exists already", user.email());
		return memberships.findByUserId(user.id())
			.stream()
			.filter(membership -> membership.role() == Role.OWNER)
			.min(Comparator.comparing(Membership::createdAt))
			.orElseThrow(() -> new IllegalStateException("the bootstrap account owns no organisation"));
	}
}
