package io.costwise.recommendation;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Open savings without double counting: per workload, the best compatible combination of its live
 * recommendations (alternatives of one kind are not added up; kinds that combine multiply).
 */
public record Savings(BigDecimal monthlySavings, BigDecimal currentMonthlyCost, List<WorkloadSavings> workloads) {

	/**
	 * @param recommendationIds the recommendations in the best combination
	 */
	public record WorkloadSavings(String workload, BigDecimal currentMonthlyCost, BigDecimal monthlySavings,
			List<UUID> recommendationIds) {
	}
}
