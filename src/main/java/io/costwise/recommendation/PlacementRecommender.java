package io.costwise.recommendation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.costwise.pricing.GpuModel;
import io.costwise.pricing.InstanceType;
import io.costwise.pricing.PriceQuote;
import io.costwise.pricing.PricedConfiguration;
import io.costwise.pricing.Resource;
import io.costwise.recommendation.Confidence.Level;
import io.costwise.telemetry.OperatingPoint;
import org.springframework.stereotype.Component;

/**
 * Where a workload should run (DESIGN §6): the instance type with the lowest cost per work unit
 * (price per GPU-hour over relative speed at its precision, memory with headroom), spot for
 * interruptible work, a cheaper allowed region counting the data that must move, and GPUs that sit
 * idle released.
 */
@Component
class PlacementRecommender implements Recommender {

	/** Measured peak GPU memory times this must fit the target GPU. */
	static final double MEMORY_HEADROOM = 1.2;

	/** Idle means under 5 % utilization; a GPU idle this share of the time should be released. */
	static final double IDLE_SHARE = 0.8;

	/** Moving the data to a new region is paid back over this many months. */
	static final int DATA_MOVE_PAYBACK_MONTHS = 6;

	@Override
	public List<Candidate> recommend(WorkloadEvidence evidence) {
		OperatingPoint current = evidence.dominant();
		List<Candidate> candidates = new ArrayList<>();
		idle(evidence, current).ifPresent(candidates::add);
		Optional<InstanceType> instance = evidence.prices()
			.catalog()
			.instanceType(current.provider(), current.region(), current.instanceType());
		if (instance.isEmpty() || evidence.monthlyCost().signum() == 0) {
			return candidates;
		}
		gpuType(evidence, current, instance.get()).ifPresent(candidates::add);
		spot(evidence, current, instance.get()).ifPresent(candidates::add);
		region(evidence, current, instance.get()).ifPresent(candidates::add);
		return candidates;
	}

	private Optional<Candidate> idle(WorkloadEvidence evidence, OperatingPoint current) {
		double idleShare = evidence.points().stream().mapToDouble(p -> p.gpuIdleShare() * p.gpuHours()).sum()
				/ Math.max(1e-9, evidence.points().stream().mapToDouble(OperatingPoint::gpuHours).sum());
		if (current.gpuHours() < 24 || idleShare < IDLE_SHARE) {
			return Optional.empty();
		}
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("idleShare", BatchSizeRecommender.round(idleShare));
		shown.put("gpuUtil", current.gpuUtil());
		shown.put("gpuHours", BatchSizeRecommender.round(current.gpuHours()));
		return Optional.of(new Candidate(RecommendationType.IDLE_GPU, "Release idle GPUs",
				"The GPUs were under 5 %% utilization for %.0f %% of %.0f GPU-hours in the last %d days (mean %.1f %%). Release them, "
					.formatted(100 * idleShare, current.gpuHours(), evidence.lookbackDays(),
							100 * (current.gpuUtil() == null ? 0 : current.gpuUtil()))
						+ "or scale the deployment to zero when idle.",
				List.of("If the workload serves rare but urgent traffic, scale to zero with a cold-start budget instead of deleting it."),
				List.of("Savings are the idle share of the last 30 days' cost."), evidence.currentConfiguration(),
				evidence.currentConfiguration().withNodes(0), shown,
				new Confidence(evidence.sampleCount() >= 100 ? Level.HIGH : Level.MEDIUM, evidence.sampleCount(),
						evidence.lookbackDays(), null, true),
				null, evidence.monthlyCost(), Candidate.scaled(evidence.monthlyCost(), 1 - idleShare)));
	}

