package io.costwise.recommendation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.ConflictException;
import io.costwise.CursorPage;
import io.costwise.InvalidFieldsException;
import io.costwise.NotFoundException;
import io.costwise.costing.CostFigures;
import io.costwise.costing.CostQuery;
import io.costwise.costing.Costs;
import io.costwise.identity.CurrentTenant;
import io.costwise.recommendation.RecommendationStore.Stored;
import io.costwise.recommendation.RecommendationType.Group;
import io.costwise.telemetry.UsageLedger;
import io.costwise.telemetry.WorkloadReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's recommendations: listed by savings, moved through their lifecycle with the
 * history kept, totalled without double counting, and calibrated against realized savings. The
 * module's API for the web layer and for reports.
 */
@Service
public class Recommendations {

	/** The unit cost before a change is measured over this many days up to the day it was applied. */
	static final int BASELINE_DAYS = 14;

	private static final Set<RecommendationStatus> LIVE = Set.of(RecommendationStatus.OPEN, RecommendationStatus.ACCEPTED);

	private final RecommendationStore store;

	private final UsageLedger ledger;

	private final Costs costs;

	private final JdbcClient jdbc;

	private final Clock clock;

	Recommendations(RecommendationStore store, UsageLedger ledger, Costs costs, JdbcClient jdbc, Clock clock) {
		this.store = store;
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.costs = costs;
		this.clock = clock;
	}

	/** Largest savings first. */
	@Transactional(readOnly = true)
	public CursorPage<Recommendation> list(RecommendationFilter filter, String cursor, int limit) {
		Map<UUID, WorkloadReference> workloads = ledger.workloads();
		StringBuilder where = new StringBuilder();
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (filter.workload() != null) {
			UUID id = workloads.values().stream().filter(w -> w.key().equals(filter.workload())).map(WorkloadReference::id)
				.findFirst().orElse(new UUID(0, 0));
			where.append(" and r.workload_id = :workload");
			parameters.put("workload", id);
		}
		labelled(filter.team(), filter.project(), workloads, where, parameters);
		if (filter.type() != null) {
			where.append(" and r.type = :type");
			parameters.put("type", filter.type().name());
		}
		if (filter.status() != null) {
			where.append(" and r.status = :status");
			parameters.put("status", filter.status().name());
		}
		if (filter.confidence() != null) {
			where.append(" and r.confidence = :confidence");
			parameters.put("confidence", filter.confidence().name());
		}
		if (filter.minSavings() != null) {
			where.append(" and r.monthly_savings >= :minSavings");
			parameters.put("minSavings", filter.minSavings());
		}
		if (cursor != null) {
			Position after = Position.decode(cursor);
			where.append(" and (r.monthly_savings, r.id) < (:afterSavings, :afterId)");
			parameters.put("afterSavings", after.savings());
			parameters.put("afterId", after.id());
		}
		where.append(" order by r.monthly_savings desc, r.id desc limit :limit");
		parameters.put("limit", limit + 1);
		List<Recommendation> rows = store.query(where.toString(), parameters, keys(workloads))
			.stream()
			.map(Stored::recommendation)
			.toList();
		if (rows.size() <= limit) {
			return new CursorPage<>(rows, null);
		}
		Recommendation last = rows.get(limit - 1);
		return new CursorPage<>(List.copyOf(rows.subList(0, limit)), new Position(last.monthlySavings(), last.id()).encode());
	}

	@Transactional(readOnly = true)
	public Recommendation get(UUID id) {
		return stored(id).recommendation();
	}

	@Transactional(readOnly = true)
	public List<Recommendation.Event> history(UUID id) {
		stored(id);
		return store.history(id);
	}

	@Transactional
	public Recommendation accept(UUID id, String reason) {
		return move(id, RecommendationStatus.ACCEPTED, Set.of(RecommendationStatus.OPEN), reason);
	}

	@Transactional
	public Recommendation dismiss(UUID id, String reason) {
		return move(id, RecommendationStatus.DISMISSED, LIVE, reason);
	}

