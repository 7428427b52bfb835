package io.costwise.telemetry;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.costwise.NotFoundException;
import io.costwise.identity.CurrentTenant;
import io.costwise.telemetry.ConfigurationUsage.ResourceUsage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The current tenant's usage per workload, day and configuration, kept for years: what costing
 * prices. Runs inside the caller's transaction.
 */
@Service
public class UsageLedger {

	/** Priced per configuration: batch sizes and precisions summed. */
	private static final String COLUMNS = """
			workload_id, day, provider, region, instance_type, purchase_option, gpu_model, sum(sample_count),
			sum(node_hours), sum(gpu_hours), sum(gpu_missing_node_hours), sum(gpu_busy), sum(gpu_measured), sum(gpu_total),
			sum(vcpu_hours), sum(vcpu_missing_node_hours), sum(cpu_busy), sum(cpu_measured), sum(cpu_total),
			sum(memory_gib_hours), sum(memory_missing_node_hours), sum(memory_busy), sum(memory_measured),
			sum(memory_gib_hours), sum(storage_gib_hours), sum(net_egress_gib), sum(work_units), max(work_unit)""";

	private static final String BY_CONFIGURATION = " group by workload_id, day, provider, region, instance_type,"
			+ " purchase_option, gpu_model";

	private static final String REFERENCE = """
			id, key, kind, labels::text, latency_slo_p95_ms, interruptible, allowed_regions, allowed_providers""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	UsageLedger(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The usage of the given workloads on the days in [from, to). */
	public List<ConfigurationUsage> usage(Collection<UUID> workloadIds, LocalDate from, LocalDate to) {
		return jdbc.sql("select " + COLUMNS + " from configuration_usage"
				+ " where tenant_id = :tenant and workload_id = any(:ids::uuid[]) and day >= :from and day < :to"
				+ BY_CONFIGURATION)
			.param("tenant", CurrentTenant.require())
			.param("ids", workloadIds.toArray(UUID[]::new))
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.query(UsageLedger::usage)
			.list();
	}

	/** Every workload's usage from a day on, streamed in workload and day order. */
	public void forEachUsageSince(LocalDate from, Consumer<ConfigurationUsage> action) {
		jdbc.sql("select " + COLUMNS + " from configuration_usage where tenant_id = :tenant and day >= :from"
				+ BY_CONFIGURATION + " order by workload_id, day")
			.param("tenant", CurrentTenant.require())
			.param("from", Date.valueOf(from))
			.query(UsageLedger::usage)
			.stream()
			.forEach(action);
	}

	/**
	 * How each of the tenant's workloads ran on the days in [from, to), one point per configuration,
	 * batch size and precision.
	 */
	public List<OperatingPoint> operatingPoints(LocalDate from, LocalDate to) {
		return jdbc.sql("""
				select workload_id, min(day), max(day), provider, region, instance_type, purchase_option, gpu_model,
				  batch_size, precision, sum(sample_count), sum(node_hours), sum(gpu_hours), sum(storage_gib_hours),
				  sum(net_egress_gib),
				  sum(gpu_busy) / nullif(sum(gpu_measured), 0), coalesce(sum(gpu_idle_hours) / nullif(sum(gpu_total), 0), 0),
				  max(gpu_memory_used_gib_max), max(gpu_memory_total_gib_max), sum(work_units), sum(throughput_seconds),
				  max(work_unit), sum(latency_p95_ms_sum) / nullif(sum(latency_count), 0), max(latency_p95_ms_max),
				  sum(oom_events)
				from configuration_usage where tenant_id = :tenant and day >= :from and day < :to
				group by workload_id, provider, region, instance_type, purchase_option, gpu_model, batch_size, precision
				order by workload_id""")
			.param("tenant", CurrentTenant.require())
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.query((rs, row) -> new OperatingPoint(rs.getObject(1, UUID.class), rs.getDate(2).toLocalDate(),
					rs.getDate(3).toLocalDate(), blankless(rs, 4), blankless(rs, 5), blankless(rs, 6), blankless(rs, 7),
					blankless(rs, 8), rs.getInt(9) == 0 ? null : rs.getInt(9), blankless(rs, 10), rs.getLong(11),
					rs.getDouble(12), rs.getDouble(13), rs.getDouble(14), rs.getDouble(15), nullable(rs, 16),
					rs.getDouble(17), nullable(rs, 18), nullable(rs, 19), rs.getDouble(20), rs.getDouble(21),
					rs.getString(22), nullable(rs, 23), nullable(rs, 24), rs.getLong(25)))
			.list();
	}

	/**
	 * Per node of each multi-node workload, its load over [from, to) from the raw samples (kept for the
	 * raw retention period only).
	 */
	public List<NodeLoad> nodeLoads(Collection<UUID> workloadIds, Instant from, Instant to) {
		return jdbc.sql("""
				select workload_id, node, count(*), avg(gpu_util), max(gpu_memory_used_gib), avg(throughput),
				  avg(latency_p95_ms), avg(coalesce(gpu_count, case when mig_profile is not null then 1 end)
				    * coalesce(substr(mig_profile, 1, 1)::double precision / 7, 1))
				from samples where tenant_id = :tenant and workload_id = any(:ids::uuid[]) and ts >= :from and ts < :to
				group by workload_id, node order by workload_id, node""")
			.param("tenant", CurrentTenant.require())
			.param("ids", workloadIds.toArray(UUID[]::new))
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, row) -> new NodeLoad(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), nullable(rs, 4),
					nullable(rs, 5), nullable(rs, 6), nullable(rs, 7), nullable(rs, 8)))
			.list();
	}

	/** All of the tenant's workloads, by id. */
	public Map<UUID, WorkloadReference> workloads() {
		return jdbc.sql("select " + REFERENCE + " from workloads where tenant_id = ?")
			.param(CurrentTenant.require())
			.query(this::reference)
			.list()
			.stream()
			.collect(Collectors.toMap(WorkloadReference::id, reference -> reference));
	}

	/** @throws NotFoundException where the tenant has no such workload */
	public WorkloadReference workload(String key) {
		return jdbc.sql("select " + REFERENCE + " from workloads where tenant_id = ? and key = ?")
			.param(CurrentTenant.require())
			.param(key)
			.query(this::reference)
			.optional()
			.orElseThrow(() -> new NotFoundException("Workload"));
	}

	private WorkloadReference reference(ResultSet rs, int row) throws SQLException {
		String kind = rs.getString(3);
		Map<String, String> labels = json.readValue(rs.getString(4), new TypeReference<Map<String, String>>() {
		});
		return new WorkloadReference(rs.getObject(1, UUID.class), rs.getString(2),
				kind == null ? null : WorkloadKind.valueOf(kind), labels, nullable(rs, 5), rs.getBoolean(6),
				List.of((String[]) rs.getArray(7).getArray()), List.of((String[]) rs.getArray(8).getArray()));
	}

	private static ConfigurationUsage usage(ResultSet rs, int row) throws SQLException {
		return new ConfigurationUsage(rs.getObject(1, UUID.class), rs.getDate(2).toLocalDate(), blankless(rs, 3),
				blankless(rs, 4), blankless(rs, 5), blankless(rs, 6), blankless(rs, 7), rs.getLong(8), rs.getDouble(9),
				resource(rs, 10), resource(rs, 15), resource(rs, 20), rs.getDouble(25), rs.getDouble(26),
				rs.getDouble(27), rs.getString(28));
	}

	private static ResourceUsage resource(ResultSet rs, int first) throws SQLException {
		return new ResourceUsage(rs.getDouble(first), rs.getDouble(first + 1), rs.getDouble(first + 2),
				rs.getDouble(first + 3), rs.getDouble(first + 4));
	}

	private static Double nullable(ResultSet rs, int column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	private static String blankless(ResultSet rs, int column) throws SQLException {
		String value = rs.getString(column);
		return value == null || value.isEmpty() ? null : value;
	}
}
