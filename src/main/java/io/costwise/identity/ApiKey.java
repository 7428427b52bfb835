package io.costwise.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A machine's credential. The secret is shown once at creation; only its SHA-256 hash is kept (the
 * secret is random and long, so a slow hash would add latency to every call without adding safety).
 */
@Entity
@Table(name = "api_keys")
@IdClass(TenantScopedId.class)
class ApiKey {

	@Id
	private UUID tenantId;

	@Id
	private UUID id;

	private String name;

	private String prefix;

	private String keyHash;

	@JdbcTypeCode(SqlTypes.ARRAY)
	private String[] scopes;

	private UUID createdBy;

	private Instant createdAt;

	private Instant lastUsedAt;

	private Instant revokedAt;

	protected ApiKey() {
	}

	ApiKey(UUID tenantId, String name, String prefix, String keyHash, Set<ApiKeyScope> scopes, UUID createdBy,
			Instant createdAt) {
		this.tenantId = tenantId;
		this.id = UUID.randomUUID();
		this.name = name;
		this.prefix = prefix;
		this.keyHash = keyHash;
		this.scopes = scopes.stream().map(ApiKeyScope::value).sorted().toArray(String[]::new);
		this.createdBy = createdBy;
		this.createdAt = createdAt;
	}

	UUID tenantId() {
		return tenantId;
	}

	UUID id() {
		return id;
	}

	String name() {
		return name;
	}

	String prefix() {
		return prefix;
	}

	Set<ApiKeyScope> scopes() {
		return Arrays.stream(scopes)
			.map(ApiKeyScope::find)
			.flatMap(java.util.Optional::stream)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiKeyScope.class)));
	}

	Instant createdAt() {
		return createdAt;
	}

	Instant lastUsedAt() {
		return lastUsedAt;
	}

	Instant revokedAt() {
		return revokedAt;
	}

	boolean revoked() {
		return revokedAt != null;
	}

	void revoke(Instant now) {
		if (revokedAt == null) {
			revokedAt = now;
		}
	}

	/** Records use at most once a minute, so that busy machines do not turn every call into a write. */
	boolean markUsed(Instant now) {
		if (lastUsedAt != null && Duration.between(lastUsedAt, now).toSeconds() < 60) {
			return false;
		}
		lastUsedAt = now;
		return true;
	}
}