	/** Marks it applied and records the unit cost before the change, to verify against once settled. */
	@Transactional
	public Recommendation apply(UUID id, String reason) {
		Recommendation applied = move(id, RecommendationStatus.APPLIED, LIVE, reason);
		LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
		Baseline baseline = unitCost(applied.workload(), today.minusDays(BASELINE_DAYS), today.plusDays(1));
		store.baseline(id, baseline.cost(), baseline.unit());
		return get(id);
	}

	/**
	 * Recommends on the current tenant's new telemetry at the next poll instead of after the debounce,
	 * which waits for more samples of a live stream: for telemetry known to be complete, such as a
	 * finished backfill. Workloads whose costs are still being computed still wait for them.
	 */
	@Transactional
	public void recommendSoon() {
		jdbc.sql("update recommendation_pending set due_at = least(due_at, ?) where tenant_id = ?")
			.param(Timestamp.from(clock.instant()))
			.param(CurrentTenant.require())
			.update();
	}

	/** The open savings per workload and in total, each workload's best compatible combination. */
	@Transactional(readOnly = true)
	public Savings savings() {
		return savings(null, null);
	}

	/**
	 * The open savings of the workloads with these labels.
	 * @param team the {@code team} label, or {@code null} for any
	 * @param project the {@code project} label, or {@code null} for any
	 */
	@Transactional(readOnly = true)
	public Savings savings(String team, String project) {
		Map<UUID, WorkloadReference> workloads = ledger.workloads();
		StringBuilder where = new StringBuilder(" and r.status in ('OPEN', 'ACCEPTED')");
		Map<String, Object> parameters = new LinkedHashMap<>();
		labelled(team, project, workloads, where, parameters);
		Map<String, List<Recommendation>> byWorkload = store
			.query(where.toString(), parameters, keys(workloads))
			.stream()
			.map(Stored::recommendation)
			.collect(Collectors.groupingBy(Recommendation::workload));
		List<Savings.WorkloadSavings> perWorkload = new ArrayList<>();
		byWorkload.forEach((workload, live) -> perWorkload.add(combine(workload, live)));
		perWorkload.sort(Comparator.comparing(Savings.WorkloadSavings::monthlySavings).reversed());
		BigDecimal total = perWorkload.stream().map(Savings.WorkloadSavings::monthlySavings).reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal cost = perWorkload.stream().map(Savings.WorkloadSavings::currentMonthlyCost).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new Savings(money(total), money(cost), perWorkload);
	}

	/** Narrows a query to the workloads with a team and project label, where either is given. */
	private static void labelled(String team, String project, Map<UUID, WorkloadReference> workloads, StringBuilder where,
			Map<String, Object> parameters) {
		if (team == null && project == null) {
			return;
		}
		where.append(" and r.workload_id = any(:labelled)");
		parameters.put("labelled", workloads.values()
			.stream()
			.filter(w -> team == null || team.equals(w.labels().get("team")))
			.filter(w -> project == null || project.equals(w.labels().get("project")))
			.map(WorkloadReference::id)
			.toArray(UUID[]::new));
	}

	@Transactional(readOnly = true)
	public Calibration calibration() {
		List<Recommendation> done = store
			.query(" and r.status in ('VERIFIED', 'NOT_REALIZED')", Map.of(), keys(ledger.workloads()))
			.stream()
			.map(Stored::recommendation)
			.toList();
		List<Calibration.Type> types = new ArrayList<>();
		done.stream().collect(Collectors.groupingBy(Recommendation::type, () -> new EnumMap<>(RecommendationType.class),
				Collectors.toList())).forEach((type, recommendations) -> {
					BigDecimal predicted = recommendations.stream().map(Recommendation::monthlySavings).reduce(BigDecimal.ZERO, BigDecimal::add);
					BigDecimal realized = recommendations.stream()
						.map(r -> r.verification().realizedMonthlySavings() == null ? BigDecimal.ZERO : r.verification().realizedMonthlySavings())
						.reduce(BigDecimal.ZERO, BigDecimal::add);
					List<Double> shares = recommendations.stream()
						.filter(r -> r.monthlySavings().signum() > 0 && r.verification().realizedMonthlySavings() != null)
						.map(r -> r.verification().realizedMonthlySavings().doubleValue() / r.monthlySavings().doubleValue())
						.sorted()
						.toList();
					int verified = (int) recommendations.stream().filter(r -> r.status() == RecommendationStatus.VERIFIED).count();
					types.add(new Calibration.Type(type, verified, recommendations.size() - verified, money(predicted),
							money(realized), predicted.signum() == 0 ? null : realized.doubleValue() / predicted.doubleValue(),
							shares.isEmpty() ? null : shares.get(shares.size() / 2)));
				});
		return new Calibration(types);
	}

