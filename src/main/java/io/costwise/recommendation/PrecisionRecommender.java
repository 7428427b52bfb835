package io.costwise.recommendation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.costwise.pricing.GpuModel;
import io.costwise.recommendation.BatchSizeRecommender.Fit;
import io.costwise.recommendation.Confidence.Level;
import io.costwise.telemetry.OperatingPoint;
import org.springframework.stereotype.Component;

/**
 * A lower precision the GPU really accelerates (DESIGN §6): the speedup is measured where the workload
 * ran both ways at the same batch size, else Amdahl's law over the parts of the step,
 * {@code S = 1 / ((1 − f) + f·g/k + f·(1 − g)/r)}: {@code f} the compute-bound share (from the
 * workload's batch-size curve where it ran at several batch sizes, else its GPU utilization), {@code g}
 * the matrix-multiplication share of that time, sped up by the GPU's dense peak ratio {@code k} capped
 * by memory traffic, the rest by the bytes ratio {@code r}. A modelled speedup is given with the range
 * public benchmarks measured around it, at LOW confidence with a trial run proposed. The memory it frees
 * feeds the batch-size fit: where a larger batch then pays, the combined change is proposed.
 */
@Component
class PrecisionRecommender implements Recommender {

	/** Integer precisions: for serving a trained model, not for training one. */
	static final Set<String> INFERENCE_ONLY = Set.of("INT8", "INT4");

	@Override
	public List<Candidate> recommend(WorkloadEvidence evidence) {
		OperatingPoint current = evidence.dominant();
		GpuModel gpu = evidence.gpu();
		if (gpu == null || current.gpuHours() <= 0) {
			return List.of();
		}
		String from = current.precision() == null ? "FP32" : current.precision();
		List<String> steps = (evidence.inference() ? PerformanceModel.INFERENCE_STEPS : PerformanceModel.TRAINING_STEPS)
			.getOrDefault(from, List.of());
		Optional<Option> best = steps.stream()
			.filter(to -> PerformanceModel.accelerates(gpu, to))
			.map(to -> option(evidence, current, gpu, from, to))
			.flatMap(Optional::stream)
			.max(java.util.Comparator.comparingDouble(Option::speedup));
		if (best.isEmpty() || best.get().speedup() < 1.05) {
			return List.of();
		}
		List<Candidate> candidates = new ArrayList<>();
		candidates.add(candidate(evidence, current, gpu, from, best.get()));
		combined(evidence, current, from, best.get()).ifPresent(candidates::add);
		return candidates;
	}

	/**
	 * A precision and its speedup, measured or modelled.
	 *
	 * @param model how the speedup was modelled; {@code null} where it was measured
	 */
	record Option(String precision, double speedup, boolean measured, PerformanceModel.PrecisionSpeedup model) {

		double computeShare() {
			return model == null ? Double.NaN : model.computeShare().value();
		}

		Double peakRatio() {
			return model == null ? null : model.peakRatio();
		}
	}

	static Optional<Option> option(WorkloadEvidence evidence, OperatingPoint current, GpuModel gpu, String from,
			String to) {
		return option(evidence, current, gpu, from, to, PerformanceModel.Assumptions.DEFAULT);
	}

	static Optional<Option> option(WorkloadEvidence evidence, OperatingPoint current, GpuModel gpu, String from,
			String to, PerformanceModel.Assumptions assumptions) {
		Optional<OperatingPoint> ranThatWay = evidence.sameMachine()
			.stream()
			.filter(point -> to.equals(point.precision()) && Objects.equals(point.batchSize(), current.batchSize())
					&& point.throughputPerNode() != null && current.throughputPerNode() != null)
			.findFirst();
		if (ranThatWay.isPresent()) {
			return Optional.of(new Option(to, ranThatWay.get().throughputPerNode() / current.throughputPerNode(), true, null));
		}
		return modelled(evidence, current, gpu, from, to, assumptions).map(model -> new Option(to, model.speedup(), false, model));
	}

	/** The modelled speedup of {@code from → to} for the workload at its current operating point. */
	static Optional<PerformanceModel.PrecisionSpeedup> modelled(WorkloadEvidence evidence, OperatingPoint current,
			GpuModel gpu, String from, String to, PerformanceModel.Assumptions assumptions) {
		Map<Integer, Double> curve = new java.util.TreeMap<>();
		BatchSizeRecommender.pointsByBatch(evidence, current).forEach((batch, point) -> curve.put(batch, point.throughputPerNode()));
		PerformanceModel.ComputeShare share = PerformanceModel.computeShare(current.gpuUtil(), evidence.inference(),
				current.batchSize(), curve);
		return PerformanceModel.precisionSpeedup(gpu, from, to, evidence.training(), share, assumptions);
	}

