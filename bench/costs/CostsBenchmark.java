import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;

/**
 * Cost query benchmark (bench/README.md, "Cost queries"): {@code GET /api/v1/costs} and friends over
 * 13 months × 1,000 workloads of cost records computed by the packaged jar itself, against two
 * baselines measured in the same rounds: the bare SQL scan of the tenant's cost records (the floor
 * any answer from these rows pays) and a trivial authenticated HTTP round trip.
 *
 * <p>The daily usage the cost model prices ({@code configuration_usage}) and the workloads are seeded
 * with SQL as the table owner; the application then computes every cost record through its own
 * scheduled recomputation (a {@code cost_repricing} row from the first day), which is timed too.
 *
 * <p>Run through {@code bench/costs/run.sh}, which puts the jar's classes and libraries on the class
 * path and launches this file with {@code java CostsBenchmark.java}.
 */
public final class CostsBenchmark {

	// ------------------------------------------------------------------------------------------------
	// Options

	static final class Options {

		Path jar;

		String pgHost = "127.0.0.1";

		int pgPort = 5432;

		String pgUser = "postgres";

		String pgPassword = "";

		String database = "costwise_bench_costs";

		int workloads = 1000;

		int months = 13;

		int warmup = 5;

		int runs = 30;

		int exportRuns = 5;

		double targetMs = 200;

		/** The app that answers the queries and the export (the ingest benchmark's heap). */
		String appHeap = "-Xmx512m";

		/** The app that does the full recomputation: it holds the whole usage ledger in memory (see README). */
		String recomputeHeap = "-Xmx2g";

		boolean before = true;

		Duration recomputeTimeout = Duration.ofMinutes(12);

		Path readme;

		Path appLog;

		Path pidFile;

		boolean keepDatabase;

		static Options parse(String[] args) {
			Options o = new Options();
			for (String arg : args) {
				String[] kv = arg.replaceFirst("^--", "").split("=", 2);
				String v = kv.length > 1 ? kv[1] : "true";
				switch (kv[0]) {
					case "jar" -> o.jar = Path.of(v);
					case "pg-host" -> o.pgHost = v;
					case "pg-port" -> o.pgPort = Integer.parseInt(v);
					case "pg-user" -> o.pgUser = v;
					case "pg-password" -> o.pgPassword = v;
					case "database" -> o.database = v;
					case "workloads" -> o.workloads = Integer.parseInt(v);
					case "months" -> o.months = Integer.parseInt(v);
					case "warmup" -> o.warmup = Integer.parseInt(v);
					case "runs" -> o.runs = Integer.parseInt(v);
					case "export-runs" -> o.exportRuns = Integer.parseInt(v);
					case "target-ms" -> o.targetMs = Double.parseDouble(v);
					case "app-heap" -> o.appHeap = v;
					case "recompute-heap" -> o.recomputeHeap = v;
					case "before" -> o.before = Boolean.parseBoolean(v);
					case "recompute-timeout" -> o.recomputeTimeout = Duration.ofSeconds(Long.parseLong(v));
					case "readme" -> o.readme = v.isEmpty() ? null : Path.of(v);
					case "app-log" -> o.appLog = Path.of(v);
					case "pid-file" -> o.pidFile = Path.of(v);
					case "keep-database" -> o.keepDatabase = Boolean.parseBoolean(v);
					default -> throw new IllegalArgumentException("unknown option " + arg);
				}
			}
			if (o.jar == null) {
				throw new IllegalArgumentException("--jar=target/costwise-….jar is required");
			}
			if (o.runs < 5) {
				throw new IllegalArgumentException("--runs must be at least 5 (medians of fewer mean little here)");
			}
			return o;
		}

		String url(String db) {
			return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
		}
	}

	// ------------------------------------------------------------------------------------------------
	// The seeded fleet: 1,000 workloads, each running every day of the period, priced by the catalog's
	// real instance types. Generated deterministically from a seed.

	/** An instance type the shipped catalog prices; gpuName is what the samples (nvidia-smi/DCGM) call it. */
	record Machine(String provider, String region, String instanceType, String gpuName, int gpus, int vcpus,
			int memoryGiB, int gpuMemoryGiB) {
	}

	static final Machine[] TRAINING = {
			new Machine("aws", "us-east-1", "p4d.24xlarge", "NVIDIA A100-SXM4-40GB", 8, 96, 1152, 40),
			new Machine("aws", "us-east-1", "p5.48xlarge", "NVIDIA H100 80GB HBM3", 8, 192, 2048, 80),
			new Machine("gcp", "us-central1", "a3-highgpu-8g", "H100", 8, 208, 1872, 80),
			new Machine("azure", "eastus", "Standard_NC24ads_A100_v4", "NVIDIA A100 80GB PCIe", 1, 24, 220, 80) };

	static final Machine[] INFERENCE = {
			new Machine("aws", "us-east-1", "g5.xlarge", "NVIDIA A10G", 1, 4, 16, 24),
			new Machine("aws", "us-west-2", "g6.xlarge", "NVIDIA L4", 1, 4, 16, 24),
			new Machine("gcp", "us-central1", "g2-standard-8", "L4", 1, 8, 32, 24),
			new Machine("gcp", "us-central1", "a2-highgpu-1g", "A100", 1, 12, 85, 40),
			new Machine("azure", "eastus", "Standard_NC4as_T4_v3", "Tesla T4", 1, 4, 28, 16) };

	static final Machine[] BATCH = {
			new Machine("aws", "us-east-1", "g4dn.xlarge", "Tesla T4", 1, 4, 16, 16),
			new Machine("aws", "us-west-2", "g5.xlarge", "A10G", 1, 4, 16, 24),
			new Machine("gcp", "us-central1", "a2-highgpu-1g", "A100", 1, 12, 85, 40) };

	static final String[] TEAMS = { "search", "ads", "recsys", "vision", "speech", "llm-platform", "fraud",
			"translation", "research", "assistant", "ranking", "safety" };

	static final String[] MODELS = { "llama-3-70b", "mixtral-8x7b", "bert-large", "whisper-large", "sdxl",
			"resnet50", "qwen2-7b", "t5-xl", "gemma-9b", "vit-h14", "clip-l", "e5-mistral" };

	record FleetWorkload(UUID id, String key, String kind, String team, String project, String model, Machine machine,
			String purchaseOption, int batchSize, String precision, double latencyMs, double nodes, double gpuUtil, double cpuUtil, double memoryUtil,
			double gpuMeasuredShare, boolean reportsGpuCount, double storageGiBPerNode, double egressGiBPerNodeHour,
			double unitsPerSecondPerNode, String workUnit, String secondPurchaseOption, double secondShareOfDays,
			long seed) {
	}

