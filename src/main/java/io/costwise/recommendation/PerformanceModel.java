package io.costwise.recommendation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

import io.costwise.pricing.GpuModel;

/**
 * How fast a GPU runs a precision, from its dense peaks and memory bandwidth (roofline reasoning with
 * Amdahl's law), with what the workload's own telemetry says about the share of its step that is
 * compute. bench/accuracy validates it against published measurements.
 */
final class PerformanceModel {

	static final Map<String, Double> BYTES = Map.of("FP32", 4.0, "TF32", 4.0, "FP16", 2.0, "BF16", 2.0, "FP8", 1.0,
			"INT8", 1.0, "INT4", 0.5);

	/** Lower precisions a job may move to, in the order a team would try them. */
	static final Map<String, List<String>> TRAINING_STEPS = Map.of("FP32", List.of("TF32", "BF16", "FP16"), "TF32",
			List.of("BF16", "FP16"), "FP16", List.of("FP8"), "BF16", List.of("FP8"));

	static final Map<String, List<String>> INFERENCE_STEPS = Map.of("FP32", List.of("TF32", "BF16", "FP16", "INT8"),
			"TF32", List.of("BF16", "FP16", "INT8"), "FP16", List.of("FP8", "INT8"), "BF16", List.of("FP8", "INT8"), "FP8",
			List.of("INT4"), "INT8", List.of("INT4"));

	/** Below this batch size, inference is dominated by weight reads rather than arithmetic. */
	static final int SMALL_BATCH = 2;

	private PerformanceModel() {
	}

	/**
	 * The compute-bound share {@code f} of the run time: SM activity, but small-batch inference is
	 * memory-bound however busy the SMs look.
	 */
	static double computeShare(Double gpuUtil, boolean inference, Integer batchSize) {
		double f = gpuUtil == null ? 0.5 : clamp(gpuUtil);
		return inference && batchSize != null && batchSize <= SMALL_BATCH ? Math.min(f, 0.3) : f;
	}

	/**
	 * The peak ratio {@code k} of a lower precision, capped by memory traffic: a kernel cannot gain more
	 * than twice its bytes saving, since arithmetic intensity stays what the model makes it.
	 */
	static Double peakRatio(GpuModel gpu, String from, String to) {
		Double now = peak(gpu, from);
		Double then = peak(gpu, to);
		if (now == null || then == null || now <= 0) {
			return null;
		}
		double bytes = BYTES.getOrDefault(from, 4.0) / BYTES.getOrDefault(to, 4.0);
		return Math.min(then / now, 2 * bytes);
	}

	/**
	 * The share {@code g} of a GPU's busy time spent in matrix multiplications and convolutions, the
	 * kernels that run on the tensor cores at the datasheet peak ratio; the rest (normalisations,
	 * softmax, activations, optimizer steps) is memory-bound. Published operator profiles of training and
	 * inference put the GEMM share of GPU time between roughly 40 % and 95 % (NonGEMM Bench, Karami et
	 * al. 2024: 43–97 % of inference latency over 16 models; Ivanov et al. 2020, "Data Movement Is All You
	 * Need", find BERT training bound by the data movement of the non-GEMM kernels); 0.6 is a middle value,
	 * and bench/accuracy refits it with each source held out.
	 */
	static final double MATMUL_SHARE = 0.6;

	/**
	 * How far measured speedups fall from the modelled one, as measured ÷ modelled at the 10th and 90th
	 * percentiles of bench/accuracy's published benchmarks (the 55 same-batch cases whose share came from a
	 * batch-size curve; all 64 from one operating point): a range, not a promise; about one measurement in
	 * four fell outside it there, one in three with its source held out. Narrower where the compute share comes from the workload's own batch-size
	 * curve than where it is only the GPU utilization.
	 */
	record Band(double low, double high) {
	}

	static final Band BAND_FROM_BATCH_CURVE = new Band(0.70, 1.19);