	private static Candidate candidate(WorkloadEvidence evidence, OperatingPoint current, GpuModel gpu, String from,
			Option option) {
		PerformanceModel.PrecisionSpeedup model = option.model();
		String how = option.measured()
				? "The workload already ran in %s at batch %s: measured throughput ×%.2f.".formatted(option.precision(),
						current.batchSize(), option.speedup())
				: ("%s peaks at %.0f TFLOPS in %s against %.0f in %s: k = ×%.2f for matrix multiplications (capped by memory "
						+ "traffic), about %.0f %% of the GPU's busy time; the memory-bound rest moves ×%.2f fewer bytes. With the "
						+ "compute-bound share f = %.2f (%s), S = 1 / ((1 − f) + f·g/k + f·(1 − g)/r) = ×%.2f; measured speedups of "
						+ "public benchmarks fall around such a model from ×%.2f to ×%.2f.").formatted(gpu.model(),
								gpu.peak(option.precision()), option.precision(), PerformanceModel.peak(gpu, from), from,
								model.peakRatio(), 100 * model.matmulShare(), model.memoryRatio(), model.computeShare().value(),
								shareBasis(evidence, current, model.computeShare()), option.speedup(), model.low(), model.high());
		String smallBatch = option.measured() ? ""
				: model.computeShare().basis() == PerformanceModel.ShareBasis.SMALL_BATCH ? " At batch " + current.batchSize()
						+ " inference is bound by reading weights, not arithmetic, so lower precision gains little beyond the smaller weights."
				: model.computeShare().basis() == PerformanceModel.ShareBasis.BATCH_CURVE && model.computeShare().value() < 0.3
						? " At batch " + current.batchSize() + " most of the step does not grow with the batch (kernel launches, framework "
								+ "overhead, weight reads), so lower precision gains little here; a larger batch gains more."
				: "";
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("from", from);
		shown.put("to", option.precision());
		shown.put("gpuModel", gpu.model());
		shown.put("peakTflops", Map.of(from, PerformanceModel.peak(gpu, from), option.precision(), gpu.peak(option.precision())));
		shown.put("measured", option.measured());
		shown.put("memoryBytesRatio", PerformanceModel.BYTES.get(option.precision()) / PerformanceModel.BYTES.getOrDefault(from, 4.0));
		if (model != null) {
			shown.put("computeShare", BatchSizeRecommender.round(model.computeShare().value()));
			shown.put("computeShareBasis", model.computeShare().basis().name());
			shown.put("peakRatioCapped", model.peakRatio());
			shown.put("matmulShare", model.matmulShare());
			shown.put("memoryBoundSpeedup", model.memoryRatio());
			shown.put("speedupRange", Map.of("low", BatchSizeRecommender.round(model.low()), "high",
					BatchSizeRecommender.round(model.high())));
			shown.put("monthlySavingsRange", Map.of("low", savings(evidence, model.low()), "high", savings(evidence, model.high())));
		}
		// Modelled speedups of public benchmarks spread widely around the model (bench/accuracy): modelled is LOW.
		Level level = option.measured() ? Level.HIGH : Level.LOW;
		return new Candidate(RecommendationType.PRECISION, "Switch from %s to %s".formatted(from, option.precision()),
				how + smallBatch + " " + recipe(from, option.precision(), evidence.training())
						+ (option.measured() ? "" : " This speedup is modelled from data sheets: confirm it with a 15-minute trial run at "
								+ option.precision() + " before rolling out; the next run then uses the measured speedup."),
				risks(option.precision()),
				List.of("Savings are the last 30 days' cost times (1 − 1/speedup).",
						"Time outside GPU compute (data loading, communication, kernel launches) is assumed not to speed up.",
						"About %.0f %% of the GPU's busy time is assumed to be matrix multiplications (published operator profiles: roughly 40–95 %%)."
							.formatted(100 * PerformanceModel.MATMUL_SHARE)),
				evidence.currentConfiguration(), evidence.currentConfiguration().withPrecision(option.precision()), shown,
				new Confidence(level, evidence.sampleCount(), evidence.lookbackDays(), null, option.measured()),
				BatchSizeRecommender.round(option.speedup()), evidence.monthlyCost(),
				Candidate.afterSpeedup(evidence.monthlyCost(), option.speedup()));
	}

