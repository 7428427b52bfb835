package io.costwise.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

import io.costwise.pricing.GpuModel;
import io.costwise.recommendation.PerformanceModel.Assumptions;
import io.costwise.recommendation.PerformanceModel.ComputeShare;
import io.costwise.recommendation.PerformanceModel.ShareBasis;
import org.junit.jupiter.api.Test;

/**
 * The precision model on numbers worked out by hand: the compute share from a workload's batch-size
 * curve, the split of the busy time into matrix multiplications and memory-bound kernels, and the range.
 */
class PerformanceModelTests {

	static final GpuModel A100 = Telemetry.CATALOG.gpuModel("A100-80GB").orElseThrow();

	static final GpuModel H100 = Telemetry.CATALOG.gpuModel("H100").orElseThrow();

	/** Throughput per batch size of a step time {@code t(b)}. */
	static Map<Integer, Double> curve(IntToDoubleFunction stepSeconds, int... batches) {
		Map<Integer, Double> curve = new TreeMap<>();
		for (int b : batches) {
			curve.put(b, b / stepSeconds.applyAsDouble(b));
		}
		return curve;
	}

	@Test
	void onAStraightStepTimeLineTheShareThatGrowsWithTheBatchIsBetaBOverTheStep() {
		// t(b) = 0.05 + 0.002·b: at b = 64 the batch-proportional part is 0.128 of 0.178 s
		Map<Integer, Double> line = curve(b -> 0.05 + 0.002 * b, 32, 64, 128);

		assertThat(PerformanceModel.batchShare(line, 64).getAsDouble()).isCloseTo(0.128 / 0.178, within(1e-9));
		assertThat(PerformanceModel.batchShare(line, 128).getAsDouble()).isCloseTo(0.256 / 0.306, within(1e-9));
		assertThat(PerformanceModel.batchShare(line, 32).getAsDouble()).isCloseTo(0.064 / 0.114, within(1e-9));
	}

	@Test
	void aLaunchBoundStepThatDoesNotGrowWithTheBatchHasNoComputeShare() {
		// eager-mode inference: 10 ms per step whatever the batch up to 8, then 1.25 ms per item
		Map<Integer, Double> launchBound = curve(b -> Math.max(0.010, 0.00125 * b), 1, 2, 4, 8, 16, 32);

		assertThat(PerformanceModel.batchShare(launchBound, 2).getAsDouble()).isZero();
		assertThat(PerformanceModel.batchShare(launchBound, 32).getAsDouble()).isCloseTo(1.0, within(1e-9));
		// at the knee, half of the slope to the next batch: (0.02 − 0.01)/8 · 8 / 0.01 = 1, to the previous 0
		assertThat(PerformanceModel.batchShare(launchBound, 8).getAsDouble()).isCloseTo((0.020 - 0.010) / 12 * 8 / 0.010,
				within(1e-9));
	}

	@Test
	void oneMeasuredBatchSizeSaysNothingAboutTheShare() {
		assertThat(PerformanceModel.batchShare(Map.of(64, 500.0), 64)).isEmpty();
		assertThat(PerformanceModel.batchShare(Map.of(32, 300.0, 128, 600.0), 64)).isEmpty();
	}

	@Test
	void theCurveShareIsNeverMoreThanTheUtilizationAndFallsBackToIt() {
		Map<Integer, Double> line = curve(b -> 0.001 * b + 0.0001, 32, 64);

		ComputeShare fromCurve = PerformanceModel.computeShare(0.7, false, 64, line);
		ComputeShare single = PerformanceModel.computeShare(0.7, false, 64, Map.of(64, 1000.0));
		ComputeShare batchOne = PerformanceModel.computeShare(0.9, true, 1, Map.of(1, 100.0));

		assertThat(fromCurve).isEqualTo(new ComputeShare(0.7, ShareBasis.BATCH_CURVE));
		assertThat(single).isEqualTo(new ComputeShare(0.7, ShareBasis.UTILIZATION));
		assertThat(batchOne).isEqualTo(new ComputeShare(0.3, ShareBasis.SMALL_BATCH));
		assertThat(PerformanceModel.computeShare(null, false, 64, Map.of()).basis()).isEqualTo(ShareBasis.ASSUMED);
	}

