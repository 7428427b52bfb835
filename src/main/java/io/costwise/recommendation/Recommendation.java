package io.costwise.recommendation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What to change on a workload, what it saves per month, how sure we are and why.
 *
 * @param speedup the predicted throughput ratio (proposed / current), where the change is about speed
 * @param currentMonthlyCost the workload's billed cost over the last 30 days
 * @param predictedMonthlyCost what the same work costs with the change
 * @param evidence the numbers the recommender worked from (measured points, fitted curves)
 * @param evidenceFrom first day of the telemetry read
 * @param verification realized against predicted savings, once applied and settled
 */
public record Recommendation(UUID id, String workload, RecommendationType type, RecommendationStatus status,
		String title, String rationale, List<String> risks, List<String> assumptions, WorkloadConfiguration current,
		WorkloadConfiguration proposed, Map<String, Object> evidence, Confidence confidence,
		@Schema(nullable = true) Double speedup, BigDecimal currentMonthlyCost, BigDecimal predictedMonthlyCost,
		BigDecimal monthlySavings, LocalDate evidenceFrom, LocalDate evidenceTo, Instant createdAt, Instant updatedAt,
		@Schema(nullable = true) Instant appliedAt, @Schema(nullable = true) Verification verification) {

	/**
	 * @param baselineUnitCost cost per work unit (or per day where the workload reports no work units)
	 * before the change
	 * @param realizedUnitCost the same after it settled
	 * @param unit what the unit costs are per
	 */
	public record Verification(BigDecimal baselineUnitCost, @Schema(nullable = true) BigDecimal realizedUnitCost,
			String unit, @Schema(nullable = true) BigDecimal realizedMonthlySavings, @Schema(nullable = true) Instant verifiedAt) {
	}

	/** A status change, with who made it and why. */
	public record Event(Instant at, RecommendationStatus status, @Schema(nullable = true) String reason, String actor) {
	}
}
