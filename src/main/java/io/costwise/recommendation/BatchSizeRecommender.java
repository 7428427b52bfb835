package io.costwise.recommendation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.costwise.pricing.GpuModel;
import io.costwise.recommendation.Confidence.Level;
import io.costwise.telemetry.OperatingPoint;
import org.springframework.stereotype.Component;

/**
 * The throughput-optimal safe batch size (DESIGN §6): per batch size the step time {@code t(b) = b/θ(b)}
 * is fitted as {@code α + β·b} and GPU memory as {@code m₀ + m₁·b}; the proposal is the smallest
 * batch of the grid (1, 2, 4, then multiples of 8) within 2 % of the best throughput that keeps memory
 * ≤ 90 % of the GPU's, stays below any batch that ran out of memory and, for inference, keeps latency
 * within the SLO. Beyond saturation a bigger batch only adds latency, so it is not proposed. One batch
 * size observed: a sweep experiment instead of a guess. Memory near full or OOMs at the current batch:
 * a smaller batch, with gradient accumulation for training.
 */
@Component
class BatchSizeRecommender implements Recommender {

	static final double MEMORY_LIMIT = 0.90;

	static final double SAFE_MEMORY = 0.85;

	/** Proposals stay within this multiple of the largest measured batch: the fit is not trusted further. */
	static final int EXTRAPOLATION = 4;

	/**
	 * The batch sizes proposed: powers of two below 8 (large inputs such as 3D volumes or long sequences run
	 * at batch 1–4, where a multiple of 8 would be a jump past anything measured), then multiples of 8
	 * (tensor-core tile sizes), up to {@code ceiling}.
	 */
	static List<Integer> grid(int ceiling) {
		List<Integer> sizes = new ArrayList<>();
		for (int batch = 1; batch < 8 && batch <= ceiling; batch *= 2) {
			sizes.add(batch);
		}
		for (int batch = 8; batch <= Math.min(4096, ceiling); batch += 8) {
			sizes.add(batch);
		}
		return sizes;
	}

	/** The largest batch of the grid at or below {@code size}; 0 where {@code size} is below 1. */
	static int gridFloor(double size) {
		if (size >= 8) {
			return (int) Math.floor(size / 8) * 8;
		}
		int batch = 0;
		for (int b = 1; b <= size; b *= 2) {
			batch = b;
		}
		return batch;
	}

	/** The smallest batch of the grid at or above {@code size}. */
	static int gridCeil(double size) {
		if (size > 4) {
			return Math.max(8, (int) Math.ceil(size / 8) * 8);
		}
		int batch = 1;
		while (batch < size) {
			batch *= 2;
		}
		return batch;
	}

	/** The batch of the grid nearest to {@code size} (on a log scale below 8), at least 1. */
	static int gridRound(double size) {
		if (size >= 8) {
			return Math.max(8, Math.round((float) size / 8) * 8);
		}
		return (int) Math.max(1, Math.min(8, Math.pow(2, Math.round(Math.log(Math.max(1, size)) / Math.log(2)))));
	}

	/** The smallest batch at this machine and precision that ran out of memory, if any. */
	static Optional<Integer> smallestOutOfMemory(WorkloadEvidence evidence, OperatingPoint current) {
		return evidence.sameMachine()
			.stream()
			.filter(point -> point.oomEvents() > 0 && point.batchSize() != null
					&& Objects.equals(point.precision(), current.precision()))
			.map(OperatingPoint::batchSize)
			.min(Integer::compare);
	}

	@Override
	public List<Candidate> recommend(WorkloadEvidence evidence) {
		OperatingPoint current = evidence.dominant();
		if (current.batchSize() == null || current.throughputPerNode() == null) {
			return List.of();
		}
		Map<Integer, OperatingPoint> byBatch = pointsByBatch(evidence, current);
		List<Candidate> candidates = new ArrayList<>();
		memorySafety(evidence, current, byBatch).ifPresent(candidates::add);
		if (candidates.isEmpty()) {
			(byBatch.size() >= 2 ? fitted(evidence, current, byBatch) : sweep(evidence, current)).ifPresent(candidates::add);
		}
		return candidates;
	}