	@Test
	void matrixMultiplicationsGainThePeakRatioAndTheMemoryBoundRestTheBytesRatio() {
		// A100 FP32 → BF16: k = min(312/19.5, 2 · 2) = 4, r = 4/2 = 2; f = 0.8, g = 0.6:
		// S = 1 / (0.2 + 0.8·0.6/4 + 0.8·0.4/2) = 1 / 0.48
		var speedup = PerformanceModel.precisionSpeedup(A100, "FP32", "BF16", true,
				new ComputeShare(0.8, ShareBasis.UTILIZATION), Assumptions.DEFAULT).orElseThrow();

		assertThat(speedup.peakRatio()).isEqualTo(4.0);
		assertThat(speedup.memoryRatio()).isEqualTo(2.0);
		assertThat(speedup.speedup()).isCloseTo(1 / 0.48, within(1e-9));
	}

	@Test
	void tf32ChangesOnlyTheMatrixMultiplications() {
		// FP32 → TF32 moves the same bytes: r = 1, k = min(156/19.5, 2 · 1) = 2; S = 1 / (0.2 + 0.8·0.6/2 + 0.8·0.4)
		var speedup = PerformanceModel.precisionSpeedup(A100, "FP32", "TF32", true,
				new ComputeShare(0.8, ShareBasis.UTILIZATION), Assumptions.DEFAULT).orElseThrow();

		assertThat(speedup.speedup()).isCloseTo(1 / (0.2 + 0.24 + 0.32), within(1e-9));
	}

	@Test
	void fp8TrainingKeepsActivationsInBf16SoOnlyItsMatrixMultiplicationsSpeedUp() {
		ComputeShare f = new ComputeShare(0.9, ShareBasis.UTILIZATION);

		var training = PerformanceModel.precisionSpeedup(H100, "BF16", "FP8", true, f, Assumptions.DEFAULT).orElseThrow();
		var inference = PerformanceModel.precisionSpeedup(H100, "BF16", "FP8", false, f, Assumptions.DEFAULT).orElseThrow();

		// training: Amdahl over the GEMM share f·g at k = 2 (the rule the engine had); inference also halves activation bytes
		assertThat(training.speedup()).isCloseTo(PerformanceModel.amdahl(0.9 * 0.6, 2), within(1e-9));
		assertThat(inference.speedup()).isCloseTo(1 / (0.1 + 0.9 * 0.6 / 2 + 0.9 * 0.4 / 2), within(1e-9));
	}

	@Test
	void theModelledSpeedupComesWithTheRangeMeasuredAroundItWiderWithoutABatchCurve() {
		var fromUtilization = PerformanceModel.precisionSpeedup(A100, "FP16", "INT8", false,
				new ComputeShare(0.9, ShareBasis.UTILIZATION), Assumptions.DEFAULT).orElseThrow();
		var fromCurve = PerformanceModel.precisionSpeedup(A100, "FP16", "INT8", false,
				new ComputeShare(0.9, ShareBasis.BATCH_CURVE), Assumptions.DEFAULT).orElseThrow();

		assertThat(fromCurve.speedup()).isEqualTo(fromUtilization.speedup());
		assertThat(fromCurve.low()).isCloseTo(fromCurve.speedup() * PerformanceModel.BAND_FROM_BATCH_CURVE.low(), within(1e-9));
		assertThat(fromCurve.high()).isCloseTo(fromCurve.speedup() * PerformanceModel.BAND_FROM_BATCH_CURVE.high(), within(1e-9));
		assertThat(fromUtilization.high() - fromUtilization.low()).isGreaterThan(fromCurve.high() - fromCurve.low());
		assertThat(fromCurve.low()).isLessThan(fromCurve.speedup()).isGreaterThan(0);
	}
}
