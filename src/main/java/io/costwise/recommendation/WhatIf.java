package io.costwise.recommendation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import io.costwise.NotFoundException;
import io.costwise.pricing.GpuModel;
import io.costwise.pricing.PriceQuote;
import io.costwise.pricing.PricedConfiguration;
import io.costwise.pricing.Resource;
import io.costwise.recommendation.BatchSizeRecommender.Fit;
import io.costwise.recommendation.Confidence.Level;
import io.costwise.telemetry.NodeLoad;
import io.costwise.telemetry.OperatingPoint;
import io.costwise.telemetry.UsageLedger;
import io.costwise.telemetry.WorkloadReference;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Predicts a configuration the user proposes with the recommenders' own models: the batch-size fit,
 * the precision speedup, the relative speed of GPUs, and the tenant's prices.
 */
@Service
public class WhatIf {

	private final RecommendationEngine engine;

	private final UsageLedger ledger;

	WhatIf(RecommendationEngine engine, UsageLedger ledger) {
		this.engine = engine;
		this.ledger = ledger;
	}

	/**
	 * @param speedup predicted throughput per GPU, proposed over current
	 * @param currentCostPerThousandUnits and the predicted one, where the workload reports work units
	 * @param explanation each factor of the prediction, in words with its numbers
	 * @param risks what could make the proposal fail or the prediction wrong: memory that may not fit,
	 *     latency over the workload's target, extrapolation, interruptions, numerics
	 */
	public record Prediction(WorkloadConfiguration current, WorkloadConfiguration proposed, double speedup,
			@Schema(nullable = true) Double currentThroughputPerNode, @Schema(nullable = true) Double predictedThroughputPerNode,
			@Schema(nullable = true) String workUnit, BigDecimal currentMonthlyCost, BigDecimal predictedMonthlyCost,
			@Schema(nullable = true) BigDecimal currentCostPerThousandUnits,
			@Schema(nullable = true) BigDecimal predictedCostPerThousandUnits,
			@Schema(nullable = true) BigDecimal predictedCostPerMillionUnits, Confidence.Level confidence,
			List<String> explanation, List<String> risks) {
	}