	/** The batch-size curve of the current machine and precision, one point per batch size. */
	static Map<Integer, OperatingPoint> pointsByBatch(WorkloadEvidence evidence, OperatingPoint current) {
		Map<Integer, OperatingPoint> byBatch = new TreeMap<>();
		for (OperatingPoint point : evidence.sameMachine()) {
			if (point.batchSize() != null && point.throughputPerNode() != null
					&& Objects.equals(point.precision(), current.precision())) {
				byBatch.merge(point.batchSize(), point, (a, b) -> a.sampleCount() >= b.sampleCount() ? a : b);
			}
		}
		return byBatch;
	}

	/** The step-time and memory lines fitted to the measured points. */
	record Fit(double alpha, double beta, double m0, double m1, double l0, double l1, double error, boolean latencyFitted) {

		double throughput(double batch) {
			return batch / (alpha + beta * batch);
		}

		double memory(double batch) {
			return m0 + m1 * batch;
		}

		double latency(double batch, double currentBatch, double currentLatency) {
			return latencyFitted ? l0 + l1 * batch
					: currentLatency * (alpha + beta * batch) / (alpha + beta * currentBatch);
		}

		static Optional<Fit> of(Map<Integer, OperatingPoint> byBatch) {
			double[] b = byBatch.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
			double[] t = byBatch.values().stream().mapToDouble(p -> p.batchSize() / p.throughputPerNode()).toArray();
			double[] w = byBatch.values().stream().mapToDouble(p -> Math.sqrt(p.sampleCount())).toArray();
			double[] line = weightedLine(b, t, w);
			if (line == null || line[1] <= 0) {
				return Optional.empty();
			}
			double alpha = Math.max(0, line[0]);
			double beta = line[1];
			double squares = 0;
			for (int i = 0; i < b.length; i++) {
				double predicted = alpha + beta * b[i];
				squares += Math.pow((predicted - t[i]) / t[i], 2);
			}
			double[] memory = pairs(byBatch, OperatingPoint::gpuMemoryUsedGiBMax);
			double[] latency = pairs(byBatch, OperatingPoint::latencyP95MsMean);
			return Optional.of(new Fit(alpha, beta, memory[0], memory[1], latency[0], latency[1],
					Math.sqrt(squares / b.length), !Double.isNaN(latency[0])));
		}

		/** A line through the points that report the value; {@code m₀ = 0} from one point (the cautious guess). */
		private static double[] pairs(Map<Integer, OperatingPoint> byBatch,
				java.util.function.Function<OperatingPoint, Double> value) {
			List<double[]> known = byBatch.values()
				.stream()
				.filter(point -> value.apply(point) != null)
				.map(point -> new double[] { point.batchSize(), value.apply(point) })
				.toList();
			if (known.size() >= 2) {
				double[] line = weightedLine(known.stream().mapToDouble(p -> p[0]).toArray(),
						known.stream().mapToDouble(p -> p[1]).toArray(), known.stream().mapToDouble(p -> 1).toArray());
				if (line != null && line[1] > 0) {
					return new double[] { Math.max(0, line[0]), line[1] };
				}
			}
			if (known.isEmpty()) {
				return new double[] { Double.NaN, Double.NaN };
			}
			double[] last = known.get(known.size() - 1);
			return new double[] { 0, last[1] / last[0] };
		}
	}