	static List<FleetWorkload> fleet(int n) {
		SplittableRandom random = new SplittableRandom(20261123L);
		List<FleetWorkload> out = new ArrayList<>();
		for (int w = 0; w < n; w++) {
			String kind = switch (w % 10) {
				case 0, 1, 2 -> "TRAINING";
				case 3, 4, 5, 6 -> "INFERENCE";
				default -> "BATCH";
			};
			String model = MODELS[random.nextInt(MODELS.length)];
			String team = random.nextInt(20) == 0 ? null : TEAMS[random.nextInt(TEAMS.length)];
			String project = (team == null ? "misc" : team) + "-" + (char) ('a' + random.nextInt(4));
			String key = switch (kind) {
				case "TRAINING" -> String.format(Locale.ROOT, "train-%s-run-%04d", model, w);
				case "INFERENCE" -> String.format(Locale.ROOT, "serve-%s-%s-%04d", model, w % 3 == 0 ? "staging" : "prod", w);
				default -> String.format(Locale.ROOT, "batch-%s-embed-%04d", model, w);
			};
			Machine[] pool = switch (kind) {
				case "TRAINING" -> TRAINING;
				case "INFERENCE" -> INFERENCE;
				default -> BATCH;
			};
			Machine machine = pool[random.nextInt(pool.length)];
			double nodes = switch (kind) {
				case "TRAINING" -> machine.gpus() == 8 ? new int[] { 1, 2, 4, 8 }[random.nextInt(4)] : 1 + random.nextInt(8);
				case "INFERENCE" -> 1 + random.nextInt(6);
				default -> 1 + random.nextInt(3);
			};
			String purchase = switch (kind) {
				case "TRAINING" -> random.nextInt(3) == 0 ? "RESERVED" : "ON_DEMAND";
				case "INFERENCE" -> random.nextInt(4) == 0 ? "RESERVED" : "ON_DEMAND";
				default -> "SPOT";
			};
			// A second configuration on some days: batch jobs fall back to on-demand when spot runs out (a
			// third of days); a quarter of inference services burst onto spot replicas every day.
			String second = null;
			double secondShare = 0;
			if (kind.equals("BATCH")) {
				second = "ON_DEMAND";
				secondShare = 1 / 3.0;
			}
			else if (kind.equals("INFERENCE") && random.nextInt(4) == 0) {
				second = "SPOT";
				secondShare = 1;
			}
			int batchSize = switch (kind) {
				case "TRAINING" -> 256 << random.nextInt(4);
				case "INFERENCE" -> 1 << random.nextInt(6);
				default -> 64 << random.nextInt(3);
			};
			String precision = switch (kind) {
				case "TRAINING" -> machine.gpuName().contains("H100") && random.nextBoolean() ? "FP8"
						: random.nextInt(4) == 0 ? "FP16" : "BF16";
				case "INFERENCE" -> random.nextBoolean() ? "INT8" : "FP16";
				default -> random.nextBoolean() ? "FP32" : "FP16";
			};
			double latencyMs = kind.equals("INFERENCE") ? 15 + random.nextDouble() * 300 : 0;
			double gpuUtil = switch (kind) {
				case "TRAINING" -> 0.55 + random.nextDouble() * 0.4;
				case "INFERENCE" -> 0.08 + random.nextDouble() * 0.5;
				default -> 0.3 + random.nextDouble() * 0.6;
			};
			int measured = random.nextInt(100);
			double gpuMeasuredShare = measured < 5 ? 0 : measured < 8 ? 0.5 : 1; // some exporters lack DCGM
			String workUnit = switch (kind) {
				case "TRAINING" -> "tokens";
				case "INFERENCE" -> "requests";
				default -> "images";
			};
			double unitsPerSecond = switch (kind) {
				case "TRAINING" -> machine.gpus() * (2_000 + random.nextDouble() * 8_000);
				case "INFERENCE" -> 5 + random.nextDouble() * 200;
				default -> 50 + random.nextDouble() * 500;
			};
			out.add(new FleetWorkload(UUID.nameUUIDFromBytes(("bench-costs/" + key).getBytes(StandardCharsets.UTF_8)),
					key, kind, team, project, model, machine, purchase, batchSize, precision, latencyMs, nodes, gpuUtil,
					Math.min(0.95, 0.1 + gpuUtil * 0.5 + random.nextDouble() * 0.1),
					0.3 + random.nextDouble() * 0.5, gpuMeasuredShare, random.nextInt(20) != 0,
					kind.equals("TRAINING") ? 500 + random.nextInt(4000) : 50 + random.nextInt(300),
					kind.equals("INFERENCE") ? 0.05 + random.nextDouble() * 0.5 : random.nextDouble() * 0.01,
					unitsPerSecond, workUnit, second, secondShare, random.nextLong()));
		}
		return out;
	}

	/**
	 * One workload's daily usage rows, with the same sums the ingestion writes (see
	 * SampleWriter.CONFIGURATION_USAGE): node-hours, resource-hours, and for utilization the busy,
	 * measured and total weights. Each row is a map from column name to value; the table decides which
	 * columns are written (see seed()).
	 */
	static void usageRows(List<Map<String, Object>> out, UUID tenant, FleetWorkload w, LocalDate first, int days) {
		for (int d = 0; d < days; d++) {
			LocalDate day = first.plusDays(d);
			SplittableRandom r = new SplittableRandom(w.seed() ^ (d * 0x9E3779B97F4A7C15L));
			double nodeHours = switch (w.kind()) {
				case "TRAINING" -> w.nodes() * 24;
				case "INFERENCE" -> w.nodes() * 24 * (0.7 + 0.6 * r.nextDouble()) // autoscaling
						* (day.getDayOfWeek().getValue() >= 6 ? 0.7 : 1);
				default -> w.nodes() * (2 + r.nextDouble() * 20);
			};
			boolean secondToday = w.secondPurchaseOption() != null && r.nextDouble() < w.secondShareOfDays();
			double secondHours = secondToday ? nodeHours * (0.15 + r.nextDouble() * 0.35) : 0;
			double noise = (r.nextDouble() - 0.5) * 0.1;
			out.add(row(tenant, w, day, w.purchaseOption(), nodeHours - secondHours, noise, r));
			if (secondToday) {
				out.add(row(tenant, w, day, w.secondPurchaseOption(), secondHours, noise, r));
			}
		}
	}

	private static Map<String, Object> row(UUID tenant, FleetWorkload w, LocalDate day, String purchase, double h,
			double noise, SplittableRandom r) {
		Machine m = w.machine();
		double gpuUtil = clamp(w.gpuUtil() + noise, 0.01, 1);
		double cpuUtil = clamp(w.cpuUtil() + noise / 2, 0.01, 1);
		double memoryUtil = clamp(w.memoryUtil() + noise / 3, 0.05, 1);
		double gpuHours = w.reportsGpuCount() ? h * m.gpus() : 0;
		double gpuTotal = w.reportsGpuCount() ? h * m.gpus() : h; // weights use coalesce(gpu_share, 1)
		double gpuMeasured = gpuTotal * w.gpuMeasuredShare();
		double vcpuHours = h * m.vcpus();
		double memoryHours = h * m.memoryGiB();
		double gpuMemoryTotal = (double) m.gpus() * m.gpuMemoryGiB();
		long samples = Math.max(1, Math.round(h * 60));
		boolean inference = w.kind().equals("INFERENCE");
		Map<String, Object> v = new LinkedHashMap<>();
		v.put("tenant_id", tenant);
		v.put("workload_id", w.id());
		v.put("day", day);
		v.put("provider", m.provider());
		v.put("region", m.region());
		v.put("instance_type", m.instanceType());
		v.put("purchase_option", purchase);
		v.put("gpu_model", m.gpuName());
		v.put("batch_size", w.batchSize());
		v.put("precision", w.precision());
		v.put("sample_count", samples);
		v.put("node_hours", h);
		v.put("gpu_hours", gpuHours);
		v.put("gpu_missing_node_hours", w.reportsGpuCount() ? 0.0 : h);
		v.put("gpu_busy", gpuMeasured * gpuUtil);
		v.put("gpu_measured", gpuMeasured);
		v.put("gpu_total", gpuTotal);
		v.put("vcpu_hours", vcpuHours);
		v.put("vcpu_missing_node_hours", 0.0);
		v.put("cpu_busy", vcpuHours * cpuUtil);
		v.put("cpu_measured", vcpuHours);
		v.put("cpu_total", vcpuHours);
		v.put("memory_gib_hours", memoryHours);
		v.put("memory_missing_node_hours", 0.0);
		v.put("memory_busy", memoryHours * memoryUtil);
		v.put("memory_measured", memoryHours);
		v.put("storage_gib_hours", w.storageGiBPerNode() * h);
		v.put("net_egress_gib", w.egressGiBPerNodeHour() * h * (0.8 + r.nextDouble() * 0.4));
		v.put("gpu_idle_hours", gpuMeasured * (inference ? clamp(0.3 - gpuUtil, 0, 0.3) : 0.005));
		v.put("gpu_memory_used_gib_max", gpuMemoryTotal * (inference ? 0.4 + gpuUtil * 0.4 : 0.92));
		v.put("gpu_memory_total_gib_max", gpuMemoryTotal);
		v.put("work_units", h * 3600 * w.unitsPerSecondPerNode() * (inference ? 1 : gpuUtil) * (0.9 + r.nextDouble() * 0.2));
		v.put("throughput_seconds", h * 3600);
		v.put("work_unit", w.workUnit());
		v.put("latency_p95_ms_sum", inference ? samples * w.latencyMs() * (1 + gpuUtil * 0.8) : 0.0);
		v.put("latency_count", inference ? samples : 0L);
		v.put("latency_p95_ms_max", inference ? w.latencyMs() * (1 + gpuUtil * 0.8) * 1.6 : null);
		v.put("oom_events", r.nextInt(200) == 0 ? 1L : 0L);
		return v;
	}

