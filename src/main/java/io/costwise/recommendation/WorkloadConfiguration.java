package io.costwise.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where and how a workload runs, as far as a recommendation or a what-if cares. Parts left
 * {@code null} are unknown or unchanged.
 *
 * @param gpuCount GPUs per node
 */
public record WorkloadConfiguration(@Schema(nullable = true) String provider, @Schema(nullable = true) String region,
		@Schema(nullable = true) String instanceType, @Schema(nullable = true) String purchaseOption,
		@Schema(nullable = true) String gpuModel, @Schema(nullable = true) Double gpuCount,
		@Schema(nullable = true) String precision, @Schema(nullable = true) Integer batchSize,
		@Schema(nullable = true) Integer nodes) {

	WorkloadConfiguration withBatchSize(Integer size) {
		return new WorkloadConfiguration(provider, region, instanceType, purchaseOption, gpuModel, gpuCount, precision,
				size, nodes);
	}

	WorkloadConfiguration withPrecision(String value) {
		return new WorkloadConfiguration(provider, region, instanceType, purchaseOption, gpuModel, gpuCount, value,
				batchSize, nodes);
	}

	WorkloadConfiguration withPurchaseOption(String value) {
		return new WorkloadConfiguration(provider, region, instanceType, value, gpuModel, gpuCount, precision, batchSize,
				nodes);
	}

	WorkloadConfiguration withNodes(Integer value) {
		return new WorkloadConfiguration(provider, region, instanceType, purchaseOption, gpuModel, gpuCount, precision,
				batchSize, value);
	}

	WorkloadConfiguration onInstance(String otherProvider, String otherRegion, String otherType, String otherGpu,
			Double gpus) {
		return new WorkloadConfiguration(otherProvider, otherRegion, otherType, purchaseOption, otherGpu, gpus, precision,
				batchSize, nodes);
	}
}
