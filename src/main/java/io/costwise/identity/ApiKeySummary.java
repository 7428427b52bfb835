package io.costwise.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An API key as listed: never its secret, only the prefix that identifies it.
 */
public record ApiKeySummary(UUID id, String name, String prefix, Set<ApiKeyScope> scopes, Instant createdAt,
		@Schema(nullable = true) Instant lastUsedAt, @Schema(nullable = true) Instant revokedAt) {

	static ApiKeySummary of(ApiKey key) {
		return new ApiKeySummary(key.id(), key.name(), key.prefix(), key.scopes(), key.createdAt(), key.lastUsedAt(),
				key.revokedAt());
	}
}
