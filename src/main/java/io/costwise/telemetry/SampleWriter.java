package io.costwise.telemetry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Stores a validated batch inside the caller's transaction: PostgreSQL {@code COPY} into a staging
 * table (COPY cannot write where row-level security applies, nor skip duplicates), then one statement
 * that moves the rows into the partitioned table, skips samples already stored, and adds what was
 * new to the hourly and daily rollups.
 */
@Component
class SampleWriter {

	static final String COLUMNS = "tenant_id, workload_id, node, ts, window_seconds, batch_id, provider, region, "
			+ "instance_type, purchase_option, gpu_model, gpu_count, mig_profile, vcpus, memory_gib, cpu_util, "
			+ "memory_used_gib, gpu_util, gpu_memory_used_gib, gpu_memory_total_gib, net_egress_gib, storage_gib, "
			+ "batch_size, precision, throughput, work_unit, latency_p95_ms, oom_events";

	/** In key order, so that the primary-key index is filled page by page rather than at random. */
	private static final String MOVE_AND_ROLL_UP = """
			with stored as (
			  insert into samples select * from sample_staging order by workload_id, node, ts %s
			  returning workload_id, ts, window_seconds, gpu_count, vcpus, memory_gib, storage_gib, net_egress_gib,
			            gpu_util, cpu_util, memory_used_gib, gpu_memory_used_gib, throughput, latency_p95_ms, oom_events,
			            provider, region, instance_type, purchase_option, gpu_model, mig_profile, work_unit, batch_size,
			            precision, gpu_memory_total_gib
			), hourly as (%s), daily as (%s), configurations as (%s)
			select count(*) from stored""";

