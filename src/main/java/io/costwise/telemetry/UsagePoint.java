package io.costwise.telemetry;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A workload's usage over one step of a time series, from the rollups. Averages are weighted by
 * resource-time (GPU utilization by GPU-hours, CPU by vCPU-hours); {@code null} means unknown.
 *
 * @param start the step's start
 * @param throughput work units per second, averaged over the time throughput was reported
 */
public record UsagePoint(Instant start, long samples, double gpuHours, double vcpuHours, double memoryGiBHours,
		@Schema(nullable = true) Double gpuUtil, @Schema(nullable = true) Double gpuUtilMax,
		@Schema(nullable = true) Double cpuUtil, @Schema(nullable = true) Double memoryUtil,
		@Schema(nullable = true) Double memoryUsedGiBMax, @Schema(nullable = true) Double gpuMemoryUsedGiBMax,
		@Schema(nullable = true) Double throughput, double workUnits, @Schema(nullable = true) Double latencyP95MsMax,
		@Schema(nullable = true) Double latencyP95MsAvg, double netEgressGiB, long oomEvents) {
}