	private Optional<Candidate> fitted(WorkloadEvidence evidence, OperatingPoint current, Map<Integer, OperatingPoint> byBatch) {
		Optional<Fit> fit = Fit.of(byBatch);
		if (fit.isEmpty()) {
			return Optional.empty();
		}
		int largestMeasured = byBatch.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
		Optional<Integer> best = bestBatch(evidence, current, fit.get(), EXTRAPOLATION * largestMeasured);
		if (best.isEmpty() || best.get().equals(current.batchSize())) {
			return Optional.empty();
		}
		int proposed = best.get();
		OperatingPoint measured = byBatch.get(proposed);
		double speedup = measured != null ? measured.throughputPerNode() / current.throughputPerNode()
				: fit.get().throughput(proposed) / fit.get().throughput(current.batchSize());
		if (speedup < 1.03) {
			return Optional.empty();
		}
		Level level = measured != null || byBatch.size() >= 3 && fit.get().error() < 0.10 && proposed <= largestMeasured
				? Level.HIGH : byBatch.size() >= 2 && fit.get().error() < 0.20 ? Level.MEDIUM : Level.LOW;
		Confidence confidence = new Confidence(level, evidence.sampleCount(), evidence.lookbackDays(),
				round(fit.get().error()), measured != null);
		Map<String, Object> shown = evidence(byBatch, fit.get(), evidence, current, proposed);
		String rationale = "Measured throughput at %d batch sizes fits a step time of %.4g + %.4g·b s per node (fit error %.1f %%). "
			.formatted(byBatch.size(), fit.get().alpha(), fit.get().beta(), 100 * fit.get().error())
				+ "Batch %d reaches %.0f %s/s per node against %.0f at %d today (×%.2f) while GPU memory stays at %.1f of %.0f GiB"
					.formatted(proposed, current.throughputPerNode() * speedup, unit(current), current.throughputPerNode(),
							current.batchSize(), speedup, fit.get().memory(proposed), memoryLimit(evidence, current))
				+ latencyNote(evidence, current, fit.get(), proposed) + ". " + learningRateNote(evidence, current, proposed);
		return Optional.of(new Candidate(RecommendationType.BATCH_SIZE,
				"Run at batch size %d instead of %d".formatted(proposed, current.batchSize()), rationale,
				risks(evidence, proposed > largestMeasured), assumptions(evidence), evidence.currentConfiguration(),
				evidence.currentConfiguration().withBatchSize(proposed), shown, confidence, round(speedup),
				evidence.monthlyCost(), Candidate.afterSpeedup(evidence.monthlyCost(), speedup)));
	}

	/**
	 * The smallest batch of the grid whose throughput is within 2 % of the best that memory, latency, the
	 * extrapolation limit and any batch that ran out of memory allow. A batch of the grid that was measured
	 * counts with its measured throughput, the others with the fit's: the line cannot bend, and where its
	 * intercept comes out at 0 (a step time proportional to the batch over most of the range) it would rate
	 * batch 1 as high as any, however much lower batch 1 measured.
	 */
	static Optional<Integer> bestBatch(WorkloadEvidence evidence, OperatingPoint current, Fit fit, int ceiling) {
		double memoryLimit = MEMORY_LIMIT * memoryLimit(evidence, current);
		Double slo = evidence.inference() ? evidence.workload().latencySloP95Ms() : null;
		int limit = smallestOutOfMemory(evidence, current).map(oom -> Math.min(ceiling, oom - 1)).orElse(ceiling);
		List<Integer> allowed = new ArrayList<>();
		for (int batch : grid(limit)) {
			boolean fitsMemory = Double.isNaN(fit.m1()) || fit.memory(batch) <= memoryLimit;
			boolean fitsLatency = slo == null || current.latencyP95MsMean() == null
					|| fit.latency(batch, current.batchSize(), current.latencyP95MsMean()) <= slo;
			if (fitsMemory && fitsLatency) {
				allowed.add(batch);
			}
		}
		Map<Integer, OperatingPoint> measured = pointsByBatch(evidence, current);
		java.util.function.ToDoubleFunction<Integer> throughput = batch -> measured.containsKey(batch)
				? measured.get(batch).throughputPerNode() : fit.throughput(batch);
		double best = allowed.stream().mapToDouble(throughput).max().orElse(0);
		return allowed.stream().filter(batch -> throughput.applyAsDouble(batch) >= 0.98 * best).findFirst();
	}