	/**
	 * What the cost model prices, per day and configuration. A MIG profile {@code kg.*} is k/7 of a
	 * GPU; utilization weights count unmeasured usage apart from idle usage.
	 */
	private static final String CONFIGURATION_USAGE = """
			insert into configuration_usage as c
			select current_setting('app.tenant_id')::uuid, workload_id, (ts at time zone 'UTC')::date,
			  coalesce(provider, ''), coalesce(region, ''), coalesce(instance_type, ''), coalesce(purchase_option, ''),
			  coalesce(gpu_model, ''), coalesce(batch_size, 0), coalesce(precision, ''), count(*),
			  sum(window_seconds) / 3600,
			  coalesce(sum(gpu_share * window_seconds), 0) / 3600,
			  coalesce(sum(window_seconds) filter (where gpu_share is null), 0) / 3600,
			  coalesce(sum(coalesce(gpu_share, 1) * window_seconds * gpu_util), 0) / 3600,
			  coalesce(sum(coalesce(gpu_share, 1) * window_seconds) filter (where gpu_util is not null), 0) / 3600,
			  sum(coalesce(gpu_share, 1) * window_seconds) / 3600,
			  coalesce(sum(vcpus * window_seconds), 0) / 3600,
			  coalesce(sum(window_seconds) filter (where vcpus is null), 0) / 3600,
			  coalesce(sum(coalesce(vcpus, 1) * window_seconds * cpu_util), 0) / 3600,
			  coalesce(sum(coalesce(vcpus, 1) * window_seconds) filter (where cpu_util is not null), 0) / 3600,
			  sum(coalesce(vcpus, 1) * window_seconds) / 3600,
			  coalesce(sum(memory_gib * window_seconds), 0) / 3600,
			  coalesce(sum(window_seconds) filter (where memory_gib is null), 0) / 3600,
			  coalesce(sum(least(memory_used_gib, memory_gib) * window_seconds) filter (where memory_gib is not null), 0) / 3600,
			  coalesce(sum(memory_gib * window_seconds) filter (where memory_used_gib is not null), 0) / 3600,
			  coalesce(sum(storage_gib * window_seconds), 0) / 3600,
			  coalesce(sum(net_egress_gib), 0),
			  coalesce(sum(coalesce(gpu_share, 1) * window_seconds) filter (where gpu_util < 0.05), 0) / 3600,
			  max(gpu_memory_used_gib),
			  max(gpu_memory_total_gib),
			  coalesce(sum(throughput * window_seconds), 0),
			  coalesce(sum(window_seconds) filter (where throughput is not null), 0),
			  max(work_unit),
			  coalesce(sum(latency_p95_ms), 0),
			  count(latency_p95_ms),
			  max(latency_p95_ms),
			  coalesce(sum(oom_events), 0)
			from (select *, coalesce(gpu_count, case when mig_profile is not null then 1 end)
			                * coalesce(substr(mig_profile, 1, 1)::double precision / 7, 1) as gpu_share
			      from stored) s
			group by 2, 3, 4, 5, 6, 7, 8, 9, 10
			on conflict (tenant_id, workload_id, day, provider, region, instance_type, purchase_option, gpu_model, batch_size,
			  precision) do update set
			  sample_count = c.sample_count + excluded.sample_count,
			  node_hours = c.node_hours + excluded.node_hours,
			  gpu_hours = c.gpu_hours + excluded.gpu_hours,
			  gpu_missing_node_hours = c.gpu_missing_node_hours + excluded.gpu_missing_node_hours,
			  gpu_busy = c.gpu_busy + excluded.gpu_busy,
			  gpu_measured = c.gpu_measured + excluded.gpu_measured,
			  gpu_total = c.gpu_total + excluded.gpu_total,
			  vcpu_hours = c.vcpu_hours + excluded.vcpu_hours,
			  vcpu_missing_node_hours = c.vcpu_missing_node_hours + excluded.vcpu_missing_node_hours,
			  cpu_busy = c.cpu_busy + excluded.cpu_busy,
			  cpu_measured = c.cpu_measured + excluded.cpu_measured,
			  cpu_total = c.cpu_total + excluded.cpu_total,
			  memory_gib_hours = c.memory_gib_hours + excluded.memory_gib_hours,
			  memory_missing_node_hours = c.memory_missing_node_hours + excluded.memory_missing_node_hours,
			  memory_busy = c.memory_busy + excluded.memory_busy,
			  memory_measured = c.memory_measured + excluded.memory_measured,
			  storage_gib_hours = c.storage_gib_hours + excluded.storage_gib_hours,
			  net_egress_gib = c.net_egress_gib + excluded.net_egress_gib,
			  gpu_idle_hours = c.gpu_idle_hours + excluded.gpu_idle_hours,
			  gpu_memory_used_gib_max = greatest(c.gpu_memory_used_gib_max, excluded.gpu_memory_used_gib_max),
			  gpu_memory_total_gib_max = greatest(c.gpu_memory_total_gib_max, excluded.gpu_memory_total_gib_max),
			  work_units = c.work_units + excluded.work_units,
			  throughput_seconds = c.throughput_seconds + excluded.throughput_seconds,
			  work_unit = coalesce(excluded.work_unit, c.work_unit),
			  latency_p95_ms_sum = c.latency_p95_ms_sum + excluded.latency_p95_ms_sum,
			  latency_count = c.latency_count + excluded.latency_count,
			  latency_p95_ms_max = greatest(c.latency_p95_ms_max, excluded.latency_p95_ms_max),
			  oom_events = c.oom_events + excluded.oom_events""";

	/** Most batches are new data: inserting without conflict handling is markedly faster. */
	private static final String MOVE_NEW = MOVE_AND_ROLL_UP.formatted("", rollUp("hour", "HOUR"), rollUp("day", "DAY"),
			CONFIGURATION_USAGE);

	/** For batches that repeat stored samples: those are skipped. */
	static final String MOVE_SKIPPING_DUPLICATES = MOVE_AND_ROLL_UP.formatted("on conflict do nothing",
			rollUp("hour", "HOUR"), rollUp("day", "DAY"), CONFIGURATION_USAGE);

	private static final String UNIQUE_VIOLATION = "23505";

	private static final String ENTER_INGEST_ROLE = """
			select set_config('role', 'costwise_ingest', true)
			where current_user = 'costwise_app' and current_setting('app.tenant_id', true) = ?""";

