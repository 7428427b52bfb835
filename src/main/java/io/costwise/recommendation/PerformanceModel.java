package io.costwise.recommendation;

import java.util.List;
import java.util.Map;

import io.costwise.pricing.GpuModel;

/**
 * The prior when a workload's own telemetry says nothing: how fast a GPU runs a precision, from its
 * dense peaks and memory bandwidth (roofline reasoning with Amdahl's law).
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
		double f = gpuUtil == null ? 0.5 : Math.max(0.05, Math.min(0.98, gpuUtil));
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
	 * FP8 training (Transformer Engine) runs only the matrix multiplications in FP8; attention softmax,
	 * norms and optimizer steps stay in BF16. Calibrated against MosaicML's H100 runs (bench/accuracy).
	 */
	static final double FP8_MATMUL_SHARE = 0.6;

	/** The share of compute a precision change speeds up. */
	static double acceleratedShare(double f, String to, boolean training) {
		return training && "FP8".equals(to) ? f * FP8_MATMUL_SHARE : f;
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