	private Optional<Candidate> sweep(WorkloadEvidence evidence, OperatingPoint current) {
		int batch = current.batchSize();
		double u = PerformanceModel.computeShare(current.gpuUtil(), evidence.inference(), batch);
		// With one point, the share of the step spent computing is the GPU utilization: α = β·b·(1 − u)/u.
		Fit prior = new Fit(batch * (1 - u) / u, 1, 0,
				current.gpuMemoryUsedGiBMax() == null ? Double.NaN : current.gpuMemoryUsedGiBMax() / batch, Double.NaN,
				Double.NaN, Double.NaN, false);
		List<Integer> sizes = new ArrayList<>();
		int oom = smallestOutOfMemory(evidence, current).orElse(Integer.MAX_VALUE);
		for (double size : new double[] { batch / 2.0, batch, batch * 2.0, batch * 4.0 }) {
			int rounded = gridRound(size);
			if (rounded >= oom) {
				continue;
			}
			boolean fits = Double.isNaN(prior.m1()) || prior.memory(rounded) <= MEMORY_LIMIT * memoryLimit(evidence, current);
			if (fits && !sizes.contains(rounded)) {
				sizes.add(rounded);
			}
		}
		int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(batch);
		if (largest <= batch) {
			return Optional.empty();
		}
		double speedup = prior.throughput(largest) / prior.throughput(batch);
		if (speedup < 1.05) {
			return Optional.empty();
		}
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("sweepBatchSizes", sizes);
		shown.put("minutesPerBatchSize", 15);
		shown.put("measured", List.of(point(current)));
		shown.put("gpuUtil", current.gpuUtil());
		String rationale = ("The workload has only run at batch %d, so its throughput curve is unknown. At %.0f %% GPU utilization "
				+ "a larger batch is likely to help: assuming the idle share of a step is fixed overhead, batch %d would run ×%.2f faster. "
				+ "Run each of batch sizes %s for 15 minutes (at least 200 steps, after a 2-minute warm-up) with telemetry on; "
				+ "the next run fits the measured curve and proposes the best safe size.").formatted(batch,
						100 * (current.gpuUtil() == null ? u : current.gpuUtil()), largest, speedup, sizes)
				+ (evidence.training() ? " " + learningRateNote(evidence, current, largest) : "");
		return Optional.of(new Candidate(RecommendationType.BATCH_SIZE_SWEEP,
				"Measure batch sizes %s to find the cheapest".formatted(sizes), rationale,
				List.of("An experiment: savings are a model estimate until the sweep is measured.",
						"Larger batches use more GPU memory; watch for out-of-memory errors at the largest size."),
				assumptions(evidence), evidence.currentConfiguration(), evidence.currentConfiguration().withBatchSize(largest),
				shown, new Confidence(Level.LOW, evidence.sampleCount(), evidence.lookbackDays(), null, false),
				round(speedup), evidence.monthlyCost(), Candidate.afterSpeedup(evidence.monthlyCost(), speedup)));
	}