	private static final String LEAVE_INGEST_ROLE = "select set_config('role', 'costwise_app', true)";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private volatile Boolean directCopy;

	private final Set<YearMonth> partitionsKnown = ConcurrentHashMap.newKeySet();

	SampleWriter(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/** What a batch changed. */
	record Written(int stored, int duplicates, int workloadsCreated, Collection<UUID> workloadIds, Instant from,
			Instant to) {
	}

	Written write(UUID tenantId, UUID batchId, List<Sample> samples) {
		Instant from = samples.get(0).timestamp();
		Instant to = from;
		boolean wholeMicros = true;
		Set<String> keys = new HashSet<>();
		for (Sample sample : samples) {
			Instant ts = sample.timestamp();
			if (ts.isBefore(from)) {
				from = ts;
			}
			if (ts.isAfter(to)) {
				to = ts;
			}
			wholeMicros &= ts.getNano() % 1000 == 0;
			keys.add(sample.workload());
		}
		ensurePartitions(from, to);
		Workloads workloads = upsertWorkloads(tenantId, keys);
		Map<String, UUID> workloadIds = workloads.ids();
		int stored = -1;
		if (wholeMicros && directCopyAllowed()) {
			UsageDeltas deltas = UsageDeltas.of(samples, workloadIds::get);
			if (deltas != null) {
				stored = copyDirectly(tenantId, batchId, samples, workloadIds, deltas);
			}
		}
		if (stored < 0) {
			copyIntoStaging(tenantId, batchId, samples, workloadIds);
			stored = moveFromStaging();
		}
		markLastSample(tenantId, workloadIds.values(), to);
		return new Written(stored, samples.size() - stored, workloads.created(), workloadIds.values(), from, to);
	}

	private void ensurePartitions(Instant from, Instant to) {
		YearMonth first = YearMonth.from(from.atZone(ZoneOffset.UTC));
		YearMonth last = YearMonth.from(to.atZone(ZoneOffset.UTC));
		for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
			if (!partitionsKnown.contains(month)) {
				ensurePartitions(month, month.plusMonths(1));
			}
		}
	}

