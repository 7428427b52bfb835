package io.costwise.reporting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.costwise.costing.CostFigures;
import io.costwise.costing.CostQuery;
import io.costwise.costing.CostQuery.GroupBy;
import io.costwise.costing.CostQuery.Step;
import io.costwise.costing.CostReport;
import io.costwise.costing.Costs;
import io.costwise.recommendation.Recommendation;
import io.costwise.recommendation.RecommendationFilter;
import io.costwise.recommendation.RecommendationStatus;
import io.costwise.recommendation.Recommendations;

/**
 * What one report says, read from the same APIs the web UI reads, so its figures equal theirs.
 *
 * @param to the day after the period
 * @param previous the same figures for the period before, for the change
 * @param daily billed cost per day of the period, for the chart
 */
record Digest(String name, LocalDate from, LocalDate to, List<ReportContent> content, CostFigures totals,
		CostFigures previous, List<WorkloadLine> topWorkloads, List<WorkloadLine> increases,
		List<Recommendation> openRecommendations, BigDecimal openSavings, List<Recommendation> verified,
		List<CostReport.Point> daily) {

	static final int TOP = 5;

	/** A workload's billed cost in the period, and in the one before. */
	record WorkloadLine(String workload, BigDecimal billedCost, BigDecimal previousBilledCost) {

		BigDecimal change() {
			return billedCost.subtract(previousBilledCost);
		}
	}

	static Digest of(ReportSubscription subscription, LocalDate from, LocalDate to, Costs costs,
			Recommendations recommendations) {
		long days = to.toEpochDay() - from.toEpochDay();
		CostQuery period = new CostQuery(from, to, null, null, null, subscription.team(), subscription.project(),
				subscription.label(), null, null, null, null);
		CostQuery before = new CostQuery(from.minusDays(days), from, null, null, null, subscription.team(),
				subscription.project(), subscription.label(), null, null, null, null);
		CostReport current = costs.report(period.groupedBy(GroupBy.WORKLOAD, null));
		CostReport earlier = costs.report(before.groupedBy(GroupBy.WORKLOAD, null));
		CostReport daily = costs.report(period.groupedBy(null, Step.DAY));
		Map<String, BigDecimal> earlierByWorkload = new HashMap<>();
		earlier.groups().forEach(group -> earlierByWorkload.put(group.key(), group.totals().billedCost()));
		List<WorkloadLine> lines = new ArrayList<>();
		current.groups().forEach(group -> lines.add(new WorkloadLine(group.key(), group.totals().billedCost(),
				earlierByWorkload.getOrDefault(group.key(), BigDecimal.ZERO))));
		List<WorkloadLine> increases = lines.stream()
			.filter(line -> line.change().signum() > 0)
			.sorted(Comparator.comparing(WorkloadLine::change).reversed())
			.limit(TOP)
			.toList();
		List<Recommendation> open = recommendations
			.list(new RecommendationFilter(null, null, RecommendationStatus.OPEN, null, null), null, TOP)
			.items();
		List<Recommendation> verified = recommendations
			.list(new RecommendationFilter(null, null, RecommendationStatus.VERIFIED, null, null), null, 200)
			.items()
			.stream()
			.filter(r -> r.verification() != null && r.verification().verifiedAt() != null)
			.filter(r -> !r.verification().verifiedAt().isBefore(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
					&& r.verification().verifiedAt().isBefore(to.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
			.toList();
		return new Digest(subscription.name(), from, to, subscription.content(), current.totals(), earlier.totals(),
				lines.stream().limit(TOP).toList(), increases, open, recommendations.savings().monthlySavings(), verified,
				daily.groups().isEmpty() ? List.of() : daily.groups().get(0).points());
	}

	boolean shows(ReportContent section) {
		return content.contains(section);
	}
}