	private Optional<Candidate> memorySafety(WorkloadEvidence evidence, OperatingPoint current,
			Map<Integer, OperatingPoint> byBatch) {
		double limit = memoryLimit(evidence, current);
		// Out-of-memory events at a larger batch than the one the workload runs at now (a batch tried and
		// abandoned) do not threaten it; they bound the batch-size proposals instead.
		long ooms = evidence.points()
			.stream()
			.filter(point -> point.batchSize() == null || point.batchSize() <= current.batchSize()
					|| !Objects.equals(point.gpuModel(), current.gpuModel()) || !Objects.equals(point.precision(), current.precision()))
			.mapToLong(OperatingPoint::oomEvents)
			.sum();
		Double used = current.gpuMemoryUsedGiBMax();
		boolean nearlyFull = used != null && limit > 0 && used >= 0.92 * limit;
		if (ooms == 0 && !nearlyFull) {
			return Optional.empty();
		}
		Fit fit = Fit.of(byBatch).orElse(new Fit(0, 1, 0, used == null ? Double.NaN : used / current.batchSize(), 0, 0, 0, false));
		int safe = current.batchSize();
		while (safe > 1 && !Double.isNaN(fit.m1()) && fit.memory(safe) > SAFE_MEMORY * limit) {
			safe = gridCeil(safe / 2.0);
		}
		if (Double.isNaN(fit.m1()) || safe >= current.batchSize()) {
			safe = gridFloor(Math.max(current.batchSize() / 2.0, current.batchSize() > 8 ? 8 : 0));
		}
		if (safe < 1) {
			return Optional.empty();
		}
		int accumulation = (int) Math.ceil(current.batchSize() / (double) safe);
		double lostShare = current.nodeHours() <= 0 ? 0
				: Math.min(0.5, ooms * evidence.settings().oomRestartMinutes() / 60 / current.nodeHours());
		String change = evidence.training()
				? "batch %d with %d gradient-accumulation steps (the same effective batch of %d, so the learning rate stays)"
					.formatted(safe, accumulation, safe * accumulation)
				: "batch %d".formatted(safe);
		String rationale = "%s GPU memory peaked at %s of %.0f GiB%s. Run at %s to keep memory under %.0f %%."
			.formatted(ooms > 0 ? ooms + " out-of-memory events in the last " + evidence.lookbackDays() + " days;" : "",
					used == null ? "an unknown share" : "%.1f GiB".formatted(used), limit,
					ooms > 0 ? ", each losing about " + (int) evidence.settings().oomRestartMinutes() + " minutes of work" : "",
					change, 100 * SAFE_MEMORY);
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("oomEvents", ooms);
		shown.put("gpuMemoryUsedGiBMax", used);
		shown.put("gpuMemoryGiB", limit);
		shown.put("gradientAccumulationSteps", evidence.training() ? accumulation : null);
		shown.put("lostShareOfRuntime", round(lostShare));
		return Optional.of(new Candidate(RecommendationType.MEMORY_SAFETY,
				"Lower the batch to %d to stop out-of-memory crashes".formatted(safe), rationale,
				List.of("Per-step throughput drops at the smaller batch; gradient accumulation keeps the optimisation the same."),
				List.of("An out-of-memory crash loses " + (int) evidence.settings().oomRestartMinutes()
						+ " minutes of work (restart and reload from the last checkpoint)."),
				evidence.currentConfiguration(), evidence.currentConfiguration().withBatchSize(safe), shown,
				new Confidence(ooms > 0 ? Level.HIGH : Level.MEDIUM, evidence.sampleCount(), evidence.lookbackDays(), null, true),
				null, evidence.monthlyCost(), Candidate.scaled(evidence.monthlyCost(), 1 - lostShare)));
	}

	static double memoryLimit(WorkloadEvidence evidence, OperatingPoint current) {
		if (current.gpuMemoryTotalGiBMax() != null && current.gpuMemoryTotalGiBMax() > 0) {
			return current.gpuMemoryTotalGiBMax();
		}
		GpuModel gpu = evidence.gpu();
		return gpu == null ? 0 : gpu.memoryGiB();
	}

	private static Map<String, Object> evidence(Map<Integer, OperatingPoint> byBatch, Fit fit, WorkloadEvidence evidence,
			OperatingPoint current, int proposed) {
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("measured", byBatch.values().stream().map(BatchSizeRecommender::point).toList());
		List<Map<String, Object>> curve = new ArrayList<>();
		int top = Math.max(proposed, byBatch.keySet().stream().mapToInt(Integer::intValue).max().orElse(proposed)) * 2;
		for (int batch = 8; batch <= top; batch += Math.max(8, top / 32 / 8 * 8)) {
			Map<String, Object> point = new LinkedHashMap<>();
			point.put("batchSize", batch);
			point.put("throughput", round(fit.throughput(batch)));
			point.put("gpuMemoryGiB", Double.isNaN(fit.m1()) ? null : round(fit.memory(batch)));
			curve.add(point);
		}
		shown.put("fitted", curve);
		shown.put("fit", Map.of("alphaSeconds", fit.alpha(), "betaSecondsPerItem", fit.beta(), "relativeError", round(fit.error())));
		shown.put("gpuMemoryLimitGiB", round(MEMORY_LIMIT * memoryLimit(evidence, current)));
		if (evidence.workload().latencySloP95Ms() != null) {
			shown.put("latencySloP95Ms", evidence.workload().latencySloP95Ms());
		}
		return shown;
	}