	/** Cost per work unit over [from, to), or per day where the workload reports no work units. */
	record Baseline(BigDecimal cost, String unit) {
	}

	Baseline unitCost(String workload, LocalDate from, LocalDate to) {
		CostQuery query = new CostQuery(from, to, null, null, workload, null, null, null, null, null, null, null);
		CostFigures totals = costs.report(query).totals();
		if (totals.costPerThousandUnits() != null) {
			return new Baseline(totals.costPerThousandUnits(), "per 1,000 " + totals.workUnit());
		}
		long days = costs.report(query.groupedBy(CostQuery.GroupBy.DAY, null)).groups().size();
		return new Baseline(days == 0 ? BigDecimal.ZERO
				: totals.billedCost().divide(BigDecimal.valueOf(days), 6, RoundingMode.HALF_EVEN), "per day");
	}

	private Savings.WorkloadSavings combine(String workload, List<Recommendation> live) {
		BigDecimal cost = live.stream().map(Recommendation::currentMonthlyCost).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
		Map<Group, Recommendation> best = new EnumMap<>(Group.class);
		for (Recommendation recommendation : live) {
			best.merge(recommendation.type().group(), recommendation,
					(a, b) -> a.monthlySavings().compareTo(b.monthlySavings()) >= 0 ? a : b);
		}
		Recommendation idle = best.remove(Group.IDLE);
		double remaining = 1;
		for (Recommendation recommendation : best.values()) {
			remaining *= 1 - share(recommendation.monthlySavings(), cost);
		}
		BigDecimal combined = cost.multiply(BigDecimal.valueOf(1 - remaining));
		if (idle != null && idle.monthlySavings().compareTo(combined) >= 0) {
			return new Savings.WorkloadSavings(workload, money(cost), money(idle.monthlySavings()), List.of(idle.id()));
		}
		return new Savings.WorkloadSavings(workload, money(cost), money(combined),
				best.values().stream().map(Recommendation::id).toList());
	}

	private static double share(BigDecimal savings, BigDecimal cost) {
		return cost.signum() == 0 ? 0 : Math.min(1, savings.doubleValue() / cost.doubleValue());
	}

	private Recommendation move(UUID id, RecommendationStatus to, Set<RecommendationStatus> from, String reason) {
		if (reason != null && reason.length() > 1000) {
			throw InvalidFieldsException.field("/reason", "must be at most 1000 characters");
		}
		Recommendation current = stored(id).recommendation();
		if (!from.contains(current.status())) {
			throw new ConflictException("A recommendation that is " + current.status() + " cannot become " + to + ".");
		}
		store.changeStatus(id, to, clock.instant());
		store.event(id, to, reason, CurrentTenant.actor(), clock.instant());
		return get(id);
	}

	private Stored stored(UUID id) {
		return store.find(id, keys(ledger.workloads())).orElseThrow(() -> new NotFoundException("Recommendation"));
	}

	private static Map<UUID, String> keys(Map<UUID, WorkloadReference> workloads) {
		return workloads.values().stream().collect(Collectors.toMap(WorkloadReference::id, WorkloadReference::key));
	}

	private static BigDecimal money(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.HALF_EVEN);
	}

	/** Where a page ended: the last item's savings and id, opaque to clients. */
	record Position(BigDecimal savings, UUID id) {

		String encode() {
			return Base64.getUrlEncoder().withoutPadding()
				.encodeToString((savings.toPlainString() + "|" + id).getBytes(StandardCharsets.UTF_8));
		}

		static Position decode(String cursor) {
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
				return new Position(new BigDecimal(parts[0]), UUID.fromString(parts[1]));
			}
			catch (RuntimeException ex) {
				throw InvalidFieldsException.parameter("cursor", "is not a cursor this API returned");
			}
		}
	}
}