	/** Lower precision halves activation memory: a larger safe batch may now pay on top. */
	private static Optional<Candidate> combined(WorkloadEvidence evidence, OperatingPoint current, String from,
			Option option) {
		if (current.batchSize() == null || current.throughputPerNode() == null || current.gpuMemoryUsedGiBMax() == null) {
			return Optional.empty();
		}
		Map<Integer, OperatingPoint> byBatch = BatchSizeRecommender.pointsByBatch(evidence, current);
		double u = PerformanceModel.computeShare(current.gpuUtil(), evidence.inference(), current.batchSize());
		Fit base = Fit.of(byBatch)
			.orElse(new Fit(current.batchSize() * (1 - u) / u, 1, 0, current.gpuMemoryUsedGiBMax() / current.batchSize(),
					Double.NaN, Double.NaN, Double.NaN, false));
		double bytes = PerformanceModel.BYTES.get(option.precision()) / PerformanceModel.BYTES.getOrDefault(from, 4.0);
		Fit lower = new Fit(base.alpha(), base.beta(), base.m0() * bytes, base.m1() * bytes, base.l0(), base.l1(),
				base.error(), base.latencyFitted());
		int largest = byBatch.keySet().stream().mapToInt(Integer::intValue).max().orElse(current.batchSize());
		Optional<Integer> batch = BatchSizeRecommender.bestBatch(evidence, current, lower,
				BatchSizeRecommender.EXTRAPOLATION * largest);
		if (batch.isEmpty() || batch.get() <= current.batchSize()) {
			return Optional.empty();
		}
		double batchGain = lower.throughput(batch.get()) / lower.throughput(current.batchSize());
		double speedup = option.speedup() * batchGain;
		if (batchGain < 1.03) {
			return Optional.empty();
		}
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("precisionSpeedup", BatchSizeRecommender.round(option.speedup()));
		shown.put("batchSpeedup", BatchSizeRecommender.round(batchGain));
		shown.put("gpuMemoryAtProposedGiB", BatchSizeRecommender.round(lower.memory(batch.get())));
		shown.put("measured", byBatch.values().stream().map(BatchSizeRecommender::point).toList());
		return Optional.of(new Candidate(RecommendationType.PRECISION_AND_BATCH_SIZE,
				"Switch to %s and raise the batch to %d".formatted(option.precision(), batch.get()),
				("%s needs %.0f %% of the memory per item of %s, so batch %d fits (%.1f GiB predicted): ×%.2f from precision and ×%.2f "
						+ "from the batch, ×%.2f together, more than either alone. ").formatted(option.precision(), 100 * bytes, from,
								batch.get(), lower.memory(batch.get()), option.speedup(), batchGain, speedup)
						+ BatchSizeRecommender.learningRateNote(evidence, current, batch.get()),
				risks(option.precision()), List.of("Memory per item scales with the bytes per value of the precision."),
				evidence.currentConfiguration(),
				evidence.currentConfiguration().withPrecision(option.precision()).withBatchSize(batch.get()), shown,
				new Confidence(Level.LOW, evidence.sampleCount(), evidence.lookbackDays(),
						Double.isFinite(base.error()) ? base.error() : null, false),
				BatchSizeRecommender.round(speedup), evidence.monthlyCost(),
				Candidate.afterSpeedup(evidence.monthlyCost(), speedup)));
	}

	/** The monthly savings at a speedup, {@code B_month · (1 − 1/S)}, never negative. */
	private static java.math.BigDecimal savings(WorkloadEvidence evidence, double speedup) {
		return evidence.monthlyCost()
			.subtract(Candidate.afterSpeedup(evidence.monthlyCost(), speedup))
			.max(java.math.BigDecimal.ZERO)
			.setScale(2, java.math.RoundingMode.HALF_EVEN);
	}

	private static String shareBasis(WorkloadEvidence evidence, OperatingPoint current, PerformanceModel.ComputeShare share) {
		return switch (share.basis()) {
			case BATCH_CURVE -> "the share of the step that grows with the batch between the measured batch sizes "
					+ BatchSizeRecommender.pointsByBatch(evidence, current).keySet() + ", at most the GPU utilization";
			case UTILIZATION -> "GPU utilization";
			case SMALL_BATCH -> "GPU utilization, capped at 0.3 at batch ≤ " + PerformanceModel.SMALL_BATCH;
			case ASSUMED -> "no GPU utilization reported, 0.5 assumed";
		};
	}

	private static String recipe(String from, String to, boolean training) {
		return switch (to) {
			case "TF32" -> "Enable TF32 matmuls (torch.backends.cuda.matmul.allow_tf32 = True): no model change.";
			case "BF16" -> training ? "Use automatic mixed precision with bfloat16 (torch.autocast(dtype=torch.bfloat16)); no loss scaling needed."
					: "Serve the model in bfloat16.";
			case "FP16" -> training ? "Use automatic mixed precision with float16 and dynamic loss scaling (GradScaler)."
					: "Serve the model in float16.";
			case "FP8" -> "Use FP8 through NVIDIA Transformer Engine (delayed scaling), keeping master weights in higher precision.";
			case "INT8" -> "Quantize for inference (e.g. SmoothQuant or TensorRT INT8 calibration) and validate accuracy on a held-out set.";
			default -> "Quantize weights to 4 bits (e.g. AWQ or GPTQ) and validate accuracy on a held-out set.";
		};
	}

	static List<String> risks(String to) {
		return switch (to) {
			case "INT8", "INT4" -> List.of("Accuracy risk: integer quantization can degrade model quality; compare against the current precision on your evaluation set before rollout.");
			case "FP8" -> List.of("Accuracy risk: FP8 needs per-tensor scaling; validate the loss curve or evaluation metrics.");
			case "FP16" -> List.of("FP16 has a narrow range: overflows need loss scaling in training.");
			default -> List.of("Numerics change slightly; compare evaluation metrics before and after.");
		};
	}
}
