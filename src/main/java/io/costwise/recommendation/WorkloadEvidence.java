package io.costwise.recommendation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.costwise.pricing.GpuModel;
import io.costwise.pricing.PriceBook;
import io.costwise.telemetry.NodeLoad;
import io.costwise.telemetry.OperatingPoint;
import io.costwise.telemetry.WorkloadKind;
import io.costwise.telemetry.WorkloadReference;

/**
 * Everything the recommenders know about one workload in one run.
 *
 * @param monthlyCost the billed cost of the last 30 days: the run rate savings are measured against
 * @param points how it ran, per configuration, batch size and precision
 * @param nodes per-node load from the last days' raw samples (multi-node workloads only)
 */
record WorkloadEvidence(WorkloadReference workload, BigDecimal monthlyCost, List<OperatingPoint> points,
		List<NodeLoad> nodes, PriceBook prices, LocalDate from, LocalDate to, RecommendationProperties settings) {

	/** Where most GPU-hours (or node-hours) went: the configuration the workload runs in now. */
	OperatingPoint dominant() {
		return points.stream()
			.max(Comparator.comparingDouble((OperatingPoint point) -> point.gpuHours() + point.nodeHours() * 1e-6)
				.thenComparing(OperatingPoint::lastDay))
			.orElseThrow();
	}

	/** The points of the dominant configuration's GPU model and instance, at any batch size or precision. */
	List<OperatingPoint> sameMachine() {
		OperatingPoint dominant = dominant();
		return points.stream()
			.filter(point -> Objects.equals(point.gpuModel(), dominant.gpuModel())
					&& Objects.equals(point.instanceType(), dominant.instanceType()))
			.toList();
	}

	GpuModel gpu() {
		return prices.catalog().gpuModel(dominant().gpuModel()).orElse(null);
	}

	boolean inference() {
		return workload.kind() == WorkloadKind.INFERENCE;
	}

	boolean training() {
		return workload.kind() == WorkloadKind.TRAINING;
	}

	long sampleCount() {
		return points.stream().mapToLong(OperatingPoint::sampleCount).sum();
	}

	int lookbackDays() {
		return (int) (to.toEpochDay() - from.toEpochDay());
	}

	/** GPUs per node in the dominant configuration, from GPU-hours over node-hours. */
	double gpusPerNode() {
		OperatingPoint dominant = dominant();
		return dominant.nodeHours() > 0 ? dominant.gpuHours() / dominant.nodeHours() : 0;
	}

	WorkloadConfiguration currentConfiguration() {
		OperatingPoint dominant = dominant();
		return new WorkloadConfiguration(dominant.provider(), dominant.region(), dominant.instanceType(),
				dominant.purchaseOption() == null ? "ON_DEMAND" : dominant.purchaseOption(), dominant.gpuModel(),
				gpusPerNode() > 0 ? round(gpusPerNode()) : null, dominant.precision(), dominant.batchSize(),
				nodes.isEmpty() ? null : nodes.size());
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}
}