	static final Band BAND_FROM_UTILIZATION = new Band(0.63, 1.42);

	/** The model's assumed constants, in one place so that bench/accuracy can refit them with a source held out. */
	record Assumptions(double matmulShare, Band fromBatchCurve, Band fromUtilization) {

		static final Assumptions DEFAULT = new Assumptions(MATMUL_SHARE, BAND_FROM_BATCH_CURVE, BAND_FROM_UTILIZATION);

		Band band(ShareBasis basis) {
			return basis == ShareBasis.BATCH_CURVE ? fromBatchCurve : fromUtilization;
		}
	}

	/** Where the compute-bound share came from. */
	enum ShareBasis {

		/** The workload's own step-time growth between measured batch sizes, at most its GPU utilization. */
		BATCH_CURVE,

		/** The GPU utilization. */
		UTILIZATION,

		/** The GPU utilization, capped because batch-1 or -2 inference is bound by weight reads and launches. */
		SMALL_BATCH,

		/** No utilization reported: 0.5 assumed. */
		ASSUMED

	}

	/** The compute-bound share {@code f} and what it rests on. */
	record ComputeShare(double value, ShareBasis basis) {
	}

	/**
	 * The compute-bound share from everything the telemetry says: where the workload ran at two or more
	 * batch sizes at this precision, the share of its step that grows with the batch ({@link #batchShare}),
	 * never more than the GPU utilization (time the GPU is idle cannot speed up); otherwise the
	 * utilization with the small-batch cap of {@link #computeShare(Double, boolean, Integer)}.
	 *
	 * @param throughputByBatch measured throughput per batch size, same machine and precision
	 */
	static ComputeShare computeShare(Double gpuUtil, boolean inference, Integer batchSize,
			Map<Integer, Double> throughputByBatch) {
		OptionalDouble fromCurve = batchSize == null ? OptionalDouble.empty() : batchShare(throughputByBatch, batchSize);
		if (fromCurve.isPresent()) {
			double busy = gpuUtil == null ? 0.98 : gpuUtil;
			return new ComputeShare(clamp(Math.min(busy, fromCurve.getAsDouble())), ShareBasis.BATCH_CURVE);
		}
		double f = computeShare(gpuUtil, inference, batchSize);
		ShareBasis basis = gpuUtil == null ? ShareBasis.ASSUMED
				: f < clamp(gpuUtil) ? ShareBasis.SMALL_BATCH : ShareBasis.UTILIZATION;
		return new ComputeShare(f, basis);
	}

	/**
	 * The share of the step at {@code batch} that grows with the batch: the elasticity
	 * {@code (b/t)·dt/db} of the step time {@code t(b) = b/θ(b)}, with the slope taken between the measured
	 * batch sizes on either side of {@code batch} (or {@code batch} and its one neighbour). Work that grows
	 * with the batch is arithmetic on the batch's data; what does not is fixed per step (kernel launches,
	 * framework overhead, weight reads), which a lower precision does not speed up. A flat step time
	 * (launch-bound, as eager-mode inference at small batches) gives a share near 0, a step time
	 * proportional to the batch a share near 1. Local rather than the batch-size recommender's single line,
	 * because step time is not a straight line across a wide range: flat while launch-bound, then linear.
	 *
	 * @return empty where fewer than two batch sizes (one of them {@code batch}) were measured
	 */
	static OptionalDouble batchShare(Map<Integer, Double> throughputByBatch, int batch) {
		Double here = throughputByBatch.get(batch);
		if (here == null || here <= 0 || batch <= 0) {
			return OptionalDouble.empty();
		}
		TreeMap<Integer, Double> curve = new TreeMap<>();
		throughputByBatch.forEach((b, throughput) -> {
			if (b != null && b > 0 && throughput != null && throughput > 0) {
				curve.put(b, throughput);
			}
		});
		Map.Entry<Integer, Double> below = curve.lowerEntry(batch);
		Map.Entry<Integer, Double> above = curve.higherEntry(batch);
		if (below == null && above == null) {
			return OptionalDouble.empty();
		}
		Map.Entry<Integer, Double> left = below != null ? below : Map.entry(batch, here);
		Map.Entry<Integer, Double> right = above != null ? above : Map.entry(batch, here);
		double slope = (right.getKey() / right.getValue() - left.getKey() / left.getValue())
				/ (right.getKey() - left.getKey());
		double step = batch / here;
		return OptionalDouble.of(Math.max(0, Math.min(1, slope * batch / step)));
	}

