package io.costwise.telemetry;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How loaded one node of a workload was over a period, from the raw samples: what load balancing and
 * consolidation work from.
 *
 * @param gpuUtil mean GPU utilization, where measured
 * @param throughput mean work units per second, where reported
 * @param gpuCount the GPUs (or GPU shares) the node had
 */
public record NodeLoad(UUID workloadId, String node, long sampleCount, @Schema(nullable = true) Double gpuUtil,
		@Schema(nullable = true) Double gpuMemoryUsedGiBMax, @Schema(nullable = true) Double throughput,
		@Schema(nullable = true) Double latencyP95Ms, @Schema(nullable = true) Double gpuCount) {
}
