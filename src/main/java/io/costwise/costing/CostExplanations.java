package io.costwise.costing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.identity.CurrentTenant;
import io.costwise.pricing.PriceQuote.Basis;
import io.costwise.pricing.Resource;
import io.costwise.telemetry.UsageLedger;
import io.costwise.telemetry.WorkloadReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** One workload's cost with the prices and usage behind it, for a finance person to audit. */
@Service
public class CostExplanations {

	private static final List<Resource> RESOURCES = List.of(Resource.CPU, Resource.MEMORY, Resource.GPU,
			Resource.NETWORK, Resource.STORAGE);

	private static final String PRICES = RESOURCES.stream()
		.map(resource -> "%1$s_list_unit_price, %1$s_unit_price".formatted(column(resource)))
		.collect(Collectors.joining(", "));

	private static final String SUMS = RESOURCES.stream()
		.map(resource -> "sum(%1$s_quantity), sum(%1$s_cost), sum(%1$s_utilized_cost), sum(%1$s_quantity * %1$s_measured_share::numeric)"
			.formatted(column(resource)))
		.collect(Collectors.joining(", "));

	private static final String EXPLAIN = """
			select provider, region, instance_type, purchase_option, gpu_model, basis, list_instance_hourly_usd,
			  instance_hourly_usd, discount_percent, override_ids, notes, %1$s,
			  min(day), max(day), count(distinct day), sum(node_hours), sum(billed_cost), sum(list_cost),
			  sum(utilized_cost), sum(machine_cost), sum(measured_cost), sum(work_units), min(work_unit), max(work_unit),
			  %2$s
			from cost_records
			where tenant_id = :tenant and workload_id = :workload and day >= :from and day < :to
			group by provider, region, instance_type, purchase_option, gpu_model, basis, list_instance_hourly_usd,
			  instance_hourly_usd, discount_percent, override_ids, notes, %1$s""".formatted(PRICES, SUMS);

	private final JdbcClient jdbc;

	private final UsageLedger ledger;

	CostExplanations(JdbcClient jdbc, UsageLedger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	@Transactional(readOnly = true)
	public WorkloadCost explain(String workloadKey, LocalDate from, LocalDate to) {
		Costs.validate(CostQuery.between(from, to));
		WorkloadReference workload = ledger.workload(workloadKey);
		List<Explained> lines = jdbc.sql(EXPLAIN)
			.param("tenant", CurrentTenant.require())
			.param("workload", workload.id())
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.query(CostExplanations::line)
			.list();
		BigDecimal billed = sum(lines, Explained::billed);
		BigDecimal utilized = sum(lines, Explained::utilized);
		BigDecimal machine = sum(lines, Explained::machine);
		BigDecimal measured = sum(lines, Explained::measured);
		double workUnits = lines.stream().mapToDouble(Explained::workUnits).sum();
		List<String> units = lines.stream().map(Explained::workUnit).distinct().toList();
		CostFigures totals = CostFigures.of(billed, sum(lines, Explained::list), utilized, machine, measured, workUnits,
				units.size() == 1 ? units.get(0) : null);
		List<WorkloadCost.Line> sorted = lines.stream()
			.map(Explained::line)
			.sorted(Comparator.comparing((WorkloadCost.Line line) -> line.totals().billedCost()).reversed())
			.toList();
		return new WorkloadCost(workload.key(), from, to, "USD", totals, formula(totals, billed, utilized), sorted);
	}

	private static String formula(CostFigures totals, BigDecimal billed, BigDecimal utilized) {
		String r = BigDecimal.valueOf(totals.utilization()).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
		return "B = Σ C·T = $" + usd(billed) + "; R = Σ C·T·u / B = $" + usd(utilized) + " / $" + usd(billed) + " = " + r
				+ (totals.utilizationKnown() ? "" : " (no utilization measured: R = 1 assumed)") + "; Σ C·T / R = $"
				+ usd(totals.utilizationAdjustedCost()) + "; idle B·(1 − R) = $" + usd(totals.idleCost());
	}

	private static String usd(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
	}

	private static BigDecimal sum(List<Explained> lines, java.util.function.Function<Explained, BigDecimal> part) {
		return lines.stream().map(part).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	private record Explained(WorkloadCost.Line line, BigDecimal billed, BigDecimal list, BigDecimal utilized,
			BigDecimal machine, BigDecimal measured, double workUnits, String workUnit) {
	}

	private static Explained line(ResultSet rs, int n) throws SQLException {
		int prices = 12;
		int totals = prices + 2 * RESOURCES.size();
		int sums = totals + 12;
		BigDecimal billed = rs.getBigDecimal(totals + 4);
		BigDecimal list = rs.getBigDecimal(totals + 5);
		BigDecimal utilized = rs.getBigDecimal(totals + 6);
		BigDecimal machine = rs.getBigDecimal(totals + 7);
		BigDecimal measured = rs.getBigDecimal(totals + 8);
		double workUnits = rs.getDouble(totals + 9);
		String workUnit = java.util.Objects.equals(rs.getString(totals + 10), rs.getString(totals + 11))
				? rs.getString(totals + 10) : null;
		List<WorkloadCost.ResourceLine> resources = new ArrayList<>();
		for (int i = 0; i < RESOURCES.size(); i++) {
			Resource resource = RESOURCES.get(i);
			BigDecimal listUnitPrice = rs.getBigDecimal(prices + 2 * i);
			BigDecimal unitPrice = rs.getBigDecimal(prices + 2 * i + 1);
			int at = sums + 4 * i;
			BigDecimal quantity = rs.getBigDecimal(at);
			BigDecimal cost = rs.getBigDecimal(at + 1);
			BigDecimal utilizedCost = rs.getBigDecimal(at + 2);
			BigDecimal measuredQuantity = rs.getBigDecimal(at + 3);
			if (quantity.signum() == 0) {
				continue;
			}
			resources.add(new WorkloadCost.ResourceLine(resource, resource.unit(), quantity.stripTrailingZeros(),
					listUnitPrice.stripTrailingZeros(), unitPrice.stripTrailingZeros(),
					CostFigures.money(quantity.multiply(listUnitPrice, CostModel.MONEY)), CostFigures.money(cost),
					cost.signum() == 0 ? null : utilizedCost.divide(cost, CostModel.MONEY).doubleValue(),
					measuredQuantity.divide(quantity, CostModel.MONEY).doubleValue()));
		}
		WorkloadCost.Line line = new WorkloadCost.Line(rs.getDate(totals).toLocalDate(),
				rs.getDate(totals + 1).toLocalDate(), rs.getInt(totals + 2), blank(rs, 1), blank(rs, 2), blank(rs, 3),
				blank(rs, 4), blank(rs, 5), Basis.valueOf(rs.getString(6)), rs.getBigDecimal(7), rs.getBigDecimal(8),
				rs.getBigDecimal(9), Arrays.asList((UUID[]) array(rs, 10)), Arrays.asList((String[]) array(rs, 11)),
				rs.getDouble(totals + 3), CostFigures.of(billed, list, utilized, machine, measured, workUnits, workUnit),
				resources);
		return new Explained(line, billed, list, utilized, machine, measured, workUnits, workUnit);
	}

	private static Object array(ResultSet rs, int column) throws SQLException {
		Array array = rs.getArray(column);
		return array.getArray();
	}

	private static String blank(ResultSet rs, int column) throws SQLException {
		String value = rs.getString(column);
		return value == null || value.isEmpty() ? null : value;
	}

	static String column(Resource resource) {
		return resource.name().toLowerCase(Locale.ROOT);
	}
}