	private static double clamp(double v, double min, double max) {
		return Math.max(min, Math.min(max, v));
	}

	// ------------------------------------------------------------------------------------------------
	// State

	final Options options;

	final Map<String, Object> results = new LinkedHashMap<>();

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	Process app;

	int port;

	String adminKey;

	String readKey;

	UUID tenantId;

	List<FleetWorkload> fleet;

	LocalDate today;

	LocalDate first;

	LocalDate to;

	long expectedRecords;

	long usageRows;

	CostsBenchmark(Options options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		CostsBenchmark bench = new CostsBenchmark(options);
		Runtime.getRuntime().addShutdownHook(new Thread(bench::stopApp));
		try {
			bench.run();
		}
		finally {
			bench.stopApp();
			if (!options.keepDatabase) {
				bench.dropDatabase();
			}
		}
	}

	void run() throws Exception {
		today = LocalDate.now(ZoneOffset.UTC);
		first = today.minusMonths(options.months);
		to = today.plusDays(1);
		fleet = fleet(options.workloads);
		adminKey = "cw_bench_" + UUID.randomUUID().toString().replace("-", "");
		say("Costwise cost-query benchmark: %,d workloads × %d days (%s … %s)", options.workloads,
				ChronoUnit.DAYS.between(first, to), first, today);
		createDatabase();
		startApp(options.recomputeHeap);
		// The bootstrap organisation's tenant (the demo organisation is switched off, see startApp).
		tenantId = query("select id from tenants where name = 'Benchmark'", rs -> rs.getObject(1, UUID.class));
		readKey = createReadKey();
		seed();
		recompute();
		if (!options.recomputeHeap.equals(options.appHeap)) {
			say("restarting the app with %s for the queries and the export", options.appHeap);
			stopApp();
			startApp(options.appHeap);
		}
		try (Connection c = connect(); Statement s = c.createStatement()) {
			// The steady state: autovacuum would have done this by the time anyone asks.
			s.execute("vacuum (analyze) cost_records, cost_records_monthly, cost_records_daily");
			s.execute("checkpoint");
		}
		sumsRows.put("monthly", query("select count(*) from cost_records_monthly", rs -> rs.getLong(1)));
		sumsRows.put("daily", query("select count(*) from cost_records_daily", rs -> rs.getLong(1)));
		measureQueries();
		measureExport();
		explainSlowest();
		if (options.before) {
			beforeAndAfter();
		}
		report();
	}

	// --- seeding ------------------------------------------------------------------------------------

