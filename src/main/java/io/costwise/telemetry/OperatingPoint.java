package io.costwise.telemetry;

import java.time.LocalDate;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How one workload ran in one configuration, batch size and precision over a period: the evidence the
 * recommenders fit. Dimensions the samples did not report are {@code null}.
 *
 * @param nodeHours the sum of the sample windows (each sample is one node)
 * @param gpuHours GPU-hours where samples reported a GPU count or MIG profile
 * @param gpuUtil the mean GPU utilization (SM activity) where measured, weighted by GPU-hours
 * @param gpuIdleShare the share of GPU-hours with a utilization under 5 %
 * @param workUnits the work done (throughput × window)
 * @param throughputSeconds the node-seconds over which throughput was reported
 * @param latencyP95MsMean the mean of the reported p95 latencies
 */
public record OperatingPoint(UUID workloadId, LocalDate firstDay, LocalDate lastDay, String provider, String region,
		String instanceType, String purchaseOption, String gpuModel, Integer batchSize, String precision,
		long sampleCount, double nodeHours, double gpuHours, double storageGiBHours, double netEgressGiB, @Schema(nullable = true) Double gpuUtil,
		double gpuIdleShare, @Schema(nullable = true) Double gpuMemoryUsedGiBMax,
		@Schema(nullable = true) Double gpuMemoryTotalGiBMax, double workUnits, double throughputSeconds,
		@Schema(nullable = true) String workUnit, @Schema(nullable = true) Double latencyP95MsMean,
		@Schema(nullable = true) Double latencyP95MsMax, long oomEvents) {

	/** Work units per second on one node, where throughput was reported. */
	public Double throughputPerNode() {
		return throughputSeconds > 0 ? workUnits / throughputSeconds : null;
	}
}
