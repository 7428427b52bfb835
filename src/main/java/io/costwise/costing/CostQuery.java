package io.costwise.costing;

import java.time.LocalDate;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Which costs to total, and how to slice them. Filters left {@code null} do not filter.
 *
 * @param from the first day (UTC)
 * @param to the day after the last (UTC)
 * @param groupBy one group per value; {@code null} for the totals alone
 * @param step a series per group; {@code null} for one figure per group
 * @param label {@code name:value} a workload's labels must hold
 */
public record CostQuery(LocalDate from, LocalDate to, @Schema(nullable = true) GroupBy groupBy,
		@Schema(nullable = true) Step step, @Schema(nullable = true) String workload, @Schema(nullable = true) String team,
		@Schema(nullable = true) String project, @Schema(nullable = true) String label, @Schema(nullable = true) String kind,
		@Schema(nullable = true) String provider, @Schema(nullable = true) String region,
		@Schema(nullable = true) String gpuModel) {

	public enum GroupBy {

		WORKLOAD, TEAM, PROJECT, KIND, GPU_MODEL, PROVIDER, REGION, INSTANCE_TYPE, PURCHASE_OPTION, DAY

	}

	public enum Step {

		DAY, WEEK, MONTH

	}

	public static CostQuery between(LocalDate from, LocalDate to) {
		return new CostQuery(from, to, null, null, null, null, null, null, null, null, null, null);
	}

	public CostQuery groupedBy(GroupBy by, Step every) {
		return new CostQuery(from, to, by, every, workload, team, project, label, kind, provider, region, gpuModel);
	}
}