	static Map<String, Object> point(OperatingPoint point) {
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("batchSize", point.batchSize());
		shown.put("precision", point.precision());
		shown.put("throughput", point.throughputPerNode() == null ? null : round(point.throughputPerNode()));
		shown.put("gpuMemoryUsedGiB", point.gpuMemoryUsedGiBMax());
		shown.put("latencyP95Ms", point.latencyP95MsMean() == null ? null : round(point.latencyP95MsMean()));
		shown.put("gpuUtil", point.gpuUtil() == null ? null : round(point.gpuUtil()));
		shown.put("samples", point.sampleCount());
		return shown;
	}

	private static String latencyNote(WorkloadEvidence evidence, OperatingPoint current, Fit fit, int proposed) {
		Double slo = evidence.workload().latencySloP95Ms();
		if (!evidence.inference() || current.latencyP95MsMean() == null) {
			return "";
		}
		double predicted = fit.latency(proposed, current.batchSize(), current.latencyP95MsMean());
		return ", and p95 latency goes from %.0f to about %.0f ms%s".formatted(current.latencyP95MsMean(), predicted,
				slo == null ? " (no SLO is set on this workload)" : " within the %.0f ms SLO".formatted(slo));
	}

	static String learningRateNote(WorkloadEvidence evidence, OperatingPoint current, int proposed) {
		if (!evidence.training()) {
			return "";
		}
		double ratio = proposed / (double) current.batchSize();
		return ("For training, scale the learning rate with the batch: ×%.2f by the linear scaling rule (with a few "
				+ "hundred warm-up steps), or ×%.2f (square root) for Adam-type optimizers, and check the loss curve.")
			.formatted(ratio, Math.sqrt(ratio));
	}

	private static List<String> risks(WorkloadEvidence evidence, boolean extrapolated) {
		List<String> risks = new ArrayList<>();
		if (extrapolated) {
			risks.add("The proposed batch is beyond the largest measured one: throughput and memory are extrapolated.");
		}
		if (evidence.training()) {
			risks.add("A larger batch can change convergence; keep the learning-rate schedule in step.");
		}
		if (evidence.inference()) {
			risks.add("Larger batches add queueing delay at low traffic; watch p95 latency.");
		}
		return risks;
	}

	private static List<String> assumptions(WorkloadEvidence evidence) {
		return List.of("Savings are the last 30 days' cost of this workload (%s USD) times (1 − 1/speedup): the same work in less GPU time."
			.formatted(evidence.monthlyCost().setScale(2, java.math.RoundingMode.HALF_EVEN)));
	}

	private static String unit(OperatingPoint point) {
		return point.workUnit() == null ? "units" : point.workUnit();
	}

	/** Weighted least squares {@code y = a + b·x}; {@code null} when x does not vary. */
	static double[] weightedLine(double[] x, double[] y, double[] w) {
		double sw = 0;
		double sx = 0;
		double sy = 0;
		double sxx = 0;
		double sxy = 0;
		for (int i = 0; i < x.length; i++) {
			sw += w[i];
			sx += w[i] * x[i];
			sy += w[i] * y[i];
			sxx += w[i] * x[i] * x[i];
			sxy += w[i] * x[i] * y[i];
		}
		double denominator = sw * sxx - sx * sx;
		if (Math.abs(denominator) < 1e-12) {
			return null;
		}
		double slope = (sw * sxy - sx * sy) / denominator;
		return new double[] { (sy - slope * sx) / sw, slope };
	}

	static double round(double value) {
		return Math.round(value * 10000) / 10000.0;
	}

	static BigDecimal money(double value) {
		return BigDecimal.valueOf(value);
	}
}