	@Transactional(readOnly = true)
	public Prediction predict(String workloadKey, WorkloadConfiguration change) {
		WorkloadReference workload = ledger.workload(workloadKey);
		WorkloadEvidence evidence = engine.evidence(workload)
			.orElseThrow(() -> new NotFoundException("Telemetry of the last 30 days for this workload"));
		WorkloadConfiguration current = evidence.currentConfiguration();
		WorkloadConfiguration proposed = merged(current, change);
		validate(evidence, proposed);
		OperatingPoint point = evidence.dominant();
		Curve curve = Curve.of(evidence, point);
		List<String> explanation = new ArrayList<>();
		List<String> risks = new ArrayList<>();
		double batch = batchFactor(curve, point, proposed, explanation, risks);
		double hardware = precisionFactor(evidence, point, proposed, explanation, risks)
				* gpuFactor(evidence, point, proposed, explanation);
		double speedup = batch * hardware;
		memory(evidence, point, curve, proposed, risks);
		latency(evidence, point, curve, proposed, hardware, risks);
		double priceRatio = priceRatio(evidence, current, proposed, explanation)
				* interruptions(evidence, current, proposed, explanation, risks);
		double nodes = nodes(evidence, point, current, proposed, speedup, explanation, risks);
		double costRatio = priceRatio / speedup * nodes;
		BigDecimal monthly = evidence.monthlyCost();
		BigDecimal predicted = monthly.multiply(BigDecimal.valueOf(costRatio)).setScale(2, RoundingMode.HALF_EVEN);
		Double throughput = point.throughputPerNode();
		BigDecimal perThousand = point.workUnits() > 0 && monthly.signum() > 0
				? monthly.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(point.workUnits() * 30.0 / evidence.lookbackDays()), 6, RoundingMode.HALF_EVEN)
				: null;
		BigDecimal predictedPerThousand = perThousand == null ? null
				: perThousand.multiply(BigDecimal.valueOf(costRatio)).setScale(6, RoundingMode.HALF_EVEN);
		explanation.add("Monthly cost: $%s at the last 30 days' rate × price ratio %.3f / speedup %.3f%s = $%s.".formatted(
				monthly.setScale(2, RoundingMode.HALF_EVEN), priceRatio, speedup,
				nodes == 1 ? "" : " × %.3f for the node count".formatted(nodes), predicted));
		double gpusPerNodeRatio = current.gpuCount() == null || proposed.gpuCount() == null ? 1 : proposed.gpuCount() / current.gpuCount();
		return new Prediction(current, proposed, BatchSizeRecommender.round(speedup), throughput,
				throughput == null ? null : BatchSizeRecommender.round(throughput * speedup * gpusPerNodeRatio), point.workUnit(),
				monthly.setScale(2, RoundingMode.HALF_EVEN), predicted, perThousand, predictedPerThousand,
				predictedPerThousand == null ? null : predictedPerThousand.multiply(BigDecimal.valueOf(1000)),
				confidence(evidence, point, curve, proposed), explanation, risks);
	}

	/**
	 * HIGH where nothing but prices and measured batch sizes change: the same GPU at the same
	 * precision, at a batch size the workload has run at.
	 */
	private static Level confidence(WorkloadEvidence evidence, OperatingPoint point, Curve curve,
			WorkloadConfiguration proposed) {
		boolean sameHardware = Objects.equals(proposed.gpuModel(), point.gpuModel())
				&& Objects.equals(proposed.precision(), point.precision());
		boolean batchRan = proposed.batchSize() == null || proposed.batchSize().equals(point.batchSize())
				|| curve.fitted() && curve.measured().containsKey(proposed.batchSize());
		if (sameHardware && batchRan) {
			return Level.HIGH;
		}
		return evidence.points().size() > 1 ? Level.MEDIUM : Level.LOW;
	}

	/**
	 * The workload's step-time and memory lines at its precision on its machine: fitted where it ran
	 * at two or more batch sizes, else modelled from the one it ran at (memory proportional to the
	 * batch, the cautious guess).
	 */
	private record Curve(Fit fit, Map<Integer, OperatingPoint> measured, boolean fitted, double computeShare) {

		static Curve of(WorkloadEvidence evidence, OperatingPoint point) {
			Map<Integer, OperatingPoint> byBatch = BatchSizeRecommender.pointsByBatch(evidence, point);
			double u = PerformanceModel.computeShare(point.gpuUtil(), evidence.inference(), point.batchSize());
			Fit fit = byBatch.size() >= 2 ? Fit.of(byBatch).orElse(null) : null;
			if (fit != null) {
				return new Curve(fit, byBatch, true, u);
			}
			if (point.batchSize() == null) {
				return new Curve(null, byBatch, false, u);
			}
			double memoryPerItem = point.gpuMemoryUsedGiBMax() == null ? Double.NaN
					: point.gpuMemoryUsedGiBMax() / point.batchSize();
			return new Curve(new Fit(point.batchSize() * (1 - u) / u, 1, 0, memoryPerItem, Double.NaN, Double.NaN, 0, false),
					byBatch, false, u);
		}

		int largestMeasured() {
			return measured.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
		}
	}

	private static double batchFactor(Curve curve, OperatingPoint point, WorkloadConfiguration proposed,
			List<String> explanation, List<String> risks) {
		if (proposed.batchSize() == null || point.batchSize() == null || proposed.batchSize().equals(point.batchSize())) {
			return 1;
		}
		double factor = curve.fit().throughput(proposed.batchSize()) / curve.fit().throughput(point.batchSize());
		explanation.add("Batch %d → %d: ×%.3f throughput (%s).".formatted(point.batchSize(), proposed.batchSize(), factor,
				curve.fitted() ? "fitted to %d measured batch sizes".formatted(curve.measured().size())
						: "modelled from %.0f %% GPU utilization at one batch size".formatted(100 * curve.computeShare())));
		if (!curve.fitted()) {
			risks.add("Batch %d was not measured: the throughput is modelled from one batch size. A short run at batch %d confirms it."
				.formatted(proposed.batchSize(), proposed.batchSize()));
		}
		else if (proposed.batchSize() > curve.largestMeasured()) {
			risks.add("Batch %d is beyond the largest measured one (%d): throughput and memory are extrapolated."
				.formatted(proposed.batchSize(), curve.largestMeasured()));
		}
		return factor;
	}

	/** Whether the proposed batch, at the proposed precision, fits the proposed GPU's memory. */
	private static void memory(WorkloadEvidence evidence, OperatingPoint point, Curve curve,
			WorkloadConfiguration proposed, List<String> risks) {
		if (curve.fit() == null || proposed.batchSize() == null || Double.isNaN(curve.fit().m1())) {
			return;
		}
		int batch = proposed.batchSize();
		String from = point.precision() == null ? "FP32" : point.precision();
		String to = proposed.precision() == null ? from : proposed.precision();
		double needed = curve.fit().memory(batch) * PerformanceModel.BYTES.getOrDefault(to, 4.0)
				/ PerformanceModel.BYTES.getOrDefault(from, 4.0);
		boolean sameGpu = Objects.equals(proposed.gpuModel(), point.gpuModel());
		GpuModel gpu = evidence.prices().catalog().gpuModel(proposed.gpuModel()).orElse(evidence.gpu());
		double limit = sameGpu ? BatchSizeRecommender.memoryLimit(evidence, point) : gpu == null ? 0 : gpu.memoryGiB();
		if (limit > 0 && needed > BatchSizeRecommender.MEMORY_LIMIT * limit) {
			risks.add("Batch %d in %s needs about %.1f GiB of GPU memory (%s), more than %.0f %% of the %.0f GiB available: expect out-of-memory crashes."
				.formatted(batch, to, needed, curve.fitted() ? "the memory line fitted to the measured batches"
						: "memory scaled from batch " + point.batchSize(), 100 * BatchSizeRecommender.MEMORY_LIMIT, limit));
		}
		if (sameGpu && from.equals(to)) {
			BatchSizeRecommender.smallestOutOfMemory(evidence, point)
				.filter(oom -> batch >= oom)
				.ifPresent(oom -> risks.add("Batch %d ran out of memory on this GPU in the last %d days; batch %d is not below it."
					.formatted(oom, evidence.lookbackDays(), batch)));
		}
	}

	/** For inference with a latency target: whether the proposal keeps the p95 latency under it. */
	private static void latency(WorkloadEvidence evidence, OperatingPoint point, Curve curve,
			WorkloadConfiguration proposed, double hardwareSpeedup, List<String> risks) {
		Double slo = evidence.workload().latencySloP95Ms();
		Double now = point.latencyP95MsMean();
		if (!evidence.inference() || slo == null || now == null || curve.fit() == null || point.batchSize() == null) {
			return;
		}
		int batch = proposed.batchSize() == null ? point.batchSize() : proposed.batchSize();
		double predicted = curve.fit().latency(batch, point.batchSize(), now) / hardwareSpeedup;
		if (predicted > slo) {
			risks.add("The p95 latency would be about %.0f ms against the target of %.0f ms (%.0f ms now)."
				.formatted(predicted, slo, now));
		}
	}

	/**
	 * A change of node count, as a factor on the cost of the same work. An inference fleet serves the
	 * same requests on always-on nodes: its cost follows the node count (whatever each node's speedup),
	 * and each node's load its inverse. Training and batch jobs do the same work on more nodes in less
	 * time: the same cost where they scale linearly.
	 */
	private static double nodes(WorkloadEvidence evidence, OperatingPoint point, WorkloadConfiguration current,
			WorkloadConfiguration proposed, double speedup, List<String> explanation, List<String> risks) {
		int now = current.nodes() == null ? 1 : current.nodes();
		if (proposed.nodes() == null || proposed.nodes() == now) {
			return 1;
		}
		int then = proposed.nodes();
		if (!evidence.inference()) {
			explanation.add("Nodes %d → %d: the same work in ×%.2f the time, at the same cost if it scales linearly."
				.formatted(now, then, (double) now / then));
			if (then > now) {
				risks.add("More nodes rarely scale linearly (gradient all-reduce, input pipeline): every point of scaling "
						+ "efficiency lost adds as much to the cost of the same work.");
			}
			return 1;
		}
		double utilization = evidence.nodes().stream()
			.filter(node -> node.gpuUtil() != null)
			.mapToDouble(NodeLoad::gpuUtil)
			.average()
			.orElse(point.gpuUtil() == null ? Double.NaN : point.gpuUtil());
		double load = utilization * now / then / speedup;
		explanation.add("Nodes %d → %d: an inference fleet's cost follows its node count (×%.3f)%s.".formatted(now, then,
				(double) then / now, Double.isNaN(load) ? ""
						: "; the same requests load each node to about %.0f %% GPU utilization (now %.0f %%)"
							.formatted(100 * load, 100 * utilization)));
		if (load > FleetRecommender.TARGET_UTILIZATION) {
			risks.add(("Each of the %d nodes would run at about %.0f %% GPU utilization, above the %.0f %% consolidation packs to: "
					+ "little headroom for peaks, and latency rises as queues form.")
				.formatted(then, 100 * Math.min(load, 9.99), 100 * FleetRecommender.TARGET_UTILIZATION));
		}
		return (double) then / now * speedup;
	}

	/** Spot capacity is reclaimed now and then: the restarts add run time, as the spot recommender counts them. */
	private static double interruptions(WorkloadEvidence evidence, WorkloadConfiguration current,
			WorkloadConfiguration proposed, List<String> explanation, List<String> risks) {
		if (!"SPOT".equals(proposed.purchaseOption()) || "SPOT".equals(current.purchaseOption())) {
			return 1;
		}
		double overhead = evidence.settings().spotInterruptionOverhead();
		explanation.add("Spot: %.0f %% more run time for interruptions (checkpoint and restart).".formatted(100 * overhead));
		if (!evidence.workload().interruptible()) {
			risks.add("The workload is not marked interruptible: spot capacity can be reclaimed at short notice, and a job that cannot resume from a checkpoint starts over.");
		}
		return 1 + overhead;
	}

	private static double precisionFactor(WorkloadEvidence evidence, OperatingPoint point, WorkloadConfiguration proposed,
			List<String> explanation, List<String> risks) {
		String from = point.precision() == null ? "FP32" : point.precision();
		if (proposed.precision() == null || proposed.precision().equals(from)) {
			return 1;
		}
		risks.addAll(PrecisionRecommender.risks(proposed.precision()));
		if (!evidence.inference() && PrecisionRecommender.INFERENCE_ONLY.contains(proposed.precision())) {
			risks.add("%s is for inference: training frameworks do not train in integer precision.".formatted(proposed.precision()));
		}
		GpuModel gpu = evidence.gpu();
		var model = PrecisionRecommender.modelled(evidence, point, gpu, from, proposed.precision(),
				PerformanceModel.Assumptions.DEFAULT);
		if (model.isEmpty()) {
			explanation.add("%s → %s: no data-sheet peaks for %s; assumed no change.".formatted(from, proposed.precision(),
					gpu == null ? "this GPU" : gpu.model()));
			return 1;
		}
		var m = model.get();
		explanation.add(("%s → %s: peak ratio k = %.2f (capped by memory traffic) for the matrix multiplications (g = %.2f of the "
				+ "busy time), bytes ratio r = %.2f for the memory-bound rest, compute share f = %.2f (%s); Amdahl "
				+ "S = 1 / ((1 − f) + f·g/k + f·(1 − g)/r) = ×%.3f (public benchmarks measured ×%.2f–×%.2f around such a model).")
			.formatted(from, proposed.precision(), m.peakRatio(), m.matmulShare(), m.memoryRatio(), m.computeShare().value(),
					m.computeShare().basis() == PerformanceModel.ShareBasis.BATCH_CURVE ? "from the batch-size curve" : "from GPU utilization",
					m.speedup(), m.low(), m.high()));
		return m.speedup();
	}

	private static double gpuFactor(WorkloadEvidence evidence, OperatingPoint point, WorkloadConfiguration proposed,
			List<String> explanation) {
		GpuModel from = evidence.gpu();
		GpuModel to = evidence.prices().catalog().gpuModel(proposed.gpuModel()).orElse(null);
		if (from == null || to == null || from.model().equals(to.model())) {
			return 1;
		}
		double f = PerformanceModel.computeShare(point.gpuUtil(), evidence.inference(), point.batchSize());
		Double speed = PerformanceModel.relativeSpeed(from, to, proposed.precision(), f);
		if (speed == null) {
			explanation.add("%s → %s: no comparable peaks at %s; assumed equal speed.".formatted(from.model(), to.model(),
					proposed.precision()));
			return 1;
		}
		explanation.add("%s → %s: ×%.3f per GPU (peak and memory bandwidth ratios weighted by f = %.2f).".formatted(from.model(),
				to.model(), speed, f));
		return speed;
	}

	/** The price of a GPU-hour (or node-hour without GPUs) proposed over current, with the tenant's prices. */
	private static double priceRatio(WorkloadEvidence evidence, WorkloadConfiguration current, WorkloadConfiguration proposed,
			List<String> explanation) {
		double now = perGpuHour(evidence, current);
		double then = perGpuHour(evidence, proposed);
		if (now <= 0 || then <= 0) {
			return 1;
		}
		explanation.add("Price: $%.4f per GPU-hour proposed against $%.4f now (the tenant's prices, %s).".formatted(then, now,
				proposed.purchaseOption() == null ? "ON_DEMAND" : proposed.purchaseOption()));
		return then / now;
	}

	private static double perGpuHour(WorkloadEvidence evidence, WorkloadConfiguration configuration) {
		PriceQuote quote = evidence.prices()
			.quote(new PricedConfiguration(configuration.provider(), configuration.region(), configuration.instanceType(),
					configuration.purchaseOption(), configuration.gpuModel()), evidence.to());
		if (quote.instanceType() != null) {
			double gpus = Math.max(1, quote.instanceType().gpuCount());
			return quote.contractedInstanceHourlyUsd().doubleValue() / gpus;
		}
		PriceQuote.UnitPrice gpu = quote.unitPrice(Resource.GPU);
		return gpu == null ? 0 : gpu.contractedUsd().doubleValue();
	}

	private static WorkloadConfiguration merged(WorkloadConfiguration current, WorkloadConfiguration change) {
		return new WorkloadConfiguration(or(change.provider(), current.provider()), or(change.region(), current.region()),
				or(change.instanceType(), current.instanceType()), or(change.purchaseOption(), current.purchaseOption()),
				or(change.gpuModel(), current.gpuModel()), or(change.gpuCount(), current.gpuCount()),
				or(change.precision(), current.precision()), or(change.batchSize(), current.batchSize()),
				or(change.nodes(), current.nodes()));
	}

	private static void validate(WorkloadEvidence evidence, WorkloadConfiguration proposed) {
		List<FieldProblem> problems = new ArrayList<>();
		if (proposed.gpuModel() != null && evidence.prices().catalog().gpuModel(proposed.gpuModel()).isEmpty()) {
			problems.add(FieldProblem.body("/gpuModel", "is not a known GPU model; see GET /api/v1/pricing/gpu-models"));
		}
		if (proposed.instanceType() != null && proposed.provider() != null && proposed.region() != null
				&& evidence.prices().catalog().instanceType(proposed.provider(), proposed.region(), proposed.instanceType()).isEmpty()) {
			problems.add(FieldProblem.body("/instanceType", "is not in the catalog for this provider and region"));
		}
		if (proposed.precision() != null && !PerformanceModel.BYTES.containsKey(proposed.precision())) {
			problems.add(FieldProblem.body("/precision", "must be one of " + new TreeMap<>(PerformanceModel.BYTES).keySet()));
		}
		if (proposed.batchSize() != null && proposed.batchSize() < 1) {
			problems.add(FieldProblem.body("/batchSize", "must be at least 1"));
		}
		if (proposed.nodes() != null && proposed.nodes() < 1) {
			problems.add(FieldProblem.body("/nodes", "must be at least 1"));
		}
		if (proposed.gpuCount() != null && proposed.gpuCount() <= 0) {
			problems.add(FieldProblem.body("/gpuCount", "must be more than 0"));
		}
		if (proposed.purchaseOption() != null && !List.of("ON_DEMAND", "SPOT", "RESERVED").contains(proposed.purchaseOption())) {
			problems.add(FieldProblem.body("/purchaseOption", "must be one of [ON_DEMAND, SPOT, RESERVED]"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
	}

	private static <T> T or(T value, T otherwise) {
		return value != null ? value : otherwise;
	}
}