	/** Creates the monthly partitions of [first, end) unless they exist. */
	void ensurePartitions(YearMonth first, YearMonth end) {
		jdbc.sql("select ensure_sample_partitions(?, ?)")
			.param(Timestamp.from(first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
			.param(Timestamp.from(end.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
			.query((rs, row) -> row)
			.list();
		for (YearMonth month = first; month.isBefore(end); month = month.plusMonths(1)) {
			partitionsKnown.add(month);
		}
	}

	private record Workloads(Map<String, UUID> ids, int created) {
	}

	/**
	 * Creates the workloads not seen before and returns every key's id, in one statement (the select
	 * does not see the rows its own CTE inserts, so each key comes once). A key that a concurrent
	 * batch inserted after this statement's snapshot is looked up again.
	 */
	private Workloads upsertWorkloads(UUID tenantId, Set<String> keys) {
		String[] array = keys.toArray(String[]::new);
		Map<String, UUID> ids = new HashMap<>();
		int[] created = new int[1];
		jdbc.sql("""
				with created as (
				  insert into workloads (tenant_id, id, key, first_seen_at, updated_at)
				  select :tenant, gen_random_uuid(), key, now(), now() from unnest(:keys::text[]) as key
				  on conflict (tenant_id, key) do nothing
				  returning key, id
				)
				select key, id, true from created
				union all
				select key, id, false from workloads where tenant_id = :tenant and key = any(:keys::text[])""")
			.param("tenant", tenantId)
			.param("keys", array)
			.query((rs, row) -> {
				ids.put(rs.getString(1), rs.getObject(2, UUID.class));
				if (rs.getBoolean(3)) {
					created[0]++;
				}
				return row;
			})
			.list();
		if (ids.size() < keys.size()) {
			ids.putAll(workloadIds(tenantId, keys));
		}
		return new Workloads(ids, created[0]);
	}

	private Map<String, UUID> workloadIds(UUID tenantId, Set<String> keys) {
		return jdbc.sql("select key, id from workloads where tenant_id = :tenant and key = any(:keys::text[])")
			.param("tenant", tenantId)
			.param("keys", keys.toArray(String[]::new))
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getObject(2, UUID.class)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * Whether costwise_ingest exists, is exempt from row-level security, and this session may switch to
	 * it (see V10__ingest_role.sql). Checked once.
	 */
	private boolean directCopyAllowed() {
		Boolean allowed = directCopy;
		if (allowed == null) {
			allowed = jdbc.sql("""
					select coalesce((select rolbypassrls and pg_has_role(session_user, oid, 'MEMBER')
					                 from pg_roles where rolname = 'costwise_ingest'), false)""")
				.query(Boolean.class)
				.single();
			directCopy = allowed;
		}
		return allowed;
	}

	/**
	 * The fast path for new data: binary COPY straight into the partitioned table as costwise_ingest,
	 * under a savepoint, then the batch's own rollup deltas. Because the COPY stored every sample
	 * (any repeated sample fails it with a unique violation), the deltas computed from the batch
	 * are exactly what the stored rows add.
	 * @return the samples stored, or -1 when the batch repeats a stored sample (nothing was changed)
	 */
	private int copyDirectly(UUID tenantId, UUID batchId, List<Sample> samples, Map<String, UUID> workloadIds,
			UsageDeltas deltas) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			Savepoint beforeCopy = connection.setSavepoint();
			try {
				// Only from the tenant's own scope, and only for the tenant RLS is set to: the role may
				// insert any tenant's rows, so the rows must carry exactly this one.
				try (PreparedStatement enter = connection.prepareStatement(ENTER_INGEST_ROLE)) {
					enter.setString(1, tenantId.toString());
					try (ResultSet rs = enter.executeQuery()) {
						if (!rs.next()) {
							connection.rollback(beforeCopy);
							return -1;
						}
					}
				}
				CopyIn copy = connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn("copy samples (" + COLUMNS + ") from stdin with (format binary)");
				try {
					CopyBinary rows = new CopyBinary(copy);
					for (Keyed row : inKeyOrder(samples, workloadIds)) {
						rows.row(tenantId, row.workloadId(), batchId, row.sample());
					}
					rows.end();
					copy.endCopy();
				}
				finally {
					if (copy.isActive()) {
						copy.cancelCopy();
					}
				}
				try (Statement leave = connection.createStatement()) {
					leave.execute(LEAVE_INGEST_ROLE);
				}
				deltas.apply(connection, tenantId);
				connection.releaseSavepoint(beforeCopy);
				return samples.size();
			}
			catch (SQLException ex) {
				if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
					throw ex;
				}
				connection.rollback(beforeCopy);
				return -1;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not copy the batch into PostgreSQL", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/** A sample with its workload's id, as the primary key orders it. */
	private record Keyed(UUID workloadId, Sample sample) {
	}

	/** Workload, node, then time: a batch's samples of one series become adjacent. */
	private static final Comparator<Keyed> KEY_ORDER = (a, b) -> {
		int c = a.workloadId() == b.workloadId() ? 0 : a.workloadId().compareTo(b.workloadId());
		if (c == 0) {
			String n = a.sample().node();
			String m = b.sample().node();
			c = n == m ? 0 : n.compareTo(m);
		}
		return c != 0 ? c : a.sample().timestamp().compareTo(b.sample().timestamp());
	};

	/**
	 * The batch in primary-key order (workload, node, time): PostgreSQL then inserts a series' rows into
	 * the same index leaf one after the other instead of across the whole index for every row, which
	 * took a fifth off the database's CPU time per batch in the ingestion benchmark (batches holding
	 * every node's window, as a collector of a whole cluster sends them).
	 */
	private static Keyed[] inKeyOrder(List<Sample> samples, Map<String, UUID> workloadIds) {
		Keyed[] rows = new Keyed[samples.size()];
		for (int i = 0; i < rows.length; i++) {
			Sample sample = samples.get(i);
			rows[i] = new Keyed(workloadIds.get(sample.workload()), sample);
		}
		Arrays.sort(rows, KEY_ORDER);
		return rows;
	}

	private void copyIntoStaging(UUID tenantId, UUID batchId, List<Sample> samples, Map<String, UUID> workloadIds) {
		jdbc.sql("create temporary table if not exists sample_staging (like samples) on commit delete rows").update();
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			CopyIn copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy sample_staging (" + COLUMNS + ") from stdin");
			try {
				CopyText rows = new CopyText(copy);
				for (Sample sample : samples) {
					rows.row(tenantId, workloadIds.get(sample.workload()), batchId, sample);
				}
				rows.flush();
				copy.endCopy();
			}
			finally {
				if (copy.isActive()) {
					copy.cancelCopy();
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not copy the batch into PostgreSQL", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/**
	 * Tries the fast statement under a savepoint and, when the batch repeats a stored sample, undoes
	 * it and skips the duplicates instead.
	 */
	private int moveFromStaging() {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			Savepoint beforeMove = connection.setSavepoint();
			try {
				int stored = jdbc.sql(MOVE_NEW).query(Integer.class).single();
				connection.releaseSavepoint(beforeMove);
				return stored;
			}
			catch (DuplicateKeyException ex) {
				connection.rollback(beforeMove);
				return jdbc.sql(MOVE_SKIPPING_DUPLICATES).query(Integer.class).single();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not move the batch out of staging", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/**
	 * Moves last_sample_at forward; rows it would not change are not written (no new row version, no
	 * row lock that a concurrent batch of the same workloads would wait for), as for a backfill or
	 * late samples.
	 */
	private void markLastSample(UUID tenantId, Collection<UUID> workloadIds, Instant to) {
		jdbc.sql("""
				update workloads set last_sample_at = :to
				where tenant_id = :tenant and id = any(:ids::uuid[]) and (last_sample_at is null or last_sample_at < :to)""")
			.param("to", Timestamp.from(to))
			.param("tenant", tenantId)
			.param("ids", workloadIds.toArray(UUID[]::new))
			.update();
	}

	private static String rollUp(String unit, String resolution) {
		return """
				insert into usage_rollups as r (tenant_id, workload_id, resolution, bucket_start, sample_count, window_hours,
				  gpu_hours, vcpu_hours, memory_gib_hours, storage_gib_hours, net_egress_gib, gpu_util_weighted,
				  gpu_util_weight, gpu_util_max, cpu_util_weighted, cpu_util_weight, memory_used_gib_hours,
				  memory_used_weight, memory_used_gib_max, gpu_memory_used_gib_max, work_units, throughput_seconds,
				  latency_p95_ms_max, latency_p95_ms_sum, latency_count, oom_events)
				select current_setting('app.tenant_id')::uuid, workload_id, '%2$s', date_trunc('%1$s', ts, 'UTC'), count(*),
				  sum(window_seconds) / 3600,
				  coalesce(sum(gpu_count * window_seconds), 0) / 3600,
				  coalesce(sum(vcpus * window_seconds), 0) / 3600,
				  coalesce(sum(memory_gib * window_seconds), 0) / 3600,
				  coalesce(sum(storage_gib * window_seconds), 0) / 3600,
				  coalesce(sum(net_egress_gib), 0),
				  coalesce(sum(gpu_util * coalesce(gpu_count, 1) * window_seconds), 0) / 3600,
				  coalesce(sum(coalesce(gpu_count, 1) * window_seconds) filter (where gpu_util is not null), 0) / 3600,
				  max(gpu_util),
				  coalesce(sum(cpu_util * coalesce(vcpus, 1) * window_seconds), 0) / 3600,
				  coalesce(sum(coalesce(vcpus, 1) * window_seconds) filter (where cpu_util is not null), 0) / 3600,
				  coalesce(sum(memory_used_gib * window_seconds) filter (where memory_gib is not null), 0) / 3600,
				  coalesce(sum(memory_gib * window_seconds) filter (where memory_used_gib is not null), 0) / 3600,
				  max(memory_used_gib),
				  max(gpu_memory_used_gib),
				  coalesce(sum(throughput * window_seconds), 0),
				  coalesce(sum(window_seconds) filter (where throughput is not null), 0),
				  max(latency_p95_ms),
				  coalesce(sum(latency_p95_ms), 0),
				  count(latency_p95_ms),
				  coalesce(sum(oom_events), 0)
				from stored group by workload_id, date_trunc('%1$s', ts, 'UTC')
				on conflict (tenant_id, workload_id, resolution, bucket_start) do update set
				  sample_count = r.sample_count + excluded.sample_count,
				  window_hours = r.window_hours + excluded.window_hours,
				  gpu_hours = r.gpu_hours + excluded.gpu_hours,
				  vcpu_hours = r.vcpu_hours + excluded.vcpu_hours,
				  memory_gib_hours = r.memory_gib_hours + excluded.memory_gib_hours,
				  storage_gib_hours = r.storage_gib_hours + excluded.storage_gib_hours,
				  net_egress_gib = r.net_egress_gib + excluded.net_egress_gib,
				  gpu_util_weighted = r.gpu_util_weighted + excluded.gpu_util_weighted,
				  gpu_util_weight = r.gpu_util_weight + excluded.gpu_util_weight,
				  gpu_util_max = greatest(r.gpu_util_max, excluded.gpu_util_max),
				  cpu_util_weighted = r.cpu_util_weighted + excluded.cpu_util_weighted,
				  cpu_util_weight = r.cpu_util_weight + excluded.cpu_util_weight,
				  memory_used_gib_hours = r.memory_used_gib_hours + excluded.memory_used_gib_hours,
				  memory_used_weight = r.memory_used_weight + excluded.memory_used_weight,
				  memory_used_gib_max = greatest(r.memory_used_gib_max, excluded.memory_used_gib_max),
				  gpu_memory_used_gib_max = greatest(r.gpu_memory_used_gib_max, excluded.gpu_memory_used_gib_max),
				  work_units = r.work_units + excluded.work_units,
				  throughput_seconds = r.throughput_seconds + excluded.throughput_seconds,
				  latency_p95_ms_max = greatest(r.latency_p95_ms_max, excluded.latency_p95_ms_max),
				  latency_p95_ms_sum = r.latency_p95_ms_sum + excluded.latency_p95_ms_sum,
				  latency_count = r.latency_count + excluded.latency_count,
				  oom_events = r.oom_events + excluded.oom_events""".formatted(unit, resolution);
	}

	/** Rows in COPY's binary format, sent in chunks: no number formatting in Java nor parsing in PostgreSQL. */
	private static final class CopyBinary {

		private static final int CHUNK = 1 << 16;

		private static final byte[] HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0,
				0, 0, 0, 0 };

		/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970. */
		private static final long POSTGRES_EPOCH = 946_684_800L;

		private static final int FIELDS = 28;

		private final CopyIn copy;

		private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK + 8192);

		private final Map<String, byte[]> texts = new HashMap<>();

		CopyBinary(CopyIn copy) {
			this.copy = copy;
			buffer.put(HEADER);
		}

		void row(UUID tenantId, UUID workloadId, UUID batchId, Sample s) throws SQLException {
			buffer.putShort((short) FIELDS);
			uuid(tenantId);
			uuid(workloadId);
			text(s.node());
			Instant ts = s.timestamp();
			buffer.putInt(8).putLong((ts.getEpochSecond() - POSTGRES_EPOCH) * 1_000_000L + ts.getNano() / 1000);
			real(s.windowSeconds());
			uuid(batchId);
			text(s.provider());
			text(s.region());
			text(s.instanceType());
			text(s.purchaseOption());
			text(s.gpuModel());
			real(s.gpuCount());
			text(s.migProfile());
			real(s.vcpus());
			real(s.memoryGiB());
			real(s.cpuUtil());
			real(s.memoryUsedGiB());
			real(s.gpuUtil());
			real(s.gpuMemoryUsedGiB());
			real(s.gpuMemoryTotalGiB());
			real(s.netEgressGiB());
			real(s.storageGiB());
			integer(s.batchSize());
			text(s.precision());
			real(s.throughput());
			text(s.workUnit());
			real(s.latencyP95Ms());
			integer(s.oomEvents());
			if (buffer.position() >= CHUNK) {
				flush();
			}
		}

		void end() throws SQLException {
			buffer.putShort((short) -1);
			flush();
		}

		private void flush() throws SQLException {
			copy.writeToCopy(buffer.array(), 0, buffer.position());
			buffer.clear();
		}

		private void uuid(UUID value) {
			buffer.putInt(16).putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits());
		}

		private void real(Double value) {
			if (value == null) {
				buffer.putInt(-1);
			}
			else {
				buffer.putInt(8).putDouble(value);
			}
		}

		private void integer(Integer value) {
			if (value == null) {
				buffer.putInt(-1);
			}
			else {
				buffer.putInt(4).putInt(value);
			}
		}

		/** Text as UTF-8; the few distinct values of a batch (nodes, regions, models) are encoded once. */
		private void text(String value) throws SQLException {
			if (value == null) {
				buffer.putInt(-1);
				return;
			}
			byte[] bytes = texts.size() < 100_000 ? texts.computeIfAbsent(value, v -> v.getBytes(StandardCharsets.UTF_8))
					: value.getBytes(StandardCharsets.UTF_8);
			if (buffer.remaining() < bytes.length + 4) {
				flush();
			}
			if (buffer.remaining() < bytes.length + 4) {
				buffer.putInt(bytes.length);
				flush();
				copy.writeToCopy(bytes, 0, bytes.length);
				return;
			}
			buffer.putInt(bytes.length).put(bytes);
		}
	}

	/** Rows in COPY's text format, sent in chunks. */
	private static final class CopyText {

		private static final int CHUNK = 1 << 16;

		private final CopyIn copy;

		private final StringBuilder buffer = new StringBuilder(CHUNK + 1024);

		CopyText(CopyIn copy) {
			this.copy = copy;
		}

		void row(UUID tenantId, UUID workloadId, UUID batchId, Sample s) throws SQLException {
			field(tenantId).field(workloadId).field(s.node()).field(s.timestamp()).field(s.windowSeconds()).field(batchId);
			field(s.provider()).field(s.region()).field(s.instanceType()).field(s.purchaseOption()).field(s.gpuModel());
			field(s.gpuCount()).field(s.migProfile()).field(s.vcpus()).field(s.memoryGiB()).field(s.cpuUtil());
			field(s.memoryUsedGiB()).field(s.gpuUtil()).field(s.gpuMemoryUsedGiB()).field(s.gpuMemoryTotalGiB());
			field(s.netEgressGiB()).field(s.storageGiB()).field(s.batchSize()).field(s.precision()).field(s.throughput());
			field(s.workUnit()).field(s.latencyP95Ms()).field(s.oomEvents());
			buffer.setCharAt(buffer.length() - 1, '\n');
			if (buffer.length() >= CHUNK) {
				flush();
			}
		}

		void flush() throws SQLException {
			byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
			copy.writeToCopy(bytes, 0, bytes.length);
			buffer.setLength(0);
		}

		private CopyText field(Object value) {
			if (value == null) {
				buffer.append("\\N");
			}
			else if (value instanceof String text) {
				escape(text);
			}
			else {
				buffer.append(value);
			}
			buffer.append('\t');
			return this;
		}

		private void escape(String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				switch (c) {
					case '\\' -> buffer.append("\\\\");
					case '\t' -> buffer.append("\\t");
					case '\n' -> buffer.append("\\n");
					case '\r' -> buffer.append("\\r");
					default -> buffer.append(c);
				}
			}
		}
	}
}
