package io.costwise.telemetry;

import java.util.UUID;

/**
 * A workload was deleted with its telemetry; modules that keep data derived from it delete theirs
 * in the same transaction.
 */
public record WorkloadDeleted(UUID tenantId, UUID workloadId) {
}
