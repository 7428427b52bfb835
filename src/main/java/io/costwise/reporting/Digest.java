package io.costwise.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.costwise.CursorPage;
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
import io.costwise.recommendation.Savings;

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

	static final int VERIFIED_SHOWN = 50;

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
		// A report scoped to a team, project or label speaks of that scope's recommendations only.
		Optional<Set<String>> scope = costs.workloadsSelected(period);
		Predicate<String> inScope = workload -> scope.map(keys -> keys.contains(workload)).orElse(true);
		Savings savings = recommendations.savings();
		BigDecimal openSavings = scope.isEmpty() ? savings.monthlySavings()
				: savings.workloads().stream()
					.filter(workload -> inScope.test(workload.workload()))
					.map(Savings.WorkloadSavings::monthlySavings)
					.reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
		Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
		List<Recommendation> open = largest(recommendations, RecommendationStatus.OPEN,
				r -> inScope.test(r.workload()), TOP);
		List<Recommendation> verified = largest(recommendations, RecommendationStatus.VERIFIED,
				r -> inScope.test(r.workload()) && r.verification() != null && r.verification().verifiedAt() != null
						&& !r.verification().verifiedAt().isBefore(start) && r.verification().verifiedAt().isBefore(end),
				VERIFIED_SHOWN);
		return new Digest(subscription.name(), from, to, subscription.content(), current.totals(), earlier.totals(),
				lines.stream().limit(TOP).toList(), increases, open, openSavings, verified,
				daily.groups().isEmpty() ? List.of() : daily.groups().get(0).points());
	}

	/** Up to {@code max} recommendations in a status that match, largest savings first. */
	private static List<Recommendation> largest(Recommendations recommendations, RecommendationStatus status,
			Predicate<Recommendation> matching, int max) {
		RecommendationFilter filter = RecommendationFilter.inStatus(status);
		List<Recommendation> found = new ArrayList<>();
		String cursor = null;
		do {
			CursorPage<Recommendation> page = recommendations.list(filter, cursor, 500);
			page.items().stream().filter(matching).limit(max - found.size()).forEach(found::add);
			cursor = page.nextCursor();
		}
		while (cursor != null && found.size() < max);
		return found;
	}

	boolean shows(ReportContent section) {
		return content.contains(section);
	}
}
