package io.costwise.recommendation;

import java.math.BigDecimal;
import java.util.List;

/**
 * How right each recommender was: predicted against realized monthly savings of the verified
 * recommendations.
 *
 * @param realizedShare realized / predicted over all of the type's verified recommendations
 * @param medianRealizedShare the median of each recommendation's realized / predicted
 */
public record Calibration(List<Type> types) {

	public record Type(RecommendationType type, int verified, int notRealized, BigDecimal predictedMonthlySavings,
			BigDecimal realizedMonthlySavings, Double realizedShare, Double medianRealizedShare) {
	}
}
