package io.costwise.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.costwise.Cursor;
import io.costwise.CursorPage;
import io.costwise.NotFoundException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys for machines. A key reads {@code cw_<8 hex>_<43 random characters>}; the first part is
 * its visible prefix, and only a hash of the whole key is stored.
 */
@Service
public class ApiKeys {

	static final String KEY_PREFIX = "cw_";

	private final ApiKeyRepository keys;

	private final SystemAccess system;

	private final Clock clock;

	ApiKeys(ApiKeyRepository keys, SystemAccess system, Clock clock) {
		this.keys = keys;
		this.system = system;
		this.clock = clock;
	}

	@Transactional
	public ApiKeyCreated create(String name, Set<ApiKeyScope> scopes) {
		String prefix = KEY_PREFIX + Secrets.randomHex(4);
		String secret = prefix + "_" + Secrets.randomToken(32);
		ApiKey key = keys.save(new ApiKey(CurrentTenant.require(), name.strip(), prefix, Secrets.sha256(secret), scopes,
				CurrentTenant.userId().orElse(null), clock.instant()));
		return new ApiKeyCreated(key.id(), key.name(), key.prefix(), key.scopes(), key.createdAt(), secret);
	}

	@Transactional(readOnly = true)
	public CursorPage<ApiKeySummary> list(String cursor, int limit) {
		Cursor after = Cursor.decode(cursor);
		List<ApiKey> page = keys.page(CurrentTenant.require(), after.at(), after.id(), Limit.of(limit + 1));
		return CursorPage.of(page, limit, key -> new Cursor(key.createdAt(), key.id())).map(ApiKeySummary::of);
	}

	/** Revokes a key for good; revoking it again changes nothing. */
	@Transactional
	public void revoke(UUID keyId) {
		keys.findByTenantIdAndId(CurrentTenant.require(), keyId)
			.orElseThrow(() -> new NotFoundException("API key"))
			.revoke(clock.instant());
	}

	/** The machine a presented key stands for, unless the key is unknown or revoked. */
	Optional<TenantAuthentication.Machine> authenticate(String presented) {
		return system.call(() -> keys.findByKeyHash(Secrets.sha256(presented)).filter(key -> !key.revoked()).map(key -> {
			key.markUsed(clock.instant());
			return new TenantAuthentication.Machine(key.id(), key.tenantId(), key.scopes());
		}));
	}

	/** Stores a key chosen by the operator (headless provisioning) unless it is stored already. */
	void provision(UUID tenantId, String secret, Set<ApiKeyScope> scopes) {
		String hash = Secrets.sha256(secret);
		system.run(() -> {
			if (keys.findByKeyHash(hash).isEmpty()) {
				String prefix = secret.substring(0, Math.min(secret.length(), 11));
				keys.save(new ApiKey(tenantId, "bootstrap", prefix, hash, scopes, null, clock.instant()));
			}
		});
	}
}
