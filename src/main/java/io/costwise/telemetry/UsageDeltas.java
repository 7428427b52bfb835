package io.costwise.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.postgresql.PGConnection;

/**
 * What a batch adds to the hourly and daily {@code usage_rollups} and to the daily
 * {@code configuration_usage} ledger, aggregated in memory from the parsed samples: the same sums,
 * counts and maxima as the SQL in {@link SampleWriter} computes over the rows a statement stored.
 * Only valid when every sample of the batch was newly stored (a COPY without a duplicate-key error);
 * otherwise the SQL path counts what was actually stored. Applied with one multi-row upsert per table,
 * in key order so that concurrent batches lock rollup rows in the same order.
 */
final class UsageDeltas {

	private static final long HOUR = 3600;

	private static final long DAY = 86_400;

	private final Map<BucketKey, Bucket> hourly = new HashMap<>();

	private final Map<BucketKey, Bucket> daily = new HashMap<>();

	private final Map<ConfigurationKey, Configuration> configurations = new HashMap<>();

	/** A configuration group saw two different work units: max(text) follows the database's collation. */
	private boolean ambiguous;

	private UsageDeltas() {
	}

	/** @return the deltas, or {@code null} when they cannot be computed exactly as SQL would */
	static UsageDeltas of(List<Sample> samples, Function<String, UUID> workloadIds) {
		UsageDeltas deltas = new UsageDeltas();
		for (Sample sample : samples) {
			UUID workload = workloadIds.apply(sample.workload());
			long second = sample.timestamp().getEpochSecond();
			deltas.hourly.computeIfAbsent(new BucketKey(workload, Math.floorDiv(second, HOUR) * HOUR), k -> new Bucket())
				.add(sample);
			long day = Math.floorDiv(second, DAY);
			ConfigurationKey key = new ConfigurationKey(workload, day, orEmpty(sample.provider()), orEmpty(sample.region()),
					orEmpty(sample.instanceType()), orEmpty(sample.purchaseOption()), orEmpty(sample.gpuModel()),
					sample.batchSize() == null ? 0 : sample.batchSize(), orEmpty(sample.precision()));
			Configuration configuration = deltas.configurations.computeIfAbsent(key, k -> new Configuration());
			if (!configuration.add(sample)) {
				deltas.ambiguous = true;
				return null;
			}
		}
		// A day's sums, counts and maxima are those of its hours.
		deltas.hourly.forEach((key, hour) -> deltas.daily
			.computeIfAbsent(new BucketKey(key.workload(), Math.floorDiv(key.start(), DAY) * DAY), k -> new Bucket())
			.add(hour));
		return deltas;
	}

	private static String orEmpty(String value) {
		return value == null ? "" : value;
	}

	private static final String ROLLUPS = """
			insert into usage_rollups as r (tenant_id, workload_id, resolution, bucket_start, sample_count, window_hours,
			  gpu_hours, vcpu_hours, memory_gib_hours, storage_gib_hours, net_egress_gib, gpu_util_weighted,
			  gpu_util_weight, gpu_util_max, cpu_util_weighted, cpu_util_weight, memory_used_gib_hours,
			  memory_used_weight, memory_used_gib_max, gpu_memory_used_gib_max, work_units, throughput_seconds,
			  latency_p95_ms_max, latency_p95_ms_sum, latency_count, oom_events)
			select ?::uuid, w::uuid, res, to_timestamp(b), n, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13,
			  v14, v15, v16, v17, v18, v19, lc, oom
			from unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::float8[],
			  ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
			  ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
			  ?::bigint[], ?::bigint[])
			  as u(w, res, b, n, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19,
			       lc, oom)
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
			  oom_events = r.oom_events + excluded.oom_events""";

