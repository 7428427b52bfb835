package io.costwise.recommendation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.costing.CostQuery;
import io.costwise.costing.CostQuery.GroupBy;
import io.costwise.costing.CostReport;
import io.costwise.costing.Costs;
import io.costwise.pricing.PriceBook;
import io.costwise.pricing.Prices;
import io.costwise.telemetry.NodeLoad;
import io.costwise.telemetry.OperatingPoint;
import io.costwise.telemetry.UsageLedger;
import io.costwise.telemetry.WorkloadKind;
import io.costwise.telemetry.WorkloadReference;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One run of every recommender over the current tenant's workloads: evidence from the usage ledger
 * (and, for fleets, the last week's raw samples), prices from the tenant's price book, monthly cost
 * from the cost records. Live recommendations are updated in place; open ones a run no longer
 * supports expire.
 */
@Component
class RecommendationEngine {

	/** Node loads come from raw samples: a week is recent enough and cheap to read. */
	static final Duration NODE_WINDOW = Duration.ofDays(7);

	private final List<Recommender> recommenders;

	private final UsageLedger ledger;

	private final Costs costs;

	private final Prices prices;

	private final RecommendationStore store;

	private final RecommendationProperties settings;

	private final Clock clock;

	RecommendationEngine(List<Recommender> recommenders, UsageLedger ledger, Costs costs, Prices prices,
			RecommendationStore store, RecommendationProperties settings, Clock clock) {
		this.recommenders = recommenders;
		this.ledger = ledger;
		this.costs = costs;
		this.prices = prices;
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	/** What a run did. */
	record Run(int workloads, int saved, int expired) {
	}

	/**
	 * @param only the workloads to evaluate, or {@code null} for all of the tenant's
	 */
	@Transactional
	Run run(Collection<UUID> workloadIds) {
		Set<UUID> only = workloadIds == null ? null : Set.copyOf(workloadIds);
		LocalDate to = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1);
		LocalDate from = to.minusDays(settings.lookback().toDays());
		Map<UUID, WorkloadReference> workloads = ledger.workloads();
		Map<UUID, List<OperatingPoint>> points = ledger.operatingPoints(from, to)
			.stream()
			.filter(point -> only == null || only.contains(point.workloadId()))
			.collect(Collectors.groupingBy(OperatingPoint::workloadId));
		Map<String, BigDecimal> monthly = monthlyCosts(from, to);
		Map<UUID, List<NodeLoad>> nodes = nodeLoads(points.keySet(), workloads);
		PriceBook book = prices.priceBook();
		Instant now = clock.instant();
		List<UUID> renewed = new ArrayList<>();
		for (Map.Entry<UUID, List<OperatingPoint>> entry : points.entrySet()) {
			WorkloadReference workload = workloads.get(entry.getKey());
			if (workload == null) {
				continue;
			}
			WorkloadEvidence evidence = new WorkloadEvidence(workload,
					monthly.getOrDefault(workload.key(), BigDecimal.ZERO), entry.getValue(),
					nodes.getOrDefault(entry.getKey(), List.of()), book, from, to, settings);
			for (Candidate candidate : candidates(evidence)) {
				renewed.add(store.save(workload.id(), candidate, from, to, now));
			}
		}
		Collection<UUID> evaluated = only == null ? workloads.keySet() : only;
		int expired = store.expireOthers(evaluated, renewed, now);
		return new Run(points.size(), renewed.size(), expired);
	}

	/** One workload's evidence as a run would see it; empty without telemetry in the lookback. */
	java.util.Optional<WorkloadEvidence> evidence(WorkloadReference workload) {
		LocalDate to = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1);
		LocalDate from = to.minusDays(settings.lookback().toDays());
		List<OperatingPoint> points = ledger.operatingPoints(from, to)
			.stream()
			.filter(point -> point.workloadId().equals(workload.id()))
			.toList();
		if (points.isEmpty()) {
			return java.util.Optional.empty();
		}
		Map<UUID, List<NodeLoad>> nodes = nodeLoads(Set.of(workload.id()), Map.of(workload.id(), workload));
		return java.util.Optional.of(new WorkloadEvidence(workload,
				monthlyCosts(from, to).getOrDefault(workload.key(), BigDecimal.ZERO), points,
				nodes.getOrDefault(workload.id(), List.of()), prices.priceBook(), from, to, settings));
	}

	/** Every recommender's proposals worth making. */
	List<Candidate> candidates(WorkloadEvidence evidence) {
		List<Candidate> candidates = new ArrayList<>();
		for (Recommender recommender : recommenders) {
			for (Candidate candidate : recommender.recommend(evidence)) {
				boolean worthIt = candidate.monthlySavings().doubleValue() >= settings.minimumMonthlySavings()
						|| candidate.type() == RecommendationType.MEMORY_SAFETY;
				if (worthIt) {
					candidates.add(candidate);
				}
			}
		}
		return candidates;
	}

	private Map<String, BigDecimal> monthlyCosts(LocalDate from, LocalDate to) {
		CostReport report = costs.report(CostQuery.between(from, to).groupedBy(GroupBy.WORKLOAD, null));
		double days = to.toEpochDay() - from.toEpochDay();
		Map<String, BigDecimal> monthly = new HashMap<>();
		for (CostReport.Group group : report.groups()) {
			if (group.key() != null) {
				monthly.put(group.key(), group.totals().billedCost().multiply(BigDecimal.valueOf(30 / days)));
			}
		}
		return monthly;
	}

	private Map<UUID, List<NodeLoad>> nodeLoads(Set<UUID> evaluated, Map<UUID, WorkloadReference> workloads) {
		List<UUID> inference = evaluated.stream()
			.filter(id -> workloads.containsKey(id) && workloads.get(id).kind() == WorkloadKind.INFERENCE)
			.toList();
		if (inference.isEmpty()) {
			return Map.of();
		}
		Instant now = clock.instant();
		return ledger.nodeLoads(inference, now.minus(NODE_WINDOW), now)
			.stream()
			.collect(Collectors.groupingBy(NodeLoad::workloadId));
	}
}
