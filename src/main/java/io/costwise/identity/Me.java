package io.costwise.identity;

import java.util.List;
import java.util.UUID;

/**
 * The signed-in person, the tenant they act in, and every tenant they may switch to.
 */
public record Me(UUID userId, String email, TenantSummary currentTenant, List<TenantSummary> tenants) {
}
