package io.costwise.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * The organisation a fresh installation was provisioned with.
 *
 * @param createdAt when it was created; work derived from it (such as demo data) stays the same on every start
 */
public record FirstOrganisation(UUID tenantId, Instant createdAt) {
}
