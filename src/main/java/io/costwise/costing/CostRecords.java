package io.costwise.costing;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.costwise.pricing.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The stored cost records of the current transaction's tenant. */
@Component
class CostRecords {

	private static final List<Resource> RESOURCES = List.of(Resource.CPU, Resource.MEMORY, Resource.GPU,
			Resource.NETWORK, Resource.STORAGE);

	private static final String INSERT = """
			insert into cost_records (tenant_id, day, workload_id, provider, region, instance_type, purchase_option,
			  gpu_model, catalog_gpu_model, basis, list_instance_hourly_usd, instance_hourly_usd, discount_percent, override_ids, notes,
			  node_hours, work_units, work_unit, billed_cost, list_cost, utilized_cost, machine_cost, measured_cost,
			  cpu_quantity, cpu_list_unit_price, cpu_unit_price, cpu_cost, cpu_utilized_cost, cpu_measured_share,
			  memory_quantity, memory_list_unit_price, memory_unit_price, memory_cost, memory_utilized_cost, memory_measured_share,
			  gpu_quantity, gpu_list_unit_price, gpu_unit_price, gpu_cost, gpu_utilized_cost, gpu_measured_share,
			  network_quantity, network_list_unit_price, network_unit_price, network_cost, network_utilized_cost, network_measured_share,
			  storage_quantity, storage_list_unit_price, storage_unit_price, storage_cost, storage_utilized_cost, storage_measured_share,
			  computed_at)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
			  ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final int BATCH = 1000;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	CostRecords(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	void insert(UUID tenantId, List<CostRecord> records, Instant computedAt) {
		for (int start = 0; start < records.size(); start += BATCH) {
			List<CostRecord> chunk = records.subList(start, Math.min(records.size(), start + BATCH));
			template.batchUpdate(INSERT, chunk, chunk.size(), (statement, record) -> bind(statement, tenantId, record,
					computedAt));
		}
	}

	/** Deletes the records of these workloads on these days: {@code workloadIds[i]} on {@code days[i]}. */
	void delete(UUID tenantId, List<UUID> workloadIds, List<LocalDate> days) {
		jdbc.sql("""
				delete from cost_records c using unnest(:workloads::uuid[], :days::date[]) as d(workload_id, day)
				where c.tenant_id = :tenant and c.workload_id = d.workload_id and c.day = d.day""")
			.param("workloads", workloadIds.toArray(UUID[]::new))
			.param("days", days.stream().map(Date::valueOf).toArray(Date[]::new))
			.param("tenant", tenantId)
			.update();
	}

	void deleteFrom(UUID tenantId, LocalDate from) {
		jdbc.sql("delete from cost_records where tenant_id = ? and day >= ?").param(tenantId).param(Date.valueOf(from)).update();
	}

	void deleteWorkload(UUID tenantId, UUID workloadId) {
		List<LocalDate> days = jdbc.sql("select distinct day from cost_records where tenant_id = ? and workload_id = ?")
			.param(tenantId)
			.param(workloadId)
			.query((rs, row) -> rs.getDate(1).toLocalDate())
			.list();
		jdbc.sql("delete from cost_records where tenant_id = ? and workload_id = ?").param(tenantId).param(workloadId).update();
		jdbc.sql("delete from cost_pending_days where tenant_id = ? and workload_id = ?").param(tenantId).param(workloadId).update();
		lockSums(tenantId);
		jdbc.sql("delete from cost_records_monthly where tenant_id = ? and workload_id = ?")
			.param(tenantId)
			.param(workloadId)
			.update();
		refreshDays(tenantId, days);
	}

	// --- the sums the cost reports read (cost_records_monthly and cost_records_daily, V14) ---------------

	private static final String SUMS = """
			sum(billed_cost), sum(list_cost), sum(utilized_cost), sum(machine_cost), sum(measured_cost), sum(work_units),
			  min(work_unit), max(work_unit), bool_or(work_units > 0 and work_unit is null)""";

	private static final String INSERT_MONTHLY = """
			insert into cost_records_monthly (tenant_id, month, workload_id, provider, region, instance_type, purchase_option,
			  catalog_gpu_model, billed_cost, list_cost, utilized_cost, machine_cost, measured_cost, work_units,
			  min_work_unit, max_work_unit, unlabelled_work)
			""";

	private static final String INSERT_DAILY = """
			insert into cost_records_daily (tenant_id, day, provider, region, instance_type, purchase_option,
			  catalog_gpu_model, billed_cost, list_cost, utilized_cost, machine_cost, measured_cost, work_units,
			  min_work_unit, max_work_unit, unlabelled_work)
			""";

	/**
	 * Recomputes the sums of these workloads' months and of these days from the cost records, after
	 * the records of {@code workloadIds[i]} on {@code days[i]} were written or deleted.
	 */
	void refreshSums(UUID tenantId, List<UUID> workloadIds, List<LocalDate> days) {
		if (days.isEmpty()) {
			return;
		}
		record WorkloadMonth(UUID workloadId, LocalDate month) {
		}
		Set<WorkloadMonth> months = new LinkedHashSet<>();
		for (int i = 0; i < days.size(); i++) {
			months.add(new WorkloadMonth(workloadIds.get(i), days.get(i).withDayOfMonth(1)));
		}
		UUID[] monthWorkloads = months.stream().map(WorkloadMonth::workloadId).toArray(UUID[]::new);
		Date[] monthStarts = months.stream().map(month -> Date.valueOf(month.month())).toArray(Date[]::new);
		lockSums(tenantId);
		jdbc.sql("""
				delete from cost_records_monthly r using unnest(:workloads::uuid[], :months::date[]) as k(workload_id, month)
				where r.tenant_id = :tenant and r.workload_id = k.workload_id and r.month = k.month""")
			.param("workloads", monthWorkloads)
			.param("months", monthStarts)
			.param("tenant", tenantId)
			.update();
		jdbc.sql(INSERT_MONTHLY + """
				select c.tenant_id, k.month, c.workload_id, c.provider, c.region, c.instance_type, c.purchase_option,
				  c.catalog_gpu_model, %s
				from unnest(:workloads::uuid[], :months::date[]) as k(workload_id, month)
				join cost_records c on c.tenant_id = :tenant and c.workload_id = k.workload_id
				  and c.day >= k.month and c.day < (k.month + interval '1 month')::date
				group by c.tenant_id, k.month, c.workload_id, c.provider, c.region, c.instance_type, c.purchase_option,
				  c.catalog_gpu_model""".formatted(SUMS))
			.param("workloads", monthWorkloads)
			.param("months", monthStarts)
			.param("tenant", tenantId)
			.update();
		refreshDays(tenantId, days.stream().distinct().toList());
	}

	/** Recomputes every sum from this day on, after the cost records from then on were recomputed. */
	void refreshSumsFrom(UUID tenantId, LocalDate from) {
		Date month = Date.valueOf(from.withDayOfMonth(1));
		lockSums(tenantId);
		jdbc.sql("delete from cost_records_monthly where tenant_id = ? and month >= ?").param(tenantId).param(month).update();
		jdbc.sql(INSERT_MONTHLY + """
				select tenant_id, date_trunc('month', day)::date, workload_id, provider, region, instance_type,
				  purchase_option, catalog_gpu_model, %s
				from cost_records where tenant_id = ? and day >= ?
				group by tenant_id, date_trunc('month', day)::date, workload_id, provider, region, instance_type,
				  purchase_option, catalog_gpu_model""".formatted(SUMS))
			.param(tenantId)
			.param(month)
			.update();
		jdbc.sql("delete from cost_records_daily where tenant_id = ? and day >= ?")
			.param(tenantId)
			.param(Date.valueOf(from))
			.update();
		jdbc.sql(INSERT_DAILY + """
				select tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model, %s
				from cost_records where tenant_id = ? and day >= ?
				group by tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model"""
			.formatted(SUMS))
			.param(tenantId)
			.param(Date.valueOf(from))
			.update();
	}

	private void refreshDays(UUID tenantId, List<LocalDate> days) {
		if (days.isEmpty()) {
			return;
		}
		Date[] dates = days.stream().map(Date::valueOf).toArray(Date[]::new);
		jdbc.sql("delete from cost_records_daily where tenant_id = :tenant and day = any(:days::date[])")
			.param("tenant", tenantId)
			.param("days", dates)
			.update();
		jdbc.sql(INSERT_DAILY + """
				select tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model, %s
				from cost_records where tenant_id = :tenant and day = any(:days::date[])
				group by tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model"""
			.formatted(SUMS))
			.param("tenant", tenantId)
			.param("days", dates)
			.update();
	}

	/**
	 * One writer of a tenant's sums at a time, until its transaction ends: a day's sums add up every
	 * workload's records of that day, which another instance may be writing at the same moment. Taken
	 * after the records are written and before the sums are read, so that the statements that follow
	 * see the other writer's committed records.
	 */
	private void lockSums(UUID tenantId) {
		jdbc.sql("select pg_advisory_xact_lock(" + SUMS_LOCK + ", hashtext(?))").param(tenantId.toString()).query().singleRow();
	}

	/** The first key of the advisory lock on a tenant's sums ("cost" in ASCII). */
	private static final int SUMS_LOCK = 0x636f7374;

	private static void bind(PreparedStatement statement, UUID tenantId, CostRecord record, Instant computedAt)
			throws SQLException {
		Connection connection = statement.getConnection();
		int i = 1;
		statement.setObject(i++, tenantId);
		statement.setDate(i++, Date.valueOf(record.day()));
		statement.setObject(i++, record.workloadId());
		statement.setString(i++, blank(record.configuration().provider()));
		statement.setString(i++, blank(record.configuration().region()));
		statement.setString(i++, blank(record.configuration().instanceType()));
		statement.setString(i++, blank(record.configuration().purchaseOption()));
		statement.setString(i++, blank(record.configuration().gpuModel()));
		statement.setString(i++, blank(record.catalogGpuModel()));
		statement.setString(i++, record.basis().name());
		statement.setBigDecimal(i++, record.listInstanceHourlyUsd());
		statement.setBigDecimal(i++, record.instanceHourlyUsd());
		statement.setBigDecimal(i++, record.discountPercent());
		Array overrides = connection.createArrayOf("uuid", record.overrideIds().toArray());
		statement.setArray(i++, overrides);
		statement.setArray(i++, connection.createArrayOf("text", record.notes().toArray()));
		statement.setDouble(i++, record.nodeHours());
		statement.setDouble(i++, record.workUnits());
		statement.setString(i++, record.workUnit());
		for (BigDecimal total : List.of(record.billedCost(), record.listCost(), record.utilizedCost(), record.machineCost(),
				record.measuredCost())) {
			statement.setBigDecimal(i++, total);
		}
		for (Resource resource : RESOURCES) {
			ResourceCost cost = record.resources().get(resource);
			statement.setBigDecimal(i++, cost.quantity());
			statement.setBigDecimal(i++, cost.listUnitPrice());
			statement.setBigDecimal(i++, cost.unitPrice());
			statement.setBigDecimal(i++, cost.cost());
			statement.setBigDecimal(i++, cost.utilizedCost());
			statement.setDouble(i++, cost.measuredShare());
		}
		statement.setTimestamp(i, Timestamp.from(computedAt));
	}

	private static String blank(String value) {
		return value == null ? "" : value;
	}
}
