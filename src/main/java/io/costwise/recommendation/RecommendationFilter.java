package io.costwise.recommendation;

import java.math.BigDecimal;

import io.costwise.recommendation.Confidence.Level;

/**
 * Which recommendations to list; {@code null} parts do not filter.
 *
 * @param team only workloads with this {@code team} label
 * @param project only workloads with this {@code project} label
 */
public record RecommendationFilter(String workload, RecommendationType type, RecommendationStatus status,
		Level confidence, BigDecimal minSavings, String team, String project) {

	/** Every recommendation in a status. */
	public static RecommendationFilter inStatus(RecommendationStatus status) {
		return new RecommendationFilter(null, null, status, null, null, null, null);
	}
}