	/**
	 * The bytes ratio by which the memory-bound part of the step speeds up. Mixed precision and integer
	 * inference store activations in the lower precision, so normalisations and element-wise kernels move
	 * fewer bytes; FP8 training (Transformer Engine) runs only the matrix multiplications in FP8 and keeps
	 * activations, softmax, norms and optimizer in BF16, so its memory-bound part does not speed up.
	 */
	static double memoryRatio(String from, String to, boolean training) {
		if (training && "FP8".equals(to)) {
			return 1;
		}
		return Math.max(1, BYTES.getOrDefault(from, 4.0) / BYTES.getOrDefault(to, 4.0));
	}

	/**
	 * A modelled precision speedup: the busy share {@code f} of the step splits into matrix multiplications
	 * ({@code g}), which gain the peak ratio {@code k}, and memory-bound kernels, which gain the bytes ratio
	 * {@code r}; the rest of the step ({@code 1 − f}) does not change:
	 * {@code S = 1 / ((1 − f) + f·g/k + f·(1 − g)/r)}.
	 *
	 * @param low and {@code high}: the speedup times the band measured speedups fell in on public benchmarks
	 */
	record PrecisionSpeedup(double speedup, double low, double high, ComputeShare computeShare, double peakRatio,
			double matmulShare, double memoryRatio) {
	}

	static Optional<PrecisionSpeedup> precisionSpeedup(GpuModel gpu, String from, String to, boolean training,
			ComputeShare share, Assumptions assumptions) {
		Double k = peakRatio(gpu, from, to);
		if (k == null) {
			return Optional.empty();
		}
		double f = share.value();
		double g = assumptions.matmulShare();
		double r = memoryRatio(from, to, training);
		double speedup = 1 / ((1 - f) + f * g / k + f * (1 - g) / r);
		Band band = assumptions.band(share.basis());
		return Optional.of(new PrecisionSpeedup(speedup, speedup * band.low(), speedup * band.high(), share, k, g, r));
	}

	private static double clamp(double f) {
		return Math.max(0.05, Math.min(0.98, f));
	}

	/** Amdahl: {@code S = 1 / ((1 − f) + f/k)}. */
	static double amdahl(double f, double k) {
		return 1 / ((1 - f) + f / k);
	}

	/**
	 * How much faster one GPU of {@code to} runs the workload than one of {@code from}: the compute part
	 * scales with the peak at its precision, the rest with memory bandwidth.
	 */
	static Double relativeSpeed(GpuModel from, GpuModel to, String precision, double f) {
		Double peakFrom = peak(from, precision);
		Double peakTo = peak(to, precision);
		if (peakFrom == null || peakTo == null || from.memoryBandwidthGBps() == null || to.memoryBandwidthGBps() == null) {
			return null;
		}
		double compute = peakTo / peakFrom;
		double bandwidth = to.memoryBandwidthGBps() / from.memoryBandwidthGBps();
		return 1 / ((1 - f) / bandwidth + f / compute);
	}

	/** The dense peak at a precision; FP32 work without a TF32 opt-in runs on the FP32 units. */
	static Double peak(GpuModel gpu, String precision) {
		if (gpu == null) {
			return null;
		}
		return gpu.peak(precision == null ? "FP32" : precision);
	}

	static boolean accelerates(GpuModel gpu, String precision) {
		return peak(gpu, precision) != null;
	}
}
