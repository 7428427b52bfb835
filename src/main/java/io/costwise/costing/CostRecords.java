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
import java.util.List;
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
		jdbc.sql("delete from cost_records where tenant_id = ? and workload_id = ?").param(tenantId).param(workloadId).update();
		jdbc.sql("delete from cost_pending_days where tenant_id = ? and workload_id = ?").param(tenantId).param(workloadId).update();
	}

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
