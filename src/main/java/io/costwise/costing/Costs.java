package io.costwise.costing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import io.costwise.costing.CostQuery.GroupBy;
import io.costwise.costing.CostQuery.Step;
import io.costwise.identity.CurrentTenant;
import io.costwise.pricing.Catalog;
import io.costwise.pricing.GpuModel;
import io.costwise.telemetry.UsageLedger;
import io.costwise.telemetry.WorkloadReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's costs over any period, from the stored daily cost records (never from raw
 * samples): totals, groups and series. The module's API for reports and recommendations.
 */
@Service
public class Costs {

	/** Thirteen months and then some: enough for a year-on-year view. */
	static final Duration MAX_PERIOD = Duration.ofDays(800);

	private final JdbcClient jdbc;

	private final UsageLedger ledger;

	private final Catalog catalog;

	Costs(JdbcClient jdbc, UsageLedger ledger, Catalog catalog) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.catalog = catalog;
	}

	/**
	 * The current tenant's workloads whose cost records are not current yet: days waiting to be
	 * recomputed, or every workload while a price change is being applied.
	 */
	@Transactional(readOnly = true)
	public Set<UUID> workloadsAwaitingCosts() {
		UUID tenant = CurrentTenant.require();
		boolean repricing = jdbc.sql("select exists (select 1 from cost_repricing where tenant_id = ?)")
			.param(tenant)
			.query(Boolean.class)
			.single();
		if (repricing) {
			return Set.copyOf(ledger.workloads().keySet());
		}
		return Set.copyOf(jdbc.sql("select distinct workload_id from cost_pending_days where tenant_id = ?")
			.param(tenant)
			.query(UUID.class)
			.list());
	}

	/**
	 * The keys of the workloads a query's filters select (workload, team, project, label, kind), so
	 * that what another module shows beside its costs covers the same workloads; empty where the
	 * query does not filter by workload.
	 */
	@Transactional(readOnly = true)
	public Optional<Set<String>> workloadsSelected(CostQuery query) {
		Map<UUID, WorkloadReference> workloads = ledger.workloads();
		List<UUID> scope = workloadScope(query, workloads);
		if (scope == null) {
			return Optional.empty();
		}
		return Optional.of(scope.stream().map(id -> workloads.get(id).key()).collect(Collectors.toUnmodifiableSet()));
	}

	@Transactional(readOnly = true)
	public CostReport report(CostQuery query) {
		Selection selection = select(query);
		Map<UUID, WorkloadReference> workloads = selection.workloads();
		boolean mapped = query.groupBy() != null && workloadAttribute(query.groupBy()) != null;
		List<UUID> ids = new ArrayList<>(mapped ? workloads.keySet() : List.of());
		List<String> keys = ids.stream().map(id -> workloadAttribute(query.groupBy()).apply(workloads.get(id))).toList();
		Plan plan = plan(query, mapped, selection.scoped());
		JdbcClient.StatementSpec statement = jdbc.sql(plan.sql()).param("tenant", CurrentTenant.require());
		for (Map.Entry<String, LocalDate> day : plan.days().entrySet()) {
			statement = statement.param(day.getKey(), Date.valueOf(day.getValue()));
		}
		if (mapped) {
			statement = statement.param("ids", ids.toArray(UUID[]::new)).param("keys", keys.toArray(String[]::new));
		}
		statement = selection.bind(statement);
		List<Row> rows = statement.query(Costs::row).list();
		return report(query, rows);
	}

	/**
	 * A query's filters, checked and resolved for the current tenant: its workloads, whether the
	 * filters narrow them to a scope, the condition on cost records aliased {@code c} and the
	 * condition's parameters. Reports and exports both filter through it, so an export holds exactly
	 * the records whose sums a report with the same filters shows.
	 */
	record Selection(Map<UUID, WorkloadReference> workloads, boolean scoped, String condition,
			Map<String, Object> parameters) {

		JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
			return parameters.isEmpty() ? statement : statement.params(parameters);
		}
	}

	/**
	 * The period is checked and the filters resolved (refused as {@link InvalidFieldsException},
	 * naming the parameter) before anything is read but the tenant's workloads.
	 */
	Selection select(CostQuery query) {
		validate(query);
		Map<UUID, WorkloadReference> workloads = ledger.workloads();
		List<UUID> scope = workloadScope(query, workloads);
		return new Selection(workloads, scope != null, filters(query, scope != null), filterParameters(query, scope));
	}

	/** The statement for a query and the days it binds besides {@code :tenant}, the filters and the groups. */
	record Plan(String sql, Map<String, LocalDate> days) {
	}

	private static final String RECORD_SUMS = """
			sum(billed_cost) as billed, sum(list_cost) as list, sum(utilized_cost) as utilized, sum(machine_cost) as machine,
			  sum(measured_cost) as measured, sum(work_units) as work_units, min(work_unit) as min_unit, max(work_unit) as max_unit,
			  bool_or(work_units > 0 and work_unit is null) as unlabelled""";

	private static final String ROLLUP_SUMS = """
			sum(billed_cost) as billed, sum(list_cost) as list, sum(utilized_cost) as utilized, sum(machine_cost) as machine,
			  sum(measured_cost) as measured, sum(work_units) as work_units, min(min_work_unit) as min_unit,
			  max(max_work_unit) as max_unit, bool_or(unlabelled_work) as unlabelled""";

	private static final String MAPPED_JOIN = "join unnest(:ids::uuid[], :keys::text[]) as m(workload_id, group_key) using (workload_id)";

	/**
	 * Where the figures come from, all of them sums of the cost records (V14): without a workload
	 * grouping or filter, the daily sums per priced configuration; with one, the monthly sums per
	 * workload and priced configuration for the months the period covers, where a month the period
	 * covers only in part is summed from its records unless nothing of it outside the period was
	 * recorded (the current month, typically); a daily or weekly series by workload reads the records.
	 * One statement, so one snapshot.
	 */
	static Plan plan(CostQuery query, boolean mapped, boolean scoped) {
		String group = groupExpression(query.groupBy());
		String filters = filters(query, scoped);
		String join = mapped ? MAPPED_JOIN : "";
		Map<String, LocalDate> days = new LinkedHashMap<>();
		days.put("from", query.from());
		days.put("to", query.to());
		if (!mapped && !scoped) {
			return new Plan("""
					select %s as group_key, %s as bucket, %s
					from cost_records_daily c
					where c.tenant_id = :tenant and c.day >= :from and c.day < :to %s
					group by 1, 2 order by 1, 2""".formatted(group, bucketExpression(query.step(), "c.day"), ROLLUP_SUMS,
					filters), days);
		}
		if (query.groupBy() == GroupBy.DAY || query.step() == Step.DAY || query.step() == Step.WEEK) {
			return new Plan(TOTALS.formatted(records(group, query.step(), join, ":from", ":to", filters, "")), days);
		}
		LocalDate headMonth = query.from().withDayOfMonth(1);
		LocalDate tailMonth = query.to().minusDays(1).withDayOfMonth(1);
		LocalDate tailEnd = tailMonth.plusMonths(1);
		String before = headMonth.equals(query.from()) ? null
				: "exists (select 1 from cost_records x where x.tenant_id = :tenant and x.day >= :headMonth and x.day < :from)";
		String after = tailEnd.equals(query.to()) ? null
				: "exists (select 1 from cost_records x where x.tenant_id = :tenant and x.day >= :to and x.day < :tailEnd)";
		List<String> parts = new ArrayList<>();
		if (before != null) {
			days.put("headMonth", headMonth);
		}
		if (after != null) {
			days.put("tailEnd", tailEnd);
		}
		if (headMonth.equals(tailMonth)) {
			String outside = before == null ? after : after == null ? before : before + " or " + after;
			days.put("month", headMonth);
			days.put("monthEnd", tailEnd);
			parts.add(monthly(group, query.step(), join, ":month", ":monthEnd", filters,
					outside == null ? "" : " and not (" + outside + ")"));
			if (outside != null) {
				parts.add(records(group, query.step(), join, ":from", ":to", filters, " and (" + outside + ")"));
			}
		}
		else {
			LocalDate wholeFrom = before == null ? headMonth : headMonth.plusMonths(1);
			LocalDate wholeTo = after == null ? tailEnd : tailMonth;
			if (wholeFrom.isBefore(wholeTo)) {
				days.put("wholeFrom", wholeFrom);
				days.put("wholeTo", wholeTo);
				parts.add(monthly(group, query.step(), join, ":wholeFrom", ":wholeTo", filters, ""));
			}
			if (before != null) {
				days.put("headEnd", headMonth.plusMonths(1));
				parts.add(monthly(group, query.step(), join, ":headMonth", ":headEnd", filters, " and not " + before));
				parts.add(records(group, query.step(), join, ":from", ":headEnd", filters, " and " + before));
			}
			if (after != null) {
				days.put("tailMonth", tailMonth);
				parts.add(monthly(group, query.step(), join, ":tailMonth", ":tailEnd", filters, " and not " + after));
				parts.add(records(group, query.step(), join, ":tailMonth", ":to", filters, " and " + after));
			}
		}
		String sql = TOTALS.formatted(String.join("\n  union all\n", parts));
		days.keySet().removeIf(name -> !Pattern.compile(":" + name + "\\b").matcher(sql).find());
		return new Plan(sql, days);
	}

	private static final String TOTALS = """
			select group_key, bucket, sum(billed), sum(list), sum(utilized), sum(machine), sum(measured), sum(work_units),
			  min(min_unit), max(max_unit), bool_or(unlabelled)
			from (
			%s
			) parts
			group by 1, 2 order by 1, 2""";

	private static String records(String group, Step step, String join, String from, String to, String filters,
			String condition) {
		return """
				select %s as group_key, %s as bucket, %s
				from cost_records c %s
				where c.tenant_id = :tenant and c.day >= %s and c.day < %s %s%s
				group by 1, 2""".formatted(group, bucketExpression(step, "c.day"), RECORD_SUMS, join, from, to, filters,
				condition);
	}

	private static String monthly(String group, Step step, String join, String from, String to, String filters,
			String condition) {
		return """
				select %s as group_key, %s as bucket, %s
				from cost_records_monthly c %s
				where c.tenant_id = :tenant and c.month >= %s and c.month < %s %s%s
				group by 1, 2""".formatted(group, step == Step.MONTH ? "c.month" : bucketExpression(step, "c.month"),
				ROLLUP_SUMS, join, from, to, filters, condition);
	}

	private CostReport report(CostQuery query, List<Row> rows) {
		Map<String, List<Row>> byGroup = new LinkedHashMap<>();
		rows.forEach(row -> byGroup.computeIfAbsent(row.group() == null ? "\0" : row.group(), key -> new ArrayList<>()).add(row));
		List<CostReport.Group> groups = new ArrayList<>();
		if (query.groupBy() != null) {
			byGroup.forEach((key, groupRows) -> groups.add(new CostReport.Group("\0".equals(key) ? null : key,
					Sums.of(groupRows).figures(),
					query.step() == null ? List.of()
							: groupRows.stream().map(row -> new CostReport.Point(row.bucket(), Sums.of(List.of(row)).figures()))
								.toList())));
			groups.sort(Comparator.comparing((CostReport.Group group) -> group.totals().billedCost()).reversed());
		}
		else if (query.step() != null) {
			groups.add(new CostReport.Group(null, Sums.of(rows).figures(),
					rows.stream().map(row -> new CostReport.Point(row.bucket(), Sums.of(List.of(row)).figures())).toList()));
		}
		return new CostReport(query.from(), query.to(), query.groupBy(), query.step(), "USD", Sums.of(rows).figures(),
				groups);
	}

	private List<UUID> workloadScope(CostQuery query, Map<UUID, WorkloadReference> workloads) {
		if (query.workload() == null && query.team() == null && query.project() == null && query.label() == null
				&& query.kind() == null) {
			return null;
		}
		String[] label = query.label() == null ? null : labelFilter(query.label());
		return workloads.values()
			.stream()
			.filter(workload -> query.workload() == null || workload.key().equals(query.workload()))
			.filter(workload -> query.team() == null || query.team().equals(workload.labels().get("team")))
			.filter(workload -> query.project() == null || query.project().equals(workload.labels().get("project")))
			.filter(workload -> label == null || label[1].equals(workload.labels().get(label[0])))
			.filter(workload -> query.kind() == null
					|| workload.kind() != null && workload.kind().name().equalsIgnoreCase(query.kind()))
			.map(WorkloadReference::id)
			.toList();
	}

	private static String[] labelFilter(String label) {
		int separator = label.indexOf(':') >= 0 ? label.indexOf(':') : label.indexOf('=');
		if (separator <= 0) {
			throw InvalidFieldsException.parameter("label", "must be name:value");
		}
		return new String[] { label.substring(0, separator).strip(), label.substring(separator + 1).strip() };
	}

	private static Function<WorkloadReference, String> workloadAttribute(GroupBy groupBy) {
		return switch (groupBy) {
			case WORKLOAD -> WorkloadReference::key;
			case TEAM -> workload -> workload.labels().get("team");
			case PROJECT -> workload -> workload.labels().get("project");
			case KIND -> workload -> workload.kind() == null ? null : workload.kind().name();
			default -> null;
		};
	}

	private static String groupExpression(GroupBy groupBy) {
		if (groupBy == null) {
			return "null::text";
		}
		return switch (groupBy) {
			case WORKLOAD, TEAM, PROJECT, KIND -> "m.group_key";
			case GPU_MODEL -> "nullif(c.catalog_gpu_model, '')";
			case PROVIDER -> "nullif(c.provider, '')";
			case REGION -> "nullif(c.region, '')";
			case INSTANCE_TYPE -> "nullif(c.instance_type, '')";
			case PURCHASE_OPTION -> "coalesce(nullif(c.purchase_option, ''), 'ON_DEMAND')";
			case DAY -> "c.day::text";
		};
	}

	private static String bucketExpression(Step step, String day) {
		if (step == null) {
			return "null::date";
		}
		return switch (step) {
			case DAY -> day;
			case WEEK -> "date_trunc('week', " + day + ")::date";
			case MONTH -> "date_trunc('month', " + day + ")::date";
		};
	}

	private static String filters(CostQuery query, boolean scoped) {
		StringBuilder where = new StringBuilder();
		if (scoped) {
			where.append(" and c.workload_id = any(:scope::uuid[])");
		}
		if (query.provider() != null) {
			where.append(" and c.provider = :provider");
		}
		if (query.region() != null) {
			where.append(" and c.region = :region");
		}
		if (query.gpuModel() != null) {
			where.append(" and c.catalog_gpu_model = :gpuModel");
		}
		return where.toString();
	}

	/** The parameters of {@link #filters(CostQuery, boolean)}. */
	private Map<String, Object> filterParameters(CostQuery query, List<UUID> scope) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (scope != null) {
			parameters.put("scope", scope.toArray(UUID[]::new));
		}
		if (query.provider() != null) {
			parameters.put("provider", query.provider().toLowerCase(java.util.Locale.ROOT));
		}
		if (query.region() != null) {
			parameters.put("region", query.region());
		}
		if (query.gpuModel() != null) {
			parameters.put("gpuModel", catalog.gpuModel(query.gpuModel()).map(GpuModel::model).orElse(query.gpuModel()));
		}
		return parameters;
	}

	static void validate(CostQuery query) {
		List<FieldProblem> problems = new ArrayList<>();
		if (query.from() == null) {
			problems.add(new FieldProblem(null, "from", "is required (a day, YYYY-MM-DD)"));
		}
		if (query.to() == null) {
			problems.add(new FieldProblem(null, "to", "is required (the day after the last, YYYY-MM-DD)"));
		}
		if (problems.isEmpty() && !query.from().isBefore(query.to())) {
			problems.add(new FieldProblem(null, "to", "must be after from"));
		}
		else if (problems.isEmpty() && query.to().toEpochDay() - query.from().toEpochDay() > MAX_PERIOD.toDays()) {
			problems.add(new FieldProblem(null, "to", "must be at most " + MAX_PERIOD.toDays() + " days after from"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
	}

	private record Row(String group, LocalDate bucket, BigDecimal billed, BigDecimal list, BigDecimal utilized,
			BigDecimal machine, BigDecimal measured, double workUnits, String minUnit, String maxUnit,
			boolean unlabelledWork) {
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Date bucket = rs.getDate(2);
		return new Row(rs.getString(1), bucket == null ? null : bucket.toLocalDate(), rs.getBigDecimal(3),
				rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getDouble(8),
				rs.getString(9), rs.getString(10), rs.getBoolean(11));
	}

	/** Sums of rows; the figures derive from sums, never from averaging figures. */
	private record Sums(BigDecimal billed, BigDecimal list, BigDecimal utilized, BigDecimal machine, BigDecimal measured,
			double workUnits, String workUnit) {

		static Sums of(List<Row> rows) {
			BigDecimal billed = BigDecimal.ZERO;
			BigDecimal list = BigDecimal.ZERO;
			BigDecimal utilized = BigDecimal.ZERO;
			BigDecimal machine = BigDecimal.ZERO;
			BigDecimal measured = BigDecimal.ZERO;
			double workUnits = 0;
			String unit = null;
			boolean mixed = false;
			for (Row row : rows) {
				billed = billed.add(row.billed());
				list = list.add(row.list());
				utilized = utilized.add(row.utilized());
				machine = machine.add(row.machine());
				measured = measured.add(row.measured());
				workUnits += row.workUnits();
				mixed |= row.unlabelledWork() || !Objects.equals(row.minUnit(), row.maxUnit())
						|| unit != null && row.minUnit() != null && !unit.equals(row.minUnit());
				unit = unit == null ? row.minUnit() : unit;
			}
			return new Sums(billed, list, utilized, machine, measured, workUnits, mixed ? null : unit);
		}

		CostFigures figures() {
			return CostFigures.of(billed, list, utilized, machine, measured, workUnits, workUnit);
		}
	}
}