	void seed() throws Exception {
		int days = (int) ChronoUnit.DAYS.between(first, to);
		long t0 = System.nanoTime();
		try (Connection c = connect()) {
			c.setAutoCommit(false);
			try (PreparedStatement insert = c.prepareStatement("""
					insert into workloads (tenant_id, id, key, kind, labels, interruptible, first_seen_at, last_sample_at, updated_at)
					values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")) {
				Timestamp firstSeen = Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant());
				Timestamp now = Timestamp.from(Instant.now());
				for (FleetWorkload w : fleet) {
					insert.setObject(1, tenantId);
					insert.setObject(2, w.id());
					insert.setString(3, w.key());
					insert.setString(4, w.kind());
					insert.setString(5, (w.team() == null ? "{" : "{\"team\": \"" + w.team() + "\", ") + "\"project\": \""
							+ w.project() + "\", \"model\": \"" + w.model() + "\"}");
					insert.setBoolean(6, w.kind().equals("BATCH"));
					insert.setTimestamp(7, firstSeen);
					insert.setTimestamp(8, now);
					insert.setTimestamp(9, now);
					insert.addBatch();
				}
				insert.executeBatch();
			}
			// The table's columns decide what is written: a NOT NULL column this benchmark does not know
			// (the schema moved on) gets 0 or '', and the run says so.
			List<String> columns = new ArrayList<>();
			List<String> defaulted = new ArrayList<>();
			Map<String, Object> known = row(tenantId, fleet.get(0), first, "ON_DEMAND", 1, 0, new SplittableRandom(1));
			Map<String, String> fallback = new LinkedHashMap<>();
			try (PreparedStatement s = c.prepareStatement("""
					select column_name, data_type, is_nullable = 'YES' or column_default is not null
					from information_schema.columns where table_schema = 'public' and table_name = 'configuration_usage'
					order by ordinal_position""");
					ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					String name = rs.getString(1);
					if (known.containsKey(name)) {
						columns.add(name);
					}
					else if (!rs.getBoolean(3)) {
						columns.add(name);
						defaulted.add(name);
						fallback.put(name, rs.getString(2).matches("text|character.*") ? "" : rs.getString(2).equals("boolean") ? "f" : "0");
					}
				}
			}
			List<String> unused = known.keySet().stream().filter(k -> !columns.contains(k)).toList();
			if (!defaulted.isEmpty() || !unused.isEmpty()) {
				say("configuration_usage differs from what this benchmark knows: defaulted %s, not in the table %s",
						defaulted, unused);
			}
			results.put("seed_defaulted_columns", defaulted);
			var copy = c.unwrap(PGConnection.class).getCopyAPI();
			String copySql = "copy configuration_usage (" + String.join(", ", columns) + ") from stdin";
			long rows = 0;
			StringBuilder chunk = new StringBuilder(1 << 20);
			List<Map<String, Object>> batch = new ArrayList<>();
			for (int i = 0; i < fleet.size(); i++) {
				batch.clear();
				usageRows(batch, tenantId, fleet.get(i), first, days);
				for (Map<String, Object> row : batch) {
					for (int k = 0; k < columns.size(); k++) {
						if (k > 0) {
							chunk.append('\t');
						}
						String column = columns.get(k);
						Object value = row.containsKey(column) ? row.get(column) : fallback.get(column);
						chunk.append(value == null ? "\\N" : value);
					}
					chunk.append('\n');
				}
				rows += batch.size();
				if (chunk.length() > (1 << 22) || i == fleet.size() - 1) {
					copy.copyIn(copySql, new ByteArrayInputStream(chunk.toString().getBytes(StandardCharsets.UTF_8)), 1 << 16);
					chunk.setLength(0);
				}
			}
			usageRows = rows;
			c.commit();
		}
		// One cost record per workload, day and priced configuration: the cost_records key (batch sizes
		// and precisions, say, are summed into one record).
		List<String> key = new ArrayList<>();
		try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
				select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
				where i.indrelid = 'cost_records'::regclass and i.indisprimary""")) {
			while (rs.next()) {
				key.add(rs.getString(1));
			}
		}
		expectedRecords = query("select count(*) from (select distinct " + String.join(", ", key)
				+ " from configuration_usage) k", rs -> rs.getLong(1));
		try (Connection c = connect(); Statement s = c.createStatement()) {
			s.execute("vacuum (analyze) configuration_usage, workloads");
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		results.put("seed_rows", usageRows);
		results.put("seed_seconds", seconds);
		results.put("days", days);
		say("seeded %,d workloads and %,d configuration_usage rows in %.1f s; %,d cost records expected",
				fleet.size(), usageRows, seconds, expectedRecords);
	}

	/**
	 * Asks the app to recompute every cost record from the first day (what a price change does) and
	 * waits until its scheduled worker committed them all. The time counts from the start of the
	 * worker's transaction (pg_stat_activity.xact_start), so the ≤ 2 s scheduling delay is not in it;
	 * from the insert of the request is reported too.
	 */
	void recompute() throws Exception {
		MemorySampler memory = new MemorySampler();
		memory.thread.start();
		long requested;
		try (Connection c = connect(); PreparedStatement s = c
			.prepareStatement("insert into cost_repricing (tenant_id, from_day) values (?, ?)")) {
			s.setObject(1, tenantId);
			s.setObject(2, first);
			s.executeUpdate();
			requested = System.nanoTime();
		}
		say("cost_repricing from %s inserted; waiting for the app's recomputation of %,d records", first,
				expectedRecords);
		long started = 0;
		long done;
		long deadline = requested + options.recomputeTimeout.toNanos();
		int polls = 0;
		try (Connection c = connect()) {
			int myPid = c.unwrap(PGConnection.class).getBackendPID();
			while (true) {
				if (app == null || !app.isAlive()) {
					throw new IllegalStateException("the application died during the recomputation");
				}
				if (started == 0) {
					try (PreparedStatement s = c.prepareStatement("""
							select extract(epoch from clock_timestamp() - xact_start) from pg_stat_activity
							where datname = current_database() and pid <> ? and xact_start is not null
							  and (query ilike '%cost_repricing%' or query ilike '%configuration_usage%' or query ilike '%cost_records%')
							order by xact_start limit 1""")) {
						s.setInt(1, myPid);
						try (ResultSet rs = s.executeQuery()) {
							if (rs.next()) {
								started = System.nanoTime() - (long) (rs.getDouble(1) * 1e9);
								say("the app's recomputation transaction started %.1f s after the request",
										(started - requested) / 1e9);
							}
						}
					}
				}
				boolean pending;
				try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from cost_repricing")) {
					rs.next();
					pending = rs.getLong(1) > 0;
				}
				if (!pending) {
					done = System.nanoTime();
					break;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("the recomputation did not finish within " + options.recomputeTimeout);
				}
				if (++polls % 20 == 0 && appLogMentions("OutOfMemoryError")) {
					// The worker retries every 2 s and may get through at last, but an OutOfMemoryError can kill
					// any thread (Tomcat's poller among them), so the app is no longer fit to be measured.
					throw new IllegalStateException("the app ran out of memory during the full recomputation (java "
							+ options.recomputeHeap + "; java.lang.OutOfMemoryError in its log, " + options.appLog
							+ "); try a larger --recompute-heap");
				}
				Thread.sleep(100);
			}
		}
		memory.stop = true;
		memory.thread.join(10_000);
		long records = query("select count(*) from cost_records", rs -> rs.getLong(1));
		if (records != expectedRecords) {
			throw new IllegalStateException("cost_records holds " + records + " rows, expected " + expectedRecords);
		}
		if (started == 0) {
			started = requested;
		}
		double seconds = (done - started) / 1e9;
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("records", records);
		out.put("seconds", seconds);
		out.put("seconds_from_request", (done - requested) / 1e9);
		out.put("rows_per_s", records / seconds);
		out.put("memory", memory.summary());
		out.put("oom_in_log", appLogMentions("OutOfMemoryError"));
		results.put("recompute", out);
		say("recomputation: %,d cost records in %.1f s = %,.0f records/s (%.1f s from the request); heap peak %.0f MiB, "
				+ "live data after GC peak %.0f MiB", records, seconds, records / seconds, (done - requested) / 1e9,
				memory.heapPeak / 1048576, memory.liveDataPeak / 1048576);
	}

	boolean appLogMentions(String text) {
		try {
			return options.appLog != null && Files.exists(options.appLog) && Files.readString(options.appLog).contains(text);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	// --- the app's SQL, for timing it alone and for EXPLAIN ------------------------------------------------

	/**
	 * The statement Costs.report ran before V14 (cost_records_monthly and cost_records_daily): every
	 * figure summed from cost_records. Kept to compare, in the same run, what the app does now with
	 * what it did then: the same answer (checked) and the time it takes.
	 */
	static final String RECORDS_ONLY_SQL = """
			select %s as group_key, %s as bucket, sum(billed_cost), sum(list_cost), sum(utilized_cost), sum(machine_cost),
			  sum(measured_cost), sum(work_units), min(work_unit), max(work_unit), bool_or(work_units > 0 and work_unit is null)
			from cost_records c %s
			where c.tenant_id = :tenant and c.day >= :from and c.day < :to %s
			group by 1, 2 order by 1, 2""";

	static final String MAPPED_JOIN = "join unnest(:ids::uuid[], :keys::text[]) as m(workload_id, group_key) using (workload_id)";

	static final String WORKLOADS_SQL = "select id, key, labels->>'team' from workloads where tenant_id = ?";

	/**
	 * The packaged app's own statement for a query, from {@code Costs.plan} (package-private, so
	 * reflectively): the SQL text and the days it binds besides the tenant and the groups.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Map.Entry<String, Map<String, LocalDate>> appPlan(LocalDate from, LocalDate to, String groupBy, String step,
			boolean mapped) throws Exception {
		Class<?> queryClass = Class.forName("io.costwise.costing.CostQuery");
		Class groupByClass = Class.forName("io.costwise.costing.CostQuery$GroupBy");
		Class stepClass = Class.forName("io.costwise.costing.CostQuery$Step");
		Object query = queryClass.getConstructors()[0].newInstance(from, to,
				groupBy == null ? null : Enum.valueOf(groupByClass, groupBy),
				step == null ? null : Enum.valueOf(stepClass, step), null, null, null, null, null, null, null, null);
		Method plan = Class.forName("io.costwise.costing.Costs").getDeclaredMethod("plan", queryClass, boolean.class,
				boolean.class);
		plan.setAccessible(true);
		Object result = plan.invoke(null, query, mapped, false);
		Method sql = result.getClass().getDeclaredMethod("sql");
		Method days = result.getClass().getDeclaredMethod("days");
		sql.setAccessible(true);
		days.setAccessible(true);
		return Map.entry((String) sql.invoke(result), (Map<String, LocalDate>) days.invoke(result));
	}

	/** A static final String of a packaged class, e.g. CostExplanations.EXPLAIN. */
	static String constant(String className, String field) throws Exception {
		Field f = Class.forName(className).getDeclaredField(field);
		f.setAccessible(true);
		return (String) f.get(null);
	}

	/** A statement with :named parameters, turned into JDBC's ? with the values in order. */
	record Sql(String text, List<String> names) {

		static final Pattern NAMED = Pattern.compile("(?<!:):([a-zA-Z]\\w*)");

		static Sql of(String named) {
			List<String> names = new ArrayList<>();
			Matcher m = NAMED.matcher(named);
			StringBuilder out = new StringBuilder();
			while (m.find()) {
				names.add(m.group(1));
				m.appendReplacement(out, "?");
			}
			m.appendTail(out);
			return new Sql(out.toString(), names);
		}

		/** With the values spelled out, for EXPLAIN and the README (arrays shortened). */
		String inline(Map<String, Object> values) {
			StringBuilder out = new StringBuilder();
			int i = 0;
			for (String part : text.split("\\?", -1)) {
				out.append(part);
				if (i < names.size()) {
					Object v = values.get(names.get(i++));
					if (v instanceof Object[] array) {
						out.append("'{").append(array.length).append(" values}'");
					}
					else {
						out.append('\'').append(v).append('\'');
					}
				}
			}
			return out.toString();
		}
	}

	/**
	 * One timed request: over HTTP, and the app's own SQL for it run alone over JDBC as costwise_app;
	 * for /costs also the statement the app ran before V14 ({@code beforeNamed}, null otherwise).
	 */
	record Probe(String name, String path, String sqlNamed, Map<String, Object> params, String beforeNamed) {
	}

	List<Probe> probes() throws Exception {
		// What Costs.report binds: for groupings by a workload attribute, every workload's id and value.
		List<Object> ids = new ArrayList<>();
		List<Object> keys = new ArrayList<>();
		List<Object> teams = new ArrayList<>();
		try (Connection c = connect(); PreparedStatement s = c.prepareStatement(WORKLOADS_SQL)) {
			s.setObject(1, tenantId);
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					ids.add(rs.getObject(1, UUID.class));
					keys.add(rs.getString(2));
					teams.add(rs.getString(3));
				}
			}
		}
		String period = "from=" + first + "&to=" + to;
		Map<String, Object> base = Map.of("tenant", tenantId, "from", first, "to", to);
		FleetWorkload explained = fleet.stream().filter(w -> w.secondPurchaseOption() != null).findFirst().orElseThrow();
		List<Probe> probes = new ArrayList<>();
		probes.add(costsProbe("totals", period, null, null, base, null,
				RECORDS_ONLY_SQL.formatted("null::text", "null::date", "", "")));
		Map<String, Object> byWorkload = new LinkedHashMap<>(base);
		byWorkload.put("ids", ids.toArray(new UUID[0]));
		byWorkload.put("keys", keys.toArray(new String[0]));
		probes.add(costsProbe("groupBy=workload", period, "WORKLOAD", null, byWorkload, "&groupBy=workload",
				RECORDS_ONLY_SQL.formatted("m.group_key", "null::date", MAPPED_JOIN, "")));
		Map<String, Object> byTeam = new LinkedHashMap<>(base);
		byTeam.put("ids", ids.toArray(new UUID[0]));
		byTeam.put("keys", teams.toArray(new String[0]));
		probes.add(costsProbe("groupBy=team&step=month", period, "TEAM", "MONTH", byTeam, "&groupBy=team&step=month",
				RECORDS_ONLY_SQL.formatted("m.group_key", "date_trunc('month', c.day)::date", MAPPED_JOIN, "")));
		probes.add(costsProbe("groupBy=gpuModel&step=day", period, "GPU_MODEL", "DAY", base, "&groupBy=gpuModel&step=day",
				RECORDS_ONLY_SQL.formatted("nullif(c.catalog_gpu_model, '')", "c.day", "", "")));
		probes.add(costsProbe("groupBy=day", period, "DAY", null, base, "&groupBy=day",
				RECORDS_ONLY_SQL.formatted("c.day::text", "null::date", "", "")));
		Map<String, Object> one = new LinkedHashMap<>(base);
		one.put("workload", explained.id());
		probes.add(new Probe("workloads/{key}/cost", "/api/v1/workloads/" + explained.key() + "/cost?" + period,
				constant("io.costwise.costing.CostExplanations", "EXPLAIN"), one, null));
		return probes;
	}

	/** A GET /api/v1/costs probe with the packaged app's own statement for it (Costs.plan). */
	Probe costsProbe(String name, String period, String groupBy, String step, Map<String, Object> base, String query,
			String before) throws Exception {
		Map.Entry<String, Map<String, LocalDate>> plan = appPlan(first, to, groupBy, step,
				groupBy != null && List.of("WORKLOAD", "TEAM", "PROJECT", "KIND").contains(groupBy));
		Map<String, Object> params = new LinkedHashMap<>(base);
		params.putAll(plan.getValue());
		return new Probe(name, "/api/v1/costs?" + period + (query == null ? "" : query), plan.getKey(), params, before);
	}

	// --- measurement --------------------------------------------------------------------------------

	/** Nanoseconds per run of each timed thing, in the order measured. */
	final Map<String, List<Long>> timings = new LinkedHashMap<>();

	String loadAtStart = "?";

	final Map<String, Long> responseBytes = new LinkedHashMap<>();

	List<Probe> probes;

	void measureQueries() throws Exception {
		probes = probes();
		String trivial = "/api/v1/workloads?limit=1";
		try (Connection owner = connect(); Connection appRole = connect()) {
			appRole.setAutoCommit(false);
			PreparedStatement floor = owner.prepareStatement("select sum(billed_cost) from cost_records where tenant_id = ?");
			floor.setObject(1, tenantId);
			// Sanity: the totals the API answers are the sum of the records.
			BigDecimal sum = scalar(floor).setScale(6, RoundingMode.HALF_EVEN);
			String totals = get(probes.get(0).path());
			Matcher billed = Pattern.compile("\"totals\"\\s*:\\s*\\{[^}]*?\"billedCost\"\\s*:\\s*([0-9.]+)").matcher(totals);
			boolean found = billed.find();
			if (!found || new BigDecimal(billed.group(1)).compareTo(sum) != 0) {
				throw new IllegalStateException("the API's billed total " + (found ? billed.group(1) : "?")
						+ " is not the SQL sum " + sum);
			}
			results.put("billed_total", sum);
			say("the API's billed total over %s … %s equals the SQL sum of the records: $%,.2f", first, today, sum);

			int rounds = options.warmup + options.runs;
			for (int round = 0; round < rounds; round++) {
				boolean measured = round >= options.warmup;
				if (round == options.warmup) {
					loadAtStart = loadAverage();
				}
				time(measured, "baseline: HTTP " + trivial, () -> get(trivial).length());
				time(measured, "baseline: SQL sum(billed_cost)", () -> {
					scalar(floor);
					return 0;
				});
				for (Probe p : probes) {
					time(measured, "HTTP " + p.name(), () -> get(p.path()).length());
					time(measured, "SQL " + p.name(), () -> appSql(appRole, p));
				}
				say("round %d/%d%s: %s", round + 1, rounds, measured ? "" : " (warm-up)", lastRound());
			}
			floor.close();
		}
	}

	String lastRound() {
		StringBuilder out = new StringBuilder();
		timings.forEach((name, list) -> {
			if (name.startsWith("HTTP") || name.startsWith("baseline")) {
				out.append(name.replaceFirst("^baseline: ", "").replaceFirst("^HTTP /api/v1/workloads\\?limit=1", "trivial"))
					.append(' ')
					.append(list.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", list.get(list.size() - 1) / 1e6))
					.append(" ms; ");
			}
		});
		return out.toString();
	}

	interface Timed {

		long run() throws Exception;
	}

	void time(boolean measured, String name, Timed what) throws Exception {
		long t0 = System.nanoTime();
		long bytes = what.run();
		long ns = System.nanoTime() - t0;
		List<Long> list = timings.computeIfAbsent(name, k -> new ArrayList<>());
		if (measured) {
			list.add(ns);
			responseBytes.put(name, bytes);
		}
	}

	/** The app's statement for a probe, as costwise_app with the tenant set, all rows read. */
	long appSql(Connection c, Probe p) throws SQLException {
		Sql sql = Sql.of(p.sqlNamed());
		enterTenant(c);
		long rows = 0;
		try (PreparedStatement s = c.prepareStatement(sql.text())) {
			bind(c, s, sql, p.params());
			try (ResultSet rs = s.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					for (int i = 1; i <= columns; i++) {
						rs.getObject(i);
					}
					rows++;
				}
			}
		}
		c.commit();
		return rows;
	}

	void enterTenant(Connection c) throws SQLException {
		try (PreparedStatement s = c.prepareStatement(
				"select set_config('role', 'costwise_app', true), set_config('app.tenant_id', ?, true)")) {
			s.setString(1, tenantId.toString());
			s.execute();
		}
	}

	static void bind(Connection c, PreparedStatement s, Sql sql, Map<String, Object> params) throws SQLException {
		for (int i = 0; i < sql.names().size(); i++) {
			Object v = params.get(sql.names().get(i));
			if (v == null && !params.containsKey(sql.names().get(i))) {
				throw new IllegalArgumentException("no value for :" + sql.names().get(i));
			}
			if (v instanceof UUID[] uuids) {
				Array a = c.createArrayOf("uuid", uuids);
				s.setArray(i + 1, a);
			}
			else if (v instanceof String[] texts) {
				s.setArray(i + 1, c.createArrayOf("text", texts));
			}
			else if (v instanceof LocalDate day) {
				s.setObject(i + 1, day);
			}
			else {
				s.setObject(i + 1, v);
			}
		}
	}

	static BigDecimal scalar(PreparedStatement s) throws SQLException {
		try (ResultSet rs = s.executeQuery()) {
			rs.next();
			return rs.getBigDecimal(1);
		}
	}

	String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + readKey)
			.header("Accept", "application/json")
			.timeout(Duration.ofMinutes(5))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " "
					+ response.body().substring(0, Math.min(400, response.body().length())));
		}
		return response.body();
	}

	// --- FOCUS export -------------------------------------------------------------------------------

	void measureExport() throws Exception {
		LocalDate monthStart = today.withDayOfMonth(1).minusMonths(1);
		LocalDate monthEnd = today.withDayOfMonth(1);
		String path = "/api/v1/costs/export?format=focus&from=" + monthStart + "&to=" + monthEnd;
		String select = constant("io.costwise.costing.CostExport", "SELECT");
		Sql sql = Sql.of(select);
		Map<String, Object> params = Map.of("tenant", tenantId, "from", monthStart, "to", monthEnd);
		long records = query("select count(*) from cost_records where day >= '" + monthStart + "' and day < '" + monthEnd
				+ "'", rs -> rs.getLong(1));
		List<Long> httpNs = new ArrayList<>();
		List<Long> sqlNs = new ArrayList<>();
		long lines = 0;
		long bytes = 0;
		List<Map<String, Object>> memoryPerRun = new ArrayList<>();
		MemorySampler idle = new MemorySampler();
		idle.sample();
		try (Connection c = connect()) {
			c.setAutoCommit(false);
			for (int run = -1; run < options.exportRuns; run++) { // run -1 warms up
				MemorySampler memory = new MemorySampler();
				memory.thread.start();
				long t0 = System.nanoTime();
				HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri(path))
					.header("Authorization", "Bearer " + readKey)
					.timeout(Duration.ofMinutes(5))
					.build(), HttpResponse.BodyHandlers.ofInputStream());
				if (response.statusCode() != 200) {
					throw new IllegalStateException("export: HTTP " + response.statusCode());
				}
				long n = 0;
				long b = 0;
				try (InputStream in = response.body()) {
					byte[] buffer = new byte[1 << 16];
					for (int read; (read = in.read(buffer)) >= 0;) {
						b += read;
						for (int i = 0; i < read; i++) {
							if (buffer[i] == '\n') {
								n++;
							}
						}
					}
				}
				long ns = System.nanoTime() - t0;
				memory.stop = true;
				memory.thread.join(10_000);
				memory.sample();
				// The app's own SELECT alone, as costwise_app, streamed with the app's fetch size.
				long s0 = System.nanoTime();
				enterTenant(c);
				try (PreparedStatement s = c.prepareStatement(sql.text())) {
					s.setFetchSize(2000);
					bind(c, s, sql, params);
					try (ResultSet rs = s.executeQuery()) {
						int columns = rs.getMetaData().getColumnCount();
						while (rs.next()) {
							for (int i = 1; i <= columns; i++) {
								rs.getObject(i);
							}
						}
					}
				}
				c.commit();
				long sns = System.nanoTime() - s0;
				if (run >= 0) {
					httpNs.add(ns);
					sqlNs.add(sns);
					lines = n - 1; // the header
					bytes = b;
					memoryPerRun.add(memory.summary());
				}
				say("export run %d%s: %,d CSV rows, %.1f MiB in %.2f s (%,.0f rows/s); SELECT alone %.2f s; heap peak %.0f MiB",
						run + 1, run < 0 ? " (warm-up)" : "", n - 1, b / 1048576.0, ns / 1e9, (n - 1) / (ns / 1e9),
						sns / 1e9, memory.heapPeak / 1048576);
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("path", path);
		out.put("records", records);
		out.put("csv_rows", lines);
		out.put("mib", bytes / 1048576.0);
		out.put("seconds_median", median(httpNs) / 1e9);
		out.put("rows_per_s", lines / (median(httpNs) / 1e9));
		out.put("records_per_s", records / (median(httpNs) / 1e9));
		out.put("sql_seconds_median", median(sqlNs) / 1e9);
		out.put("sql_records_per_s", records / (median(sqlNs) / 1e9));
		out.put("memory_runs", memoryPerRun);
		out.put("heap_idle_mib", idle.heapPeak / 1048576);
		out.put("rss_idle_mib", idle.rssPeak / 1048576);
		results.put("export", out);
	}

	// --- EXPLAIN ------------------------------------------------------------------------------------

	final Map<String, String> explains = new LinkedHashMap<>();

	void explainSlowest() throws Exception {
		List<Probe> over = probes.stream()
			.filter(p -> median(timings.get("HTTP " + p.name())) / 1e6 > options.targetMs)
			.sorted((a, b) -> Long.compare(median(timings.get("HTTP " + b.name())), median(timings.get("HTTP " + a.name()))))
			.toList();
		if (over.isEmpty()) {
			say("every cost query's median was within %.0f ms; no EXPLAIN needed", options.targetMs);
			return;
		}
		try (Connection c = connect()) {
			c.setAutoCommit(false);
			for (Probe p : over) {
				Sql sql = Sql.of(p.sqlNamed());
				enterTenant(c);
				StringBuilder plan = new StringBuilder();
				try (PreparedStatement s = c.prepareStatement("explain (analyze, buffers) " + sql.text())) {
					bind(c, s, sql, p.params());
					try (ResultSet rs = s.executeQuery()) {
						while (rs.next()) {
							plan.append(rs.getString(1)).append('\n');
						}
					}
				}
				c.commit();
				explains.put(p.name(), "-- as costwise_app with app.tenant_id set, i.e. under row-level security\n"
						+ "explain (analyze, buffers)\n" + sql.inline(p.params()) + ";\n\n" + plan);
				say("EXPLAIN (ANALYZE, BUFFERS) of %s:%n%s", p.name(), plan);
			}
		}
	}

	// --- before and after V14: the app's statement against the one it ran before, in the same run --------

	/**
	 * For every /costs probe: the statement the app ran before V14 (cost_records only) must give the
	 * app's answer now exactly (same groups and buckets, the same numeric sums), and both are timed
	 * alone over JDBC as costwise_app in rounds of their own, with the scan floor.
	 */
	void beforeAndAfter() throws Exception {
		try (Connection owner = connect(); Connection c = connect()) {
			c.setAutoCommit(false);
			for (Probe p : probes) {
				if (p.beforeNamed() == null) {
					continue;
				}
				List<List<Object>> now = rowsOf(c, Sql.of(p.sqlNamed()), p.params());
				List<List<Object>> before = rowsOf(c, Sql.of(p.beforeNamed()), p.params());
				if (!sameAnswer(now, before)) {
					throw new IllegalStateException("the app's statement for " + p.name()
							+ " does not answer what the statement before V14 answers (" + now.size() + " vs "
							+ before.size() + " rows)");
				}
				beforeChecked.add(p.name() + " (" + now.size() + " rows)");
			}
			say("the app's statements give the answers of the statements before V14 (same groups, buckets and sums): %s",
					beforeChecked);
			PreparedStatement floor = owner.prepareStatement("select sum(billed_cost) from cost_records where tenant_id = ?");
			floor.setObject(1, tenantId);
			int rounds = options.warmup + options.runs;
			for (int round = 0; round < rounds; round++) {
				boolean measured = round >= options.warmup;
				time(measured, "before/after floor", () -> {
					scalar(floor);
					return 0;
				});
				for (Probe p : probes) {
					if (p.beforeNamed() != null) {
						time(measured, "after " + p.name(), () -> appSql(c, p));
						time(measured, "before " + p.name(), () -> rowsOf(c, Sql.of(p.beforeNamed()), p.params()).size());
					}
				}
			}
			floor.close();
		}
		for (Probe p : probes) {
			if (p.beforeNamed() != null) {
				say("%s: %.0f ms now, %.0f ms the way before V14", p.name(), ms(median(timings.get("after " + p.name()))),
						ms(median(timings.get("before " + p.name()))));
			}
		}
	}

	final List<String> beforeChecked = new ArrayList<>();

	/** Rows of the sums the app keeps (V14), after the full recomputation. */
	final Map<String, Long> sumsRows = new LinkedHashMap<>();

	List<List<Object>> rowsOf(Connection c, Sql sql, Map<String, Object> params) throws SQLException {
		enterTenant(c);
		List<List<Object>> out = new ArrayList<>();
		try (PreparedStatement s = c.prepareStatement(sql.text())) {
			bind(c, s, sql, params);
			try (ResultSet rs = s.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					List<Object> row = new ArrayList<>();
					for (int i = 1; i <= columns; i++) {
						row.add(rs.getObject(i));
					}
					out.add(row);
				}
			}
		}
		c.commit();
		return out;
	}

	/** Same group keys and buckets in the same order, and the same money sums (numeric, exactly). */
	static boolean sameAnswer(List<List<Object>> a, List<List<Object>> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			List<Object> x = a.get(i);
			List<Object> y = b.get(i);
			if (!java.util.Objects.equals(x.get(0), y.get(0)) || !java.util.Objects.equals(String.valueOf(x.get(1)),
					String.valueOf(y.get(1)))) {
				return false;
			}
			for (int k = 2; k <= 6; k++) {
				if (((BigDecimal) x.get(k)).compareTo((BigDecimal) y.get(k)) != 0) {
					return false;
				}
			}
		}
		return true;
	}

	// --- the application ----------------------------------------------------------------------------

	void startApp(String heap) throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, heap, "-jar", options.jar.toString(), "--server.port=" + port,
				"--spring.datasource.url=" + options.url(options.database),
				"--spring.datasource.username=" + options.pgUser, "--spring.datasource.password=" + options.pgPassword,
				"--costwise.bootstrap.email=bench@costwise.local",
				"--costwise.bootstrap.password=benchmark passphrase 1234",
				"--costwise.bootstrap.organisation=Benchmark", "--costwise.bootstrap.api-key=" + adminKey,
				// A local installation seeds a demo organisation with 60 days of telemetry in the background:
				// it would add rows and load to what is measured.
				"--costwise.demo.enabled=false",
				"--management.endpoints.web.exposure.include=health,prometheus");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Path log = options.appLog != null ? options.appLog : Files.createTempFile("costwise-bench-costs", ".log");
		options.appLog = log;
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		say("starting java %s -jar %s on port %d (log: %s)", heap, options.jar, port, log);
		app = builder.start();
		if (options.pidFile != null) {
			Files.writeString(options.pidFile, Long.toString(app.pid()));
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (true) {
			if (!app.isAlive()) {
				throw new IllegalStateException("the application exited during start-up; see " + log);
			}
			try {
				if (http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					break;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the application did not become ready; see " + log);
			}
			Thread.sleep(500);
		}
		say("application ready (pid %d)", app.pid());
	}

	/** A key with the read scope only, made by the bootstrap key (which has every scope) through the API. */
	String createReadKey() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/api-keys"))
			.header("Authorization", "Bearer " + adminKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench-read\", \"scopes\": [\"read\"]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		Matcher key = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
		if (response.statusCode() != 201 || !key.find()) {
			throw new IllegalStateException("could not create a read key: HTTP " + response.statusCode() + " " + response.body());
		}
		return key.group(1);
	}

	synchronized void stopApp() {
		Process p = app;
		if (p == null || !p.isAlive()) {
			return;
		}
		p.destroy(); // SIGTERM: graceful shutdown
		try {
			if (!p.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
				p.destroyForcibly();
				p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		app = null;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	/** Polls the app's heap (Micrometer) and resident set size (/proc) every ¼ s. */
	final class MemorySampler implements Runnable {

		volatile boolean stop;

		double heapPeak;

		double heapMax;

		double liveDataPeak;

		double rssPeak;

		int polls;

		final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		final Thread thread = new Thread(this, "memory-sampler");

		MemorySampler() {
			thread.setDaemon(true);
		}

		@Override
		public void run() {
			while (!stop) {
				sample();
				try {
					Thread.sleep(250);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		synchronized void sample() {
			try {
				String text = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString()).body();
				double heap = 0;
				double max = 0;
				for (String line : text.split("\n")) {
					if (line.startsWith("#")) {
						continue;
					}
					double value;
					try {
						value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
					}
					catch (RuntimeException ex) {
						continue;
					}
					if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
						heap += value;
					}
					else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"") && value > 0) {
						max += value;
					}
					else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
						liveDataPeak = Math.max(liveDataPeak, value);
					}
				}
				heapPeak = Math.max(heapPeak, heap);
				heapMax = Math.max(heapMax, max);
				rssPeak = Math.max(rssPeak, rssBytes());
				polls++;
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				// a missed poll
			}
		}

		double rssBytes() {
			try {
				Process p = app;
				for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
					if (line.startsWith("VmRSS:")) {
						return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// not Linux
			}
			return 0;
		}

		Map<String, Object> summary() {
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("polls", polls);
			out.put("heap_max_mib", heapMax / 1048576);
			out.put("heap_used_peak_mib", heapPeak / 1048576);
			out.put("gc_live_data_peak_mib", liveDataPeak / 1048576);
			out.put("rss_peak_mib", rssPeak / 1048576);
			return out;
		}
	}

	// --- database -----------------------------------------------------------------------------------

	Connection connect() throws SQLException {
		return connect(options.database);
	}

	Connection connect(String db) throws SQLException {
		return DriverManager.getConnection(options.url(db), options.pgUser, options.pgPassword);
	}

	void createDatabase() throws SQLException {
		try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
			s.execute("drop database if exists " + options.database + " with (force)");
			s.execute("create database " + options.database);
			try (ResultSet rs = s.executeQuery("select version(), current_setting('shared_buffers'), "
					+ "current_setting('work_mem'), current_setting('max_parallel_workers_per_gather'), "
					+ "current_setting('jit')")) {
				rs.next();
				results.put("postgres", rs.getString(1).replaceFirst(" on .*", "") + " (shared_buffers "
						+ rs.getString(2) + ", work_mem " + rs.getString(3) + ", max_parallel_workers_per_gather "
						+ rs.getString(4) + ", jit " + rs.getString(5) + ")");
			}
		}
		say("database %s created", options.database);
	}

	void dropDatabase() {
		try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
			s.execute("drop database if exists " + options.database + " with (force)");
		}
		catch (SQLException ex) {
			System.err.println("could not drop " + options.database + ": " + ex.getMessage());
		}
	}

	interface RowReader<T> {

		T read(ResultSet rs) throws SQLException;
	}

	<T> T query(String sql, RowReader<T> reader) throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return reader.read(rs);
		}
	}

	// --- report -------------------------------------------------------------------------------------

	static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	static double ms(long ns) {
		return ns / 1e6;
	}

	@SuppressWarnings("unchecked")
	void report() throws IOException {
		double floor = ms(median(timings.get("baseline: SQL sum(billed_cost)")));
		double trivial = ms(median(timings.get("baseline: HTTP /api/v1/workloads?limit=1")));
		Map<String, Object> recompute = (Map<String, Object>) results.get("recompute");
		Map<String, Object> recomputeMemory = (Map<String, Object>) recompute.get("memory");
		Map<String, Object> export = (Map<String, Object>) results.get("export");
		StringBuilder md = new StringBuilder();
		md.append("<!-- costs:begin (written by bench/costs/run.sh) -->\n");
		md.append("### Cost queries — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
		md.append("- **Machine:** ").append(machine())
			.append(String.format(Locale.ROOT, "; 1-minute load average %s at the start of the timed rounds, %s at the "
					+ "end (the benchmark's own app, client and database make about 2; more means other work shared the "
					+ "cores, and the ratios to the baselines of the same rounds are then the steadier figures)\n",
					loadAtStart, loadAverage()));
		md.append("- **PostgreSQL:** ").append(results.get("postgres")).append(", same host\n");
		md.append("- **Command:** `bench/costs/run.sh").append(commandLine()).append("`\n");
		md.append(String.format(Locale.ROOT,
				"- **Data:** %,d workloads × %d days (%s … %s) → %,d `configuration_usage` rows seeded with SQL "
						+ "(%.1f s) → %,d cost records computed by the app (started with `java %s -jar`); billed total $%,.2f; "
						+ "queries and export against the app restarted with `java %s -jar`\n",
				options.workloads, (Integer) results.get("days"), first, today, (Long) results.get("seed_rows"),
				(Double) results.get("seed_seconds"), (Long) recompute.get("records"), options.recomputeHeap,
				(BigDecimal) results.get("billed_total"), options.appHeap));
		md.append(String.format(Locale.ROOT,
				"- **Timing:** median and p95 (nearest rank) of %d runs after %d warm-up rounds; every round runs every "
						+ "request once, interleaved with the baselines; ratios are of medians\n\n",
				options.runs, options.warmup));
		md.append("| request (13 months unless said) | median ms | p95 ms | min–max ms | response | ÷ SQL scan floor | ÷ trivial HTTP | app's SQL alone (ms) | < ")
			.append(String.format(Locale.ROOT, "%.0f", options.targetMs))
			.append(" ms: median / p95 |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
		List<Long> floorRuns = timings.get("baseline: SQL sum(billed_cost)");
		md.append(String.format(Locale.ROOT, "| *baseline:* `select sum(billed_cost) from cost_records where tenant_id = …` (JDBC, owner) | %.1f | %.1f | %s | | 1.0× | | | |\n",
				floor, ms(percentile(floorRuns, 0.95)), range(floorRuns)));
		List<Long> trivialRuns = timings.get("baseline: HTTP /api/v1/workloads?limit=1");
		md.append(String.format(Locale.ROOT, "| *baseline:* `GET /api/v1/workloads?limit=1` | %.1f | %.1f | %s | %s | | 1.0× | | |\n",
				trivial, ms(percentile(trivialRuns, 0.95)), range(trivialRuns),
				size(responseBytes.get("baseline: HTTP /api/v1/workloads?limit=1"))));
		for (Probe p : probes) {
			List<Long> http = timings.get("HTTP " + p.name());
			double m = ms(median(http));
			double p95 = ms(percentile(http, 0.95));
			String shown = p.path().replaceFirst("from=[0-9-]+&to=[0-9-]+&?", "").replaceFirst("\\?$", "");
			md.append(String.format(Locale.ROOT, "| `GET %s` | **%.0f** | %.0f | %s | %s | %.1f× | %.1f× | %.0f | %s / %s |\n",
					shown, m, p95, range(http), size(responseBytes.get("HTTP " + p.name())), m / floor, m / trivial,
					ms(median(timings.get("SQL " + p.name()))), m < options.targetMs ? "met" : "**missed**",
					p95 < options.targetMs ? "met" : "**missed**"));
		}
		md.append("\n");
		md.append(String.format(Locale.ROOT,
				"**Full recomputation** (a `cost_repricing` row from the first day, picked up by the app's scheduled worker): "
						+ "%,d cost records in **%.1f s = %,.0f records/s**, counted from the start of the worker's transaction "
						+ "(%.1f s from the request, which includes the scheduler's delay); app heap used peak %.0f MiB of %.0f MiB, "
						+ "RSS peak %.0f MiB%s.\n\n",
				(Long) recompute.get("records"), (Double) recompute.get("seconds"), (Double) recompute.get("rows_per_s"),
				(Double) recompute.get("seconds_from_request"), d(recomputeMemory.get("heap_used_peak_mib")),
				d(recomputeMemory.get("heap_max_mib")), d(recomputeMemory.get("rss_peak_mib")),
				Boolean.TRUE.equals(recompute.get("oom_in_log")) ? "; **the app's log shows an OutOfMemoryError**" : ""));
		List<Map<String, Object>> runs = (List<Map<String, Object>>) export.get("memory_runs");
		md.append(String.format(Locale.ROOT,
				"**FOCUS export** `GET %s` (one month: %,d cost records → %,d CSV rows, %.0f MiB): median **%.2f s = %,.0f rows/s** "
						+ "(%,.0f records/s); the app's SELECT alone, streamed the same way: %.2f s (%,.0f records/s, %.1f× faster). "
						+ "Memory per run (heap peak / RSS peak, MiB): %s; before the first run: %.0f / %.0f.\n",
				export.get("path"), (Long) export.get("records"), (Long) export.get("csv_rows"), d(export.get("mib")),
				d(export.get("seconds_median")), d(export.get("rows_per_s")), d(export.get("records_per_s")),
				d(export.get("sql_seconds_median")), d(export.get("sql_records_per_s")),
				d(export.get("seconds_median")) / d(export.get("sql_seconds_median")),
				runs.stream()
					.map(r -> String.format(Locale.ROOT, "%.0f / %.0f", d(r.get("heap_used_peak_mib")), d(r.get("rss_peak_mib"))))
					.toList(),
				d(export.get("heap_idle_mib")), d(export.get("rss_idle_mib"))));
		if (!explains.isEmpty()) {
			Map.Entry<String, String> slowest = explains.entrySet().iterator().next();
			md.append(String.format(Locale.ROOT,
					"\nOver %.0f ms: %s. EXPLAIN (ANALYZE, BUFFERS) of the slowest, `%s`:\n\n<details><summary>plan</summary>\n\n```\n%s```\n\n</details>\n",
					options.targetMs, String.join(", ", explains.keySet().stream().map(k -> "`" + k + "`").toList()),
					slowest.getKey(), slowest.getValue()));
		}
		else {
			md.append(String.format(Locale.ROOT, "\nEvery request's median was within %.0f ms (the p95s are in the table); no EXPLAIN needed.\n", options.targetMs));
		}
		if (!beforeChecked.isEmpty()) {
			double bfloor = ms(median(timings.get("before/after floor")));
			md.append(String.format(Locale.ROOT,
					"\n**Before and after V14** (SQL alone, as `costwise_app`, in rounds of their own after the HTTP rounds, "
							+ "medians of %d after %d warm-up): the app's statement now (monthly sums per workload and priced "
							+ "configuration, daily sums per priced configuration, and the cost records only for a part of a "
							+ "month that cannot come from its sums) against the statement it ran before V14 (every figure "
							+ "summed from `cost_records`), each first checked to give the same answer (same groups and "
							+ "buckets, the same numeric sums): %s. Sums kept: `cost_records_monthly` %,d rows, "
							+ "`cost_records_daily` %,d rows. Scan floor in these rounds: %.0f ms.%n%n",
					options.runs, options.warmup, String.join(", ", beforeChecked), sumsRows.get("monthly"),
					sumsRows.get("daily"), bfloor));
			md.append("| request | reads now | before V14 ms | now ms (p95) | speed-up | now ÷ scan floor |\n|---|---|---:|---:|---:|---:|\n");
			for (Probe p : probes) {
				if (p.beforeNamed() == null) {
					continue;
				}
				double before = ms(median(timings.get("before " + p.name())));
				double now = ms(median(timings.get("after " + p.name())));
				String reads = p.sqlNamed().contains("cost_records_daily") ? "daily sums"
						: p.sqlNamed().contains("cost_records_monthly")
								? p.sqlNamed().contains("from cost_records c")
										? "monthly sums (records for a part of a month only where needed)"
										: "monthly sums"
								: "records";
				md.append(String.format(Locale.ROOT, "| `%s` | %s | %.0f | **%.0f** (%.0f) | %.0f× | %.2f× |\n", p.name(),
						reads, before, now, ms(percentile(timings.get("after " + p.name()), 0.95)), before / now,
						now / bfloor));
			}
		}
		md.append("<!-- costs:end -->\n");

		System.out.println();
		System.out.println(md);
		explains.forEach((name, plan) -> System.out.println("=== EXPLAIN " + name + "\n" + plan));
		if (options.readme != null) {
			String readme = Files.readString(options.readme);
			int begin = readme.indexOf("<!-- costs:begin");
			int end = readme.indexOf("<!-- costs:end -->");
			String updated;
			if (begin >= 0 && end > begin) {
				updated = readme.substring(0, begin) + md + readme.substring(end + "<!-- costs:end -->\n".length());
			}
			else {
				updated = readme.stripTrailing() + "\n\n" + md;
			}
			Files.writeString(options.readme, updated);
			say("figures written into %s", options.readme);
		}
	}

	static String range(List<Long> values) {
		return String.format(Locale.ROOT, "%.0f–%.0f", ms(values.stream().min(Long::compare).orElse(0L)),
				ms(values.stream().max(Long::compare).orElse(0L)));
	}

	/** The nearest-rank percentile (p95 of 30 runs is the 29th fastest). */
	static long percentile(List<Long> values, double p) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
	}

	/** The 1-minute load average, to show how shared the machine was while it ran. */
	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	static String size(Long bytes) {
		if (bytes == null) {
			return "";
		}
		return bytes < 10_000 ? String.format(Locale.ROOT, "%,d B", bytes)
				: String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
	}

	private static String commandLine() {
		String args = System.getProperty("bench.command", "").strip();
		return args.isEmpty() ? "" : " " + args;
	}

	private static String machine() {
		String cpu = "?";
		String memory = "?";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(l -> l.startsWith("model name"))
				.findFirst()
				.map(l -> l.replaceFirst("model name\\s*:\\s*", ""))
				.orElse("?");
			memory = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter(l -> l.startsWith("MemTotal"))
				.findFirst()
				.map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
				.orElse("?");
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return Runtime.getRuntime().availableProcessors() + " CPUs (nproc; " + cpu + "), " + memory + " RAM, Java "
				+ System.getProperty("java.version");
	}

	private static double d(Object value) {
		return ((Number) value).doubleValue();
	}

	static void say(String format, Object... args) {
		System.out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + String.format(Locale.ROOT, format, args));
	}
}
