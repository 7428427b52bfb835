package io.costwise.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import io.costwise.recommendation.Confidence.Level;
import org.junit.jupiter.api.Test;

/**
 * The precision recommender on hand-built telemetry: what the batch-size curve says about the compute
 * share, and how a modelled speedup is presented (a range, LOW, a trial run) against a measured one.
 */
class PrecisionRecommenderTests {

	final PrecisionRecommender recommender = new PrecisionRecommender();

	/** Eager-mode inference on a V100: 10 ms per step whatever the batch up to 8, then 1.25 ms per item. */
	static Telemetry launchBound(int current) {
		Telemetry telemetry = Telemetry.inference("V100-16GB");
		for (int batch : new int[] { 1, 2, 4, 8, 16, 32 }) {
			telemetry.ran(batch, "FP32", batch / Math.max(0.010, 0.00125 * batch), 0.9, batch == current ? 10 : 1);
		}
		return telemetry;
	}

	@Test
	void aStepThatDoesNotGrowWithTheBatchGainsNothingFromPrecisionHoweverBusyTheGpuLooks() {
		// at batch 4 the step time is flat between batch 2 and 8: f = 0.05 (the floor), S = 1/(0.95 + 0.0075 + 0.01) < 1.05
		assertThat(recommender.recommend(launchBound(4).evidence())).isEmpty();

		// the same utilization at one batch size: f = 0.9, S = 1/(0.1 + 0.9·0.6/4 + 0.9·0.4/2)
		var single = Telemetry.inference("V100-16GB").ran(4, "FP32", 400, 0.9, 10).evidence();
		assertThat(recommender.recommend(single)).filteredOn(c -> c.type() == RecommendationType.PRECISION)
			.singleElement()
			.satisfies(c -> assertThat(c.speedup()).isCloseTo(1 / (0.1 + 0.135 + 0.18), within(1e-3)));
	}

	@Test
	void pastTheLaunchBoundBatchesTheCurveSaysTheStepIsCompute() {
		// at batch 32 the step grows in proportion to the batch: f = min(0.9, 1) = 0.9
		var candidate = recommender.recommend(launchBound(32).evidence()).get(0);

		assertThat(candidate.evidence().get("computeShareBasis")).isEqualTo("BATCH_CURVE");
		assertThat((Double) candidate.evidence().get("computeShare")).isCloseTo(0.9, within(1e-9));
		assertThat(candidate.rationale()).contains("grows with the batch");
	}

	@Test
	void aModelledSpeedupIsARangeAtLowConfidenceWithATrialRun() {
		var evidence = Telemetry.training("A100-80GB").ran(64, "FP32", 500, 0.8, 10).evidence();

		Candidate candidate = recommender.recommend(evidence).get(0);

		// A100 FP32 → BF16 at f = 0.8: S = 1/0.48; range × 0.63 … × 1.42 (no batch curve)
		assertThat(candidate.proposed().precision()).isEqualTo("BF16");
		assertThat(candidate.speedup()).isCloseTo(1 / 0.48, within(1e-3));
		assertThat(candidate.confidence().level()).isEqualTo(Level.LOW);
		@SuppressWarnings("unchecked")
		Map<String, Double> range = (Map<String, Double>) candidate.evidence().get("speedupRange");
		assertThat(range.get("low")).isCloseTo(0.63 / 0.48, within(1e-3));
		assertThat(range.get("high")).isCloseTo(1.42 / 0.48, within(1e-3));
		assertThat(candidate.evidence().get("monthlySavingsRange")).isNotNull();
		assertThat(candidate.rationale()).contains("trial run").contains("×1.31 to ×2.96");
	}

	@Test
	void aMeasuredSpeedupIsUsedAsMeasured() {
		var evidence = Telemetry.training("A100-80GB").ran(64, "FP32", 500, 0.8, 10).ran(64, "BF16", 1100, 0.8, 2).evidence();

		Candidate candidate = recommender.recommend(evidence).get(0);

		assertThat(candidate.speedup()).isCloseTo(2.2, within(1e-9));
		assertThat(candidate.confidence().level()).isEqualTo(Level.HIGH);
		assertThat(candidate.evidence()).doesNotContainKey("speedupRange");
		assertThat(List.of(candidate.rationale())).allMatch(text -> text.contains("measured throughput ×2.20"));
	}
}
