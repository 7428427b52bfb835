package io.costwise.recommendation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** A recommendation as a recommender proposes it, before it is stored. */
record Candidate(RecommendationType type, String title, String rationale, List<String> risks,
		List<String> assumptions, WorkloadConfiguration current, WorkloadConfiguration proposed,
		Map<String, Object> evidence, Confidence confidence, Double speedup, BigDecimal currentMonthlyCost,
		BigDecimal predictedMonthlyCost) {

	BigDecimal monthlySavings() {
		return currentMonthlyCost.subtract(predictedMonthlyCost).max(BigDecimal.ZERO);
	}

	/** The same work at {@code 1 / speedup} of the time: {@code B_month · (1 − 1/S)} saved. */
	static BigDecimal afterSpeedup(BigDecimal monthlyCost, double speedup) {
		return monthlyCost.divide(BigDecimal.valueOf(speedup), 10, RoundingMode.HALF_EVEN);
	}

	/** The cost scaled by a price or capacity ratio. */
	static BigDecimal scaled(BigDecimal monthlyCost, double ratio) {
		return monthlyCost.multiply(BigDecimal.valueOf(ratio)).setScale(10, RoundingMode.HALF_EVEN);
	}
}