	/** The instance type in the same region with the lowest cost per work unit. */
	private Optional<Candidate> gpuType(WorkloadEvidence evidence, OperatingPoint current, InstanceType instance) {
		GpuModel gpu = evidence.gpu();
		if (gpu == null || instance.gpuCount() <= 0) {
			return Optional.empty();
		}
		double perGpuMemory = current.gpuMemoryUsedGiBMax() == null ? gpu.memoryGiB() * 0.8 : current.gpuMemoryUsedGiBMax();
		double f = PerformanceModel.computeShare(current.gpuUtil(), evidence.inference(), current.batchSize());
		BigDecimal currentPerGpu = hourly(evidence, instance, current.purchaseOption())
			.divide(BigDecimal.valueOf(instance.gpuCount()), 10, RoundingMode.HALF_EVEN);
		record Option(InstanceType type, GpuModel gpu, double speed, double costRatio) {
		}
		Optional<Option> best = evidence.prices()
			.catalog()
			.instanceTypes(instance.provider(), instance.region(), null)
			.stream()
			.filter(type -> type.gpuModel() != null && !type.name().equals(instance.name()))
			.filter(type -> evidence.training() ? type.gpuCount() >= instance.gpuCount() : true)
			.map(type -> {
				GpuModel target = evidence.prices().catalog().gpuModel(type.gpuModel()).orElse(null);
				if (target == null || target.memoryGiB() < perGpuMemory * MEMORY_HEADROOM) {
					return null;
				}
				Double speed = PerformanceModel.relativeSpeed(gpu, target, current.precision(), f);
				if (speed == null || speed <= 0) {
					return null;
				}
				BigDecimal perGpu = hourly(evidence, type, current.purchaseOption())
					.divide(BigDecimal.valueOf(type.gpuCount()), 10, RoundingMode.HALF_EVEN);
				return new Option(type, target, speed, perGpu.doubleValue() / speed / currentPerGpu.doubleValue());
			})
			.filter(java.util.Objects::nonNull)
			.min(Comparator.comparingDouble(Option::costRatio));
		if (best.isEmpty() || best.get().costRatio() > 0.95) {
			return Optional.empty();
		}
		Option option = best.get();
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("currentPerGpuHourUsd", currentPerGpu);
		shown.put("proposedPerGpuHourUsd", hourly(evidence, option.type(), current.purchaseOption())
			.divide(BigDecimal.valueOf(option.type().gpuCount()), 6, RoundingMode.HALF_EVEN));
		shown.put("relativeSpeed", BatchSizeRecommender.round(option.speed()));
		shown.put("costPerWorkUnitRatio", BatchSizeRecommender.round(option.costRatio()));
		shown.put("peakGpuMemoryUsedGiB", perGpuMemory);
		shown.put("proposedGpuMemoryGiB", option.gpu().memoryGiB());
		return Optional.of(new Candidate(RecommendationType.GPU_TYPE,
				"Move to %s (%s) for %.0f %% lower cost per unit of work".formatted(option.type().name(), option.gpu().model(),
						100 * (1 - option.costRatio())),
				("Ranked by cost per work unit, not price per hour: one %s runs this workload at ×%.2f the speed of one %s "
						+ "(dense %s peak and memory bandwidth, weighted by the compute-bound share f = %.2f), and a GPU-hour costs "
						+ "$%.3f instead of $%.3f. Peak GPU memory of %.1f GiB fits its %.0f GiB with %.0f %% headroom.")
					.formatted(option.gpu().model(), option.speed(), gpu.model(), current.precision() == null ? "FP32" : current.precision(),
							f, shown.get("proposedPerGpuHourUsd"), currentPerGpu, perGpuMemory, option.gpu().memoryGiB(),
							100 * (MEMORY_HEADROOM - 1)),
				List.of("Relative speed is modelled from the data sheets; benchmark a short run before moving production.",
						"A different GPU may need different kernels or drivers; check framework support."),
				List.of("The same work is spread over as many GPUs as it needs at the new speed."),
				evidence.currentConfiguration(),
				evidence.currentConfiguration().onInstance(option.type().provider(), option.type().region(), option.type().name(),
						option.gpu().model(), option.type().gpuCount()),
				shown, new Confidence(current.gpuUtil() != null ? Level.MEDIUM : Level.LOW, evidence.sampleCount(),
						evidence.lookbackDays(), null, false),
				BatchSizeRecommender.round(option.speed()), evidence.monthlyCost(),
				Candidate.scaled(evidence.monthlyCost(), option.costRatio())));
	}

