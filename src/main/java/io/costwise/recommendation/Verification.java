package io.costwise.recommendation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import io.costwise.costing.CostQuery;
import io.costwise.costing.CostReport;
import io.costwise.costing.Costs;
import io.costwise.identity.CurrentTenant;
import io.costwise.recommendation.RecommendationStore.Stored;
import io.costwise.telemetry.UsageLedger;
import io.costwise.telemetry.WorkloadReference;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether applied recommendations saved what they promised: once a settle period of new telemetry
 * has passed, the unit cost after the change is compared with the one recorded when it was applied.
 * A recommendation that realized at least half its predicted savings is VERIFIED, else NOT_REALIZED.
 */
@Component
class Verification {

	static final double REALIZED_ENOUGH = 0.5;

	private final RecommendationStore store;

	private final Recommendations recommendations;

	private final Costs costs;

	private final UsageLedger ledger;

	private final RecommendationProperties settings;

	private final Clock clock;

	Verification(RecommendationStore store, Recommendations recommendations, Costs costs, UsageLedger ledger,
			RecommendationProperties settings, Clock clock) {
		this.store = store;
		this.recommendations = recommendations;
		this.costs = costs;
		this.ledger = ledger;
		this.settings = settings;
		this.clock = clock;
	}

	/** Verifies the current tenant's applied recommendations that have settled; returns how many. */
	@Transactional
	int verifyDue() {
		Map<java.util.UUID, String> keys = ledger.workloads()
			.values()
			.stream()
			.collect(java.util.stream.Collectors.toMap(WorkloadReference::id, WorkloadReference::key));
		LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
		int verified = 0;
		for (Stored stored : store.query(" and r.status = 'APPLIED'", Map.of(), keys)) {
			Recommendation applied = stored.recommendation();
			LocalDate appliedDay = applied.appliedAt().atZone(ZoneOffset.UTC).toLocalDate();
			LocalDate after = appliedDay.plusDays(1);
			CostQuery since = new CostQuery(after, today.plusDays(1), CostQuery.GroupBy.DAY, null, applied.workload(), null,
					null, null, null, null, null, null);
			CostReport settled = costs.report(since);
			if (!after.isBefore(today.plusDays(1)) || settled.groups().size() < settings.settleDays()) {
				continue;
			}
			Recommendations.Baseline now = recommendations.unitCost(applied.workload(), after, today.plusDays(1));
			Recommendations.Baseline baseline = applied.verification() != null
					? new Recommendations.Baseline(applied.verification().baselineUnitCost(), applied.verification().unit())
					: recommendations.unitCost(applied.workload(), appliedDay.minusDays(Recommendations.BASELINE_DAYS), after);
			BigDecimal before = baseline.cost();
			BigDecimal realized = before.signum() == 0 ? BigDecimal.ZERO
					: BigDecimal.ONE.subtract(now.cost().divide(before, 10, RoundingMode.HALF_EVEN))
						.multiply(applied.currentMonthlyCost())
						.setScale(2, RoundingMode.HALF_EVEN);
			boolean enough = realized.signum() > 0
					&& realized.compareTo(applied.monthlySavings().multiply(BigDecimal.valueOf(REALIZED_ENOUGH))) >= 0;
			RecommendationStatus outcome = enough ? RecommendationStatus.VERIFIED : RecommendationStatus.NOT_REALIZED;
			store.verified(applied.id(), outcome, baseline, now.cost(), realized, clock.instant());
			store.event(applied.id(), outcome, "Unit cost %s → %s %s; realized %s of %s USD/month predicted".formatted(
					before.stripTrailingZeros().toPlainString(), now.cost().stripTrailingZeros().toPlainString(), now.unit(),
					realized.toPlainString(), applied.monthlySavings().setScale(2, RoundingMode.HALF_EVEN).toPlainString()),
					CurrentTenant.actor(), clock.instant());
			verified++;
		}
		return verified;
	}
}
