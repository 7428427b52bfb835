package io.costwise.identity;

import java.util.UUID;

/** A tenant as one of its members sees it, with that member's role. */
public record TenantSummary(UUID id, String name, Role role) {
}
