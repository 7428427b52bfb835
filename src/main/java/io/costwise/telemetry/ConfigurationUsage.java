package io.costwise.telemetry;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What one workload used on one day in one configuration: the input of the cost model. Dimensions a
 * sample did not report are {@code null}.
 *
 * @param nodeHours the sum of all sample windows, each sample being one node
 * @param storageGiBHours storage held, in GiB-hours
 * @param workUnits the work done (throughput × window)
 * @param workUnit what the work units count, {@code null} where no sample said
 */
public record ConfigurationUsage(UUID workloadId, LocalDate day, String provider, String region, String instanceType,
		String purchaseOption, String gpuModel, long sampleCount, double nodeHours, ResourceUsage gpu,
		ResourceUsage cpu, ResourceUsage memory, double storageGiBHours, double netEgressGiB, double workUnits,
		String workUnit) {

	/**
	 * One resource's usage and how much of it had a measured utilization.
	 *
	 * @param quantityHours GPU-hours, vCPU-hours or GiB-hours where samples reported the quantity
	 * @param unreportedNodeHours node-hours of samples that did not report the quantity (the
	 * instance type's size applies to those)
	 * @param busy Σ weight × utilization over samples with a measured utilization
	 * @param measured Σ weight over samples with a measured utilization
	 * @param total Σ weight over all samples
	 */
	public record ResourceUsage(double quantityHours, double unreportedNodeHours, double busy, double measured,
			double total) {

		/** The share of the usage whose utilization was measured, 0..1. */
		public double measuredShare() {
			return total > 0 ? Math.min(1, measured / total) : 0;
		}

		/** The mean utilization of the measured share, 0..1, or 0 where nothing was measured. */
		public double measuredUtilization() {
			return measured > 0 ? Math.min(1, busy / measured) : 0;
		}
	}
}
