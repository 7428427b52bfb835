package io.costwise.telemetry;

import java.util.UUID;

/**
 * The answer to an accepted batch; a retry with the same {@code Idempotency-Key} gets this same answer.
 *
 * @param accepted samples in the batch
 * @param stored samples newly stored
 * @param duplicates samples that were stored already (same workload, node and timestamp)
 * @param workloadsCreated workloads first seen in this batch
 */
public record IngestReceipt(UUID batchId, int accepted, int stored, int duplicates, int workloadsCreated) {
}
