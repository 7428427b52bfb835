package io.costwise.recommendation;

import java.math.BigDecimal;

import io.costwise.recommendation.Confidence.Level;

/** Which recommendations to list; {@code null} parts do not filter. */
public record RecommendationFilter(String workload, RecommendationType type, RecommendationStatus status,
		Level confidence, BigDecimal minSavings) {
}