	private static final String CONFIGURATIONS = """
			insert into configuration_usage as c
			select ?::uuid, w::uuid, date '1970-01-01' + d, p, rg, it, po, gm, bs, pr, n, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, wu, ls, lc, lm, oom
			from unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
			  ?::bigint[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
			  ?::text[], ?::float8[], ?::bigint[], ?::float8[], ?::bigint[])
			  as u(w, d, p, rg, it, po, gm, bs, pr, n, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, wu, ls, lc, lm, oom)
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

	/** Adds the deltas to the rollups, as the current (RLS-bound) role, inside the caller's transaction. */
	void apply(Connection connection, UUID tenantId) throws SQLException {
		List<Map.Entry<BucketKey, Bucket>> buckets = new ArrayList<>(hourly.size() + daily.size());
		hourly.entrySet().stream().sorted(Map.Entry.comparingByKey(BucketKey.ORDER)).forEach(buckets::add);
		int hours = buckets.size();
		daily.entrySet().stream().sorted(Map.Entry.comparingByKey(BucketKey.ORDER)).forEach(buckets::add);
		Columns columns = new Columns(connection, buckets.size());
		try (PreparedStatement statement = connection.prepareStatement(ROLLUPS)) {
			statement.setObject(1, tenantId);
			int i = 0;
			for (Map.Entry<BucketKey, Bucket> entry : buckets) {
				BucketKey key = entry.getKey();
				Bucket b = entry.getValue();
				columns.row(i++).text(key.workload().toString()).text(i <= hours ? "HOUR" : "DAY").integer(key.start())
					.integer(b.count).real(b.window / 3600).real(b.gpu / 3600).real(b.vcpu / 3600).real(b.memory / 3600)
					.real(b.storage / 3600).real(b.egress).real(b.gpuUtilWeighted / 3600).real(b.gpuUtilWeight / 3600)
					.real(b.gpuUtilMax).real(b.cpuUtilWeighted / 3600).real(b.cpuUtilWeight / 3600)
					.real(b.memoryUsed / 3600).real(b.memoryUsedWeight / 3600).real(b.memoryUsedMax)
					.real(b.gpuMemoryUsedMax).real(b.workUnits).real(b.throughputSeconds).real(b.latencyMax)
					.real(b.latencySum).integer(b.latencyCount).integer(b.oomEvents);
			}
			columns.bind(statement, 2, "text", "text", "int8", "int8", "float8", "float8", "float8", "float8", "float8",
					"float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8",
					"float8", "float8", "float8", "float8", "int8", "int8");
			statement.executeUpdate();
		}
		List<Map.Entry<ConfigurationKey, Configuration>> rows = configurations.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(ConfigurationKey.ORDER))
			.toList();
		columns = new Columns(connection, rows.size());
		try (PreparedStatement statement = connection.prepareStatement(CONFIGURATIONS)) {
			statement.setObject(1, tenantId);
			int i = 0;
			for (Map.Entry<ConfigurationKey, Configuration> entry : rows) {
				ConfigurationKey k = entry.getKey();
				Configuration c = entry.getValue();
				columns.row(i++).text(k.workload().toString()).integer(k.day()).text(k.provider()).text(k.region())
					.text(k.instanceType()).text(k.purchaseOption()).text(k.gpuModel()).integer(k.batchSize())
					.text(k.precision()).integer(c.count).real(c.window / 3600).real(c.gpu / 3600)
					.real(c.gpuMissing / 3600).real(c.gpuBusy / 3600).real(c.gpuMeasured / 3600).real(c.gpuTotal / 3600)
					.real(c.vcpu / 3600).real(c.vcpuMissing / 3600).real(c.cpuBusy / 3600).real(c.cpuMeasured / 3600)
					.real(c.cpuTotal / 3600).real(c.memory / 3600).real(c.memoryMissing / 3600)
					.real(c.memoryBusy / 3600).real(c.memoryMeasured / 3600).real(c.storage / 3600).real(c.egress)
					.real(c.gpuIdle / 3600).real(c.gpuMemoryUsedMax).real(c.gpuMemoryTotalMax).real(c.workUnits)
					.real(c.throughputSeconds).text(c.workUnit).real(c.latencySum).integer(c.latencyCount)
					.real(c.latencyMax).integer(c.oomEvents);
			}
			columns.bind(statement, 2, "text", "int4", "text", "text", "text", "text", "text", "int4", "text", "int8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "float8", "text", "float8", "int8", "float8", "int8");
			statement.executeUpdate();
		}
	}

	/**
	 * Column arrays for unnest, filled row by row: typed Java arrays, which PgJDBC sends in PostgreSQL's
	 * binary array format (no number formatting here, no parsing there).
	 */
	private static final class Columns {

		private final Connection connection;

		private final int rows;

		private final List<Object> columns = new ArrayList<>();

		private int row;

		private int column;

		Columns(Connection connection, int rows) {
			this.connection = connection;
			this.rows = rows;
		}

		Columns row(int index) {
			row = index;
			column = 0;
			return this;
		}

		Columns text(String value) {
			this.<String[]>column(String[]::new)[row] = value;
			return this;
		}

		Columns integer(long value) {
			this.<long[]>column(long[]::new)[row] = value;
			return this;
		}

		Columns integer(int value) {
			this.<int[]>column(int[]::new)[row] = value;
			return this;
		}

		Columns real(double value) {
			this.<double[]>column(double[]::new)[row] = value;
			return this;
		}

		/** A value that may be unknown ({@code null}). */
		Columns real(Double value) {
			this.<Double[]>column(Double[]::new)[row] = value;
			return this;
		}

		@SuppressWarnings("unchecked")
		private <A> A column(java.util.function.IntFunction<A> create) {
			if (columns.size() <= column) {
				columns.add(create.apply(rows));
			}
			return (A) columns.get(column++);
		}

		void bind(PreparedStatement statement, int first, String... types) throws SQLException {
			if (rows == 0) {
				for (int i = 0; i < types.length; i++) {
					statement.setArray(first + i, connection.createArrayOf(types[i], new Object[0]));
				}
				return;
			}
			PGConnection pg = connection.unwrap(PGConnection.class);
			for (int i = 0; i < types.length; i++) {
				statement.setArray(first + i, pg.createArrayOf(types[i], columns.get(i)));
			}
		}
	}

	private record BucketKey(UUID workload, long start) {

		static final Comparator<BucketKey> ORDER = Comparator.comparing(BucketKey::workload)
			.thenComparingLong(BucketKey::start);
	}

	private record ConfigurationKey(UUID workload, int day, String provider, String region, String instanceType,
			String purchaseOption, String gpuModel, int batchSize, String precision) {

		static final Comparator<ConfigurationKey> ORDER = Comparator.comparing(ConfigurationKey::workload)
			.thenComparingInt(ConfigurationKey::day)
			.thenComparing(ConfigurationKey::provider)
			.thenComparing(ConfigurationKey::region)
			.thenComparing(ConfigurationKey::instanceType)
			.thenComparing(ConfigurationKey::purchaseOption)
			.thenComparing(ConfigurationKey::gpuModel)
			.thenComparingInt(ConfigurationKey::batchSize)
			.thenComparing(ConfigurationKey::precision);

		ConfigurationKey(UUID workload, long day, String provider, String region, String instanceType,
				String purchaseOption, String gpuModel, int batchSize, String precision) {
			this(workload, Math.toIntExact(day), provider, region, instanceType, purchaseOption, gpuModel, batchSize,
					precision);
		}
	}

	private static Double max(Double current, Double value) {
		if (value == null) {
			return current;
		}
		return current == null || value > current ? value : current;
	}

	/** One row of usage_rollups, as SampleWriter's rollUp SQL aggregates it (sums before the division by 3600). */
	private static final class Bucket {

		long count;

		double window, gpu, vcpu, memory, storage, egress, gpuUtilWeighted, gpuUtilWeight, cpuUtilWeighted,
				cpuUtilWeight, memoryUsed, memoryUsedWeight, workUnits, throughputSeconds, latencySum;

		Double gpuUtilMax, memoryUsedMax, gpuMemoryUsedMax, latencyMax;

		long latencyCount, oomEvents;

		void add(Sample s) {
			double ws = s.windowSeconds();
			count++;
			window += ws;
			if (s.gpuCount() != null) {
				gpu += s.gpuCount() * ws;
			}
			if (s.vcpus() != null) {
				vcpu += s.vcpus() * ws;
			}
			if (s.memoryGiB() != null) {
				memory += s.memoryGiB() * ws;
			}
			if (s.storageGiB() != null) {
				storage += s.storageGiB() * ws;
			}
			if (s.netEgressGiB() != null) {
				egress += s.netEgressGiB();
			}
			double gpus = s.gpuCount() == null ? 1 : s.gpuCount();
			if (s.gpuUtil() != null) {
				gpuUtilWeighted += s.gpuUtil() * gpus * ws;
				gpuUtilWeight += gpus * ws;
			}
			gpuUtilMax = max(gpuUtilMax, s.gpuUtil());
			double vcpus = s.vcpus() == null ? 1 : s.vcpus();
			if (s.cpuUtil() != null) {
				cpuUtilWeighted += s.cpuUtil() * vcpus * ws;
				cpuUtilWeight += vcpus * ws;
			}
			if (s.memoryGiB() != null && s.memoryUsedGiB() != null) {
				memoryUsed += s.memoryUsedGiB() * ws;
				memoryUsedWeight += s.memoryGiB() * ws;
			}
			memoryUsedMax = max(memoryUsedMax, s.memoryUsedGiB());
			gpuMemoryUsedMax = max(gpuMemoryUsedMax, s.gpuMemoryUsedGiB());
			if (s.throughput() != null) {
				workUnits += s.throughput() * ws;
				throughputSeconds += ws;
			}
			if (s.latencyP95Ms() != null) {
				latencyMax = max(latencyMax, s.latencyP95Ms());
				latencySum += s.latencyP95Ms();
				latencyCount++;
			}
			if (s.oomEvents() != null) {
				oomEvents += s.oomEvents();
			}
		}

		/** Adds another bucket's samples, as if they had been added one by one. */
		void add(Bucket b) {
			count += b.count;
			window += b.window;
			gpu += b.gpu;
			vcpu += b.vcpu;
			memory += b.memory;
			storage += b.storage;
			egress += b.egress;
			gpuUtilWeighted += b.gpuUtilWeighted;
			gpuUtilWeight += b.gpuUtilWeight;
			gpuUtilMax = max(gpuUtilMax, b.gpuUtilMax);
			cpuUtilWeighted += b.cpuUtilWeighted;
			cpuUtilWeight += b.cpuUtilWeight;
			memoryUsed += b.memoryUsed;
			memoryUsedWeight += b.memoryUsedWeight;
			memoryUsedMax = max(memoryUsedMax, b.memoryUsedMax);
			gpuMemoryUsedMax = max(gpuMemoryUsedMax, b.gpuMemoryUsedMax);
			workUnits += b.workUnits;
			throughputSeconds += b.throughputSeconds;
			latencyMax = max(latencyMax, b.latencyMax);
			latencySum += b.latencySum;
			latencyCount += b.latencyCount;
			oomEvents += b.oomEvents;
		}
	}

	/** One row of configuration_usage, as SampleWriter's CONFIGURATION_USAGE SQL aggregates it. */
	private static final class Configuration {

		long count;

		double window, gpu, gpuMissing, gpuBusy, gpuMeasured, gpuTotal, vcpu, vcpuMissing, cpuBusy, cpuMeasured,
				cpuTotal, memory, memoryMissing, memoryBusy, memoryMeasured, storage, egress, gpuIdle, workUnits,
				throughputSeconds, latencySum;

		Double gpuMemoryUsedMax, gpuMemoryTotalMax, latencyMax;

		String workUnit;

		long latencyCount, oomEvents;

		/** @return false when the group holds two different work units */
		boolean add(Sample s) {
			double ws = s.windowSeconds();
			count++;
			window += ws;
			// coalesce(gpu_count, case when mig_profile is not null then 1 end) * coalesce(k / 7, 1)
			Double base = s.gpuCount() != null ? s.gpuCount() : s.migProfile() != null ? Double.valueOf(1) : null;
			Double share = base == null ? null
					: base * (s.migProfile() == null ? 1 : (double) (s.migProfile().charAt(0) - '0') / 7);
			if (share != null) {
				gpu += share * ws;
			}
			else {
				gpuMissing += ws;
			}
			double shareOrOne = share == null ? 1 : share;
			if (s.gpuUtil() != null) {
				gpuBusy += shareOrOne * ws * s.gpuUtil();
				gpuMeasured += shareOrOne * ws;
				if (s.gpuUtil() < 0.05) {
					gpuIdle += shareOrOne * ws;
				}
			}
			gpuTotal += shareOrOne * ws;
			if (s.vcpus() != null) {
				vcpu += s.vcpus() * ws;
			}
			else {
				vcpuMissing += ws;
			}
			double vcpus = s.vcpus() == null ? 1 : s.vcpus();
			if (s.cpuUtil() != null) {
				cpuBusy += vcpus * ws * s.cpuUtil();
				cpuMeasured += vcpus * ws;
			}
			cpuTotal += vcpus * ws;
			if (s.memoryGiB() != null) {
				memory += s.memoryGiB() * ws;
				// least() ignores nulls: an unknown used amount counts as the whole memory
				double used = s.memoryUsedGiB() == null ? s.memoryGiB() : Math.min(s.memoryUsedGiB(), s.memoryGiB());
				memoryBusy += used * ws;
				if (s.memoryUsedGiB() != null) {
					memoryMeasured += s.memoryGiB() * ws;
				}
			}
			else {
				memoryMissing += ws;
			}
			if (s.storageGiB() != null) {
				storage += s.storageGiB() * ws;
			}
			if (s.netEgressGiB() != null) {
				egress += s.netEgressGiB();
			}
			gpuMemoryUsedMax = max(gpuMemoryUsedMax, s.gpuMemoryUsedGiB());
			gpuMemoryTotalMax = max(gpuMemoryTotalMax, s.gpuMemoryTotalGiB());
			if (s.throughput() != null) {
				workUnits += s.throughput() * ws;
				throughputSeconds += ws;
			}
			if (s.workUnit() != null) {
				if (workUnit != null && !Objects.equals(workUnit, s.workUnit())) {
					return false;
				}
				workUnit = s.workUnit();
			}
			if (s.latencyP95Ms() != null) {
				latencySum += s.latencyP95Ms();
				latencyCount++;
				latencyMax = max(latencyMax, s.latencyP95Ms());
			}
			if (s.oomEvents() != null) {
				oomEvents += s.oomEvents();
			}
			return true;
		}
	}
}
