package io.costwise.demo;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One sample as a client sends it: the wire format v1 (DESIGN.md §4), absent fields left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DemoSample(String workload, String node, String timestamp, double windowSeconds, String provider, String region,
		String instanceType, String purchaseOption, String gpuModel, Double gpuCount, Double vcpus, Double memoryGiB,
		Double cpuUtil, Double memoryUsedGiB, Double gpuUtil, Double gpuMemoryUsedGiB, Double gpuMemoryTotalGiB,
		Double netEgressGiB, Double storageGiB, Integer batchSize, String precision, Double throughput, String workUnit,
		Double latencyP95Ms, Integer oomEvents) {
}
