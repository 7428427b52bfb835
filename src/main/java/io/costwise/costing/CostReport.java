package io.costwise.costing;

import java.time.LocalDate;
import java.util.List;

import io.costwise.costing.CostQuery.GroupBy;
import io.costwise.costing.CostQuery.Step;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Costs over a period: the totals, and per group (and step) where asked.
 *
 * @param to the day after the last
 * @param groups largest billed cost first
 */
public record CostReport(LocalDate from, LocalDate to, @Schema(nullable = true) GroupBy groupBy,
		@Schema(nullable = true) Step step, String currency, CostFigures totals, List<Group> groups) {

	/**
	 * @param key the group's value ({@code null} where the records did not say, e.g. a workload without a team label)
	 * @param points per step, oldest first; empty when no step was asked
	 */
	public record Group(@Schema(nullable = true) String key, CostFigures totals, List<Point> points) {
	}

	/** @param start the first day of the step */
	public record Point(LocalDate start, CostFigures figures) {
	}
}
