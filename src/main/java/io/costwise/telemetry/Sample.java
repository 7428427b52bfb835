package io.costwise.telemetry;

import java.time.Instant;

/**
 * What one workload used on one node over one window of time (wire format v1, DESIGN.md §4). Absent
 * values are {@code null}: unknown, never zero.
 */
record Sample(String workload, String node, Instant timestamp, double windowSeconds, String provider, String region,
		String instanceType, String purchaseOption, String gpuModel, Double gpuCount, String migProfile, Double vcpus,
		Double memoryGiB, Double cpuUtil, Double memoryUsedGiB, Double gpuUtil, Double gpuMemoryUsedGiB,
		Double gpuMemoryTotalGiB, Double netEgressGiB, Double storageGiB, Integer batchSize, String precision,
		Double throughput, String workUnit, Double latencyP95Ms, Integer oomEvents) {
}
