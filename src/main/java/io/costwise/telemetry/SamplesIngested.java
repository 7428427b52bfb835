package io.costwise.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch of samples was stored: costing and recommendation react to it. Published after the batch
 * commits, carrying identifiers only.
 *
 * @param workloadIds the workloads the batch had samples of
 * @param from the earliest window end in the batch
 * @param to the latest window end in the batch
 */
public record SamplesIngested(UUID tenantId, UUID batchId, List<UUID> workloadIds, Instant from, Instant to) {
}