	private Optional<Candidate> spot(WorkloadEvidence evidence, OperatingPoint current, InstanceType instance) {
		boolean onDemand = current.purchaseOption() == null || "ON_DEMAND".equals(current.purchaseOption());
		if (!evidence.workload().interruptible() || !onDemand || instance.spotHourlyUsd() == null) {
			return Optional.empty();
		}
		double overhead = evidence.settings().spotInterruptionOverhead();
		BigDecimal onDemandPrice = hourly(evidence, instance, "ON_DEMAND");
		BigDecimal spotPrice = hourly(evidence, instance, "SPOT");
		double ratio = spotPrice.doubleValue() * (1 + overhead) / onDemandPrice.doubleValue();
		if (ratio > 0.95) {
			return Optional.empty();
		}
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("onDemandHourlyUsd", onDemandPrice);
		shown.put("spotHourlyUsd", spotPrice);
		shown.put("interruptionOverhead", overhead);
		return Optional.of(new Candidate(RecommendationType.SPOT, "Run on spot capacity",
				"The workload is marked interruptible. %s spot costs $%.3f/h against $%.3f/h on demand; even with %.0f %% more run time for interruptions (checkpoint and restart), the same work costs %.0f %% less."
					.formatted(instance.name(), spotPrice, onDemandPrice, 100 * overhead, 100 * (1 - ratio)),
				List.of("Spot capacity can be reclaimed at short notice and may be unavailable at times; checkpoint often."),
				List.of("Interruptions add " + Math.round(100 * overhead) + " % to the run time (costwise.recommendation.spot-interruption-overhead)."),
				evidence.currentConfiguration(), evidence.currentConfiguration().withPurchaseOption("SPOT"), shown,
				new Confidence(Level.HIGH, evidence.sampleCount(), evidence.lookbackDays(), null, false), null,
				evidence.monthlyCost(), Candidate.scaled(evidence.monthlyCost(), ratio)));
	}

	/** The same instance type in a cheaper allowed region, net of moving the data once. */
	private Optional<Candidate> region(WorkloadEvidence evidence, OperatingPoint current, InstanceType instance) {
		List<String> allowed = evidence.workload().allowedRegions();
		if (allowed.isEmpty()) {
			return Optional.empty();
		}
		BigDecimal here = hourly(evidence, instance, current.purchaseOption());
		double storageGiB = current.nodeHours() > 0 ? current.storageGiBHours() / current.nodeHours() : 0;
		BigDecimal egress = evidence.prices()
			.quote(new PricedConfiguration(instance.provider(), instance.region(), instance.name(), null, null), evidence.to())
			.unitPrice(Resource.NETWORK)
			.contractedUsd();
		double moveMonthly = storageGiB * egress.doubleValue() / DATA_MOVE_PAYBACK_MONTHS;
		record Option(InstanceType type, double ratio) {
		}
		Optional<Option> best = allowed.stream()
			.filter(region -> !region.equalsIgnoreCase(instance.region()))
			.map(region -> evidence.prices().catalog().instanceType(instance.provider(), region, instance.name()))
			.flatMap(Optional::stream)
			.map(type -> new Option(type, hourly(evidence, type, current.purchaseOption()).doubleValue() / here.doubleValue()))
			.min(Comparator.comparingDouble(Option::ratio));
		if (best.isEmpty()) {
			return Optional.empty();
		}
		BigDecimal predicted = Candidate.scaled(evidence.monthlyCost(), best.get().ratio()).add(BigDecimal.valueOf(moveMonthly));
		if (predicted.compareTo(Candidate.scaled(evidence.monthlyCost(), 0.95)) > 0) {
			return Optional.empty();
		}
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("currentHourlyUsd", here);
		shown.put("proposedHourlyUsd", hourly(evidence, best.get().type(), current.purchaseOption()));
		shown.put("storageGiB", BatchSizeRecommender.round(storageGiB));
		shown.put("egressUsdPerGiB", egress);
		shown.put("dataMoveMonthlyUsd", BatchSizeRecommender.round(moveMonthly));
		return Optional.of(new Candidate(RecommendationType.REGION, "Move to " + best.get().type().region(),
				"%s costs %.0f %% less per hour in %s, one of the workload's allowed regions. Copying its %.0f GiB of data out once at $%.3f/GiB, spread over %d months, is counted."
					.formatted(instance.name(), 100 * (1 - best.get().ratio()), best.get().type().region(), storageGiB, egress,
							DATA_MOVE_PAYBACK_MONTHS),
				List.of("Latency to users and data sources changes with the region.", "Capacity for GPUs differs between regions."),
				List.of("The data to move is the storage the workload holds; it is copied once."),
				evidence.currentConfiguration(),
				evidence.currentConfiguration().onInstance(instance.provider(), best.get().type().region(), instance.name(),
						instance.gpuModel(), instance.gpuCount()),
				shown, new Confidence(Level.HIGH, evidence.sampleCount(), evidence.lookbackDays(), null, false), null,
				evidence.monthlyCost(), predicted));
	}

	private static BigDecimal hourly(WorkloadEvidence evidence, InstanceType type, String purchaseOption) {
		PriceQuote quote = evidence.prices()
			.quote(new PricedConfiguration(type.provider(), type.region(), type.name(), purchaseOption, type.gpuModel()),
					evidence.to());
		return quote.contractedInstanceHourlyUsd();
	}
}
