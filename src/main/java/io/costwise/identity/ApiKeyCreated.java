package io.costwise.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A new API key with its secret, which is shown this once and never again.
 */
public record ApiKeyCreated(UUID id, String name, String prefix, Set<ApiKeyScope> scopes, Instant createdAt,
		String key) {
}
