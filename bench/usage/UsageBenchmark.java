import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Usage series benchmark (bench/README.md, "Usage series"): {@code GET
 * /api/v1/workloads/{key}/usage} over one workload with 1,000,000 raw samples, answered from the hourly
 * and daily rollups, against two baselines measured in the same rounds: the same aggregate computed
 * from the raw {@code samples} table (what the rollups avoid) and a trivial HTTP round trip.
 *
 * <p>The samples go in through the real {@code POST /api/v1/telemetry/samples}, so the rollups are
 * the ones the ingestion maintains. Run through {@code bench/usage/run.sh}, which puts the jar's
 * classes and libraries on the class path and launches this file with {@code java UsageBenchmark.java}.
 */
public final class UsageBenchmark {

	// ------------------------------------------------------------------------------------------------
	// Options

	static final class Options {

		Path jar;

		String pgHost = "127.0.0.1";

		int pgPort = 5432;

		String pgUser = "postgres";

		String pgPassword = "";

		String database = "costwise_bench_usage";

		int samples = 1_000_000;

		int nodes = 16;

		int batch = 10_000;

		int senders = 2;

		int warmup = 5;

		int runs = 30;

		double targetMs = 100;

		String appHeap = "-Xmx512m";

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
					case "samples" -> o.samples = Integer.parseInt(v);
					case "nodes" -> o.nodes = Integer.parseInt(v);
					case "batch" -> o.batch = Integer.parseInt(v);
					case "senders" -> o.senders = Integer.parseInt(v);
					case "warmup" -> o.warmup = Integer.parseInt(v);
					case "runs" -> o.runs = Integer.parseInt(v);
					case "target-ms" -> o.targetMs = Double.parseDouble(v);
					case "app-heap" -> o.appHeap = v;
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
			if (o.samples % o.batch != 0) {
				throw new IllegalArgumentException("--samples must be a multiple of --batch");
			}
			if (o.runs < 5) {
				throw new IllegalArgumentException("--runs must be at least 5");
			}
			return o;
		}

		String url(String db) {
			return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
		}
	}

	// ------------------------------------------------------------------------------------------------
	// One long training run: N nodes of 8×H100 (aws p5.48xlarge), one sample per node and minute, in
	// time order; sample i is node i % N in minute i / N. Deterministic from the index.

	static final String WORKLOAD = "train-llama-3-70b-pretrain";

	final Options options;

	final Instant start;

	final long minutes;

	final String[] nodeNames;

	final long[] nodeSeeds;

	UsageBenchmark(Options options) {
		this.options = options;
		this.minutes = (options.samples + options.nodes - 1) / options.nodes;
		// The last window ends on the last full minute; the first starts `minutes` before it.
		Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
		this.start = end.minus(minutes, ChronoUnit.MINUTES);
		SplittableRandom random = new SplittableRandom(20261123L);
		nodeNames = new String[options.nodes];
		nodeSeeds = new long[options.nodes];
		for (int n = 0; n < options.nodes; n++) {
			nodeNames[n] = "ip-10-0-" + random.nextInt(256) + "-" + random.nextInt(256) + ".ec2.internal";
			nodeSeeds[n] = random.nextLong();
		}
	}

	/** The window end of sample i. */
	Instant timestamp(long i) {
		return start.plus(i / options.nodes + 1, ChronoUnit.MINUTES);
	}

	void appendSample(StringBuilder b, long i) {
		int node = (int) (i % options.nodes);
		long minute = i / options.nodes;
		SplittableRandom r = new SplittableRandom(nodeSeeds[node] ^ (minute * 0x9E3779B97F4A7C15L));
		Instant ts = timestamp(i);
		// Checkpoints: two quiet minutes an hour; an evaluation pass every 6 hours.
		long minuteOfDay = ts.getEpochSecond() / 60 % 1440;
		boolean checkpoint = minuteOfDay % 60 < 2;
		boolean evaluation = minuteOfDay % 360 < 10;
		double gpuUtil = clamp(checkpoint ? 0.08 + r.nextDouble() * 0.05
				: evaluation ? 0.45 + r.nextGaussian() * 0.05 : 0.86 + r.nextGaussian() * 0.04, 0, 1);
		double cpuUtil = clamp(0.15 + gpuUtil * 0.35 + r.nextGaussian() * 0.03, 0, 1);
		double gpuMemoryUsed = 8 * 80 * clamp(0.88 + r.nextGaussian() * 0.02, 0.1, 1);
		double tokensPerSecond = checkpoint ? 0 : 8 * 3100 * gpuUtil * (0.95 + r.nextDouble() * 0.1);
		b.append("{\"workload\":\"").append(WORKLOAD).append("\",\"timestamp\":\"").append(ts)
			.append("\",\"windowSeconds\":60,\"node\":\"").append(nodeNames[node])
			.append("\",\"provider\":\"aws\",\"region\":\"us-east-1\",\"instanceType\":\"p5.48xlarge\"")
			.append(",\"purchaseOption\":\"ON_DEMAND\",\"gpuModel\":\"H100\",\"gpuCount\":8,\"vcpus\":192,\"memoryGiB\":2048")
			.append(",\"cpuUtil\":").append(round(cpuUtil, 3))
			.append(",\"memoryUsedGiB\":").append(round(2048 * clamp(0.55 + r.nextGaussian() * 0.03, 0.1, 1), 1))
			.append(",\"gpuUtil\":").append(round(gpuUtil, 3))
			.append(",\"gpuMemoryUsedGiB\":").append(round(gpuMemoryUsed, 1))
			.append(",\"gpuMemoryTotalGiB\":640,\"netEgressGiB\":").append(round(r.nextDouble() * 0.02, 4))
			.append(",\"storageGiB\":2000,\"batchSize\":1024,\"precision\":\"BF16\"")
			.append(",\"throughput\":").append(round(tokensPerSecond, 1))
			.append(",\"workUnit\":\"tokens\",\"oomEvents\":").append(r.nextInt(20_000) == 0 ? 1 : 0)
			.append('}');
	}

	byte[] body(long from, int n) {
		StringBuilder b = new StringBuilder(n * 560);
		b.append('[');
		for (long i = from; i < from + n; i++) {
			if (i > from) {
				b.append(",\n");
			}
			appendSample(b, i);
		}
		return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static double clamp(double v, double min, double max) {
		return Math.max(min, Math.min(max, v));
	}

	private static double round(double v, int digits) {
		double f = Math.pow(10, digits);
		return Math.round(v * f) / f;
	}

	// ------------------------------------------------------------------------------------------------
	// State

	final Map<String, Object> results = new LinkedHashMap<>();

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	Process app;

	int port;

	String adminKey;

	String writeKey;

	String readKey;

	UUID tenantId;

	UUID workloadId;

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		UsageBenchmark bench = new UsageBenchmark(options);
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
		say("Costwise usage-series benchmark: %,d samples of one workload on %d nodes, 1-minute windows over %.1f days (%s … %s)",
				options.samples, options.nodes, minutes / 1440.0, start, timestamp(options.samples - 1));
		createDatabase();
		startApp();
		// The bootstrap organisation's tenant (the demo organisation is switched off, see startApp).
		tenantId = query("select id from tenants where name = 'Benchmark'", rs -> rs.getObject(1, UUID.class));
		writeKey = createKey("bench-telemetry", "telemetry:write");
		readKey = createKey("bench-read", "read");
		ingest();
		settle();
		checkTheSqlCopy();
		measure();
		report();
	}

	// --- seeding through the API --------------------------------------------------------------------

	void ingest() throws Exception {
		int batches = options.samples / options.batch;
		AtomicInteger next = new AtomicInteger();
		AtomicLong stored = new AtomicLong();
		String runId = UUID.randomUUID().toString();
		Pattern storedField = Pattern.compile("\"stored\"\\s*:\\s*(\\d+)");
		ExecutorService pool = Executors.newFixedThreadPool(options.senders);
		say("ingesting %,d samples as JSON in batches of %,d from %d senders (bodies encoded on the fly)", options.samples,
				options.batch, options.senders);
		long t0 = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int s = 0; s < options.senders; s++) {
			futures.add(pool.submit(() -> {
				for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
					byte[] body = body((long) b * options.batch, options.batch);
					HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/telemetry/samples"))
						.header("Authorization", "Bearer " + writeKey)
						.header("Content-Type", "application/json")
						.header("Idempotency-Key", runId + "-" + b)
						.POST(HttpRequest.BodyPublishers.ofByteArray(body))
						.build(), HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() != 202) {
						throw new IllegalStateException("batch " + b + ": HTTP " + response.statusCode() + " "
								+ response.body().substring(0, Math.min(500, response.body().length())));
					}
					Matcher m = storedField.matcher(response.body());
					if (!m.find()) {
						throw new IllegalStateException("no receipt: " + response.body());
					}
					stored.addAndGet(Long.parseLong(m.group(1)));
					if ((b + 1) % 20 == 0) {
						say("  %,d batches sent", b + 1);
					}
				}
				return null;
			}));
		}
		try {
			for (Future<?> f : futures) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		if (stored.get() != options.samples) {
			throw new IllegalStateException("stored " + stored.get() + " of " + options.samples);
		}
		long rows = query("select count(*) from samples", rs -> rs.getLong(1));
		if (rows != options.samples) {
			throw new IllegalStateException("samples holds " + rows + " rows, expected " + options.samples);
		}
		workloadId = query("select id from workloads where key = '" + WORKLOAD + "'", rs -> rs.getObject(1, UUID.class));
		results.put("ingest_seconds", seconds);
		results.put("ingest_rows_per_s", options.samples / seconds);
		say("ingested %,d samples in %.1f s (%,.0f samples/s)", options.samples, seconds, options.samples / seconds);
	}

	/** Lets the app's cost recomputation of the new days finish, then vacuums: the steady state. */
	void settle() throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (query("select count(*) from cost_pending_days", rs -> rs.getLong(1)) > 0) {
			if (System.nanoTime() > deadline) {
				say("WARNING: cost_pending_days still not empty; measuring anyway");
				break;
			}
			Thread.sleep(500);
		}
		try (Connection c = connect(); Statement s = c.createStatement()) {
			s.execute("vacuum (analyze) samples, usage_rollups");
			s.execute("checkpoint");
		}
		Map<String, Long> rollups = new LinkedHashMap<>();
		try (Connection c = connect(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select resolution, count(*) from usage_rollups group by 1 order by 1")) {
			while (rs.next()) {
				rollups.put(rs.getString(1), rs.getLong(2));
			}
		}
		results.put("rollups", rollups);
		results.put("partitions", query("select count(*) from pg_inherits where inhparent = 'samples'::regclass",
				rs -> rs.getLong(1)));
		results.put("samples_mib", query("select sum(pg_total_relation_size(inhrelid)) / 1048576.0 from pg_inherits "
				+ "where inhparent = 'samples'::regclass", rs -> rs.getDouble(1)));
		say("rollup rows: %s; raw samples %.0f MiB in %s partitions", rollups, results.get("samples_mib"),
				results.get("partitions"));
	}

	// --- the app's SQL and its raw equivalent -------------------------------------------------------------

	/**
	 * Workloads.usage's statement, copied from src/main/java/io/costwise/telemetry/Workloads.java (it is
	 * built inside the method, so it cannot be read reflectively); checkTheSqlCopy() verifies that this
	 * text is still in the packaged Workloads.class.
	 */
	static final String ROLLUP_SQL = """
			select date_bin(make_interval(secs => :step), bucket_start, timestamptz '2000-01-01 00:00:00+00') as start,
			  sum(sample_count), sum(gpu_hours), sum(vcpu_hours), sum(memory_gib_hours),
			  sum(gpu_util_weighted) / nullif(sum(gpu_util_weight), 0), max(gpu_util_max),
			  sum(cpu_util_weighted) / nullif(sum(cpu_util_weight), 0),
			  sum(memory_used_gib_hours) / nullif(sum(memory_used_weight), 0),
			  max(memory_used_gib_max), max(gpu_memory_used_gib_max),
			  sum(work_units) / nullif(sum(throughput_seconds), 0), sum(work_units),
			  max(latency_p95_ms_max), sum(latency_p95_ms_sum) / nullif(sum(latency_count), 0),
			  sum(net_egress_gib), sum(oom_events)
			from usage_rollups
			where tenant_id = :tenant and workload_id = :id and resolution = :resolution
			  and bucket_start >= :from and bucket_start < :to
			group by 1 order by 1""";

	/**
	 * The same figures straight from the raw samples, with the rollups' own formulas (SampleWriter.rollUp)
	 * applied per bucket: what the endpoint would cost without rollups. from and to are whole hours (whole
	 * days for daily steps), so filtering ts is the same as filtering the rollups' bucket_start.
	 */
	static final String RAW_SQL = """
			select date_bin(make_interval(secs => :step), date_trunc(:unit, ts, 'UTC'), timestamptz '2000-01-01 00:00:00+00') as start,
			  count(*), coalesce(sum(gpu_count * window_seconds), 0) / 3600, coalesce(sum(vcpus * window_seconds), 0) / 3600,
			  coalesce(sum(memory_gib * window_seconds), 0) / 3600,
			  sum(gpu_util * coalesce(gpu_count, 1) * window_seconds)
			    / nullif(sum(coalesce(gpu_count, 1) * window_seconds) filter (where gpu_util is not null), 0), max(gpu_util),
			  sum(cpu_util * coalesce(vcpus, 1) * window_seconds)
			    / nullif(sum(coalesce(vcpus, 1) * window_seconds) filter (where cpu_util is not null), 0),
			  sum(memory_used_gib * window_seconds) filter (where memory_gib is not null)
			    / nullif(sum(memory_gib * window_seconds) filter (where memory_used_gib is not null), 0),
			  max(memory_used_gib), max(gpu_memory_used_gib),
			  sum(throughput * window_seconds) / nullif(sum(window_seconds) filter (where throughput is not null), 0),
			  coalesce(sum(throughput * window_seconds), 0),
			  max(latency_p95_ms), sum(latency_p95_ms) / nullif(count(latency_p95_ms), 0),
			  coalesce(sum(net_egress_gib), 0), coalesce(sum(oom_events), 0)
			from samples
			where tenant_id = :tenant and workload_id = :id and ts >= :from and ts < :to
			group by 1 order by 1""";

	boolean sqlCopyCurrent;

	void checkTheSqlCopy() throws IOException {
		sqlCopyCurrent = classContains("io/costwise/telemetry/Workloads.class", ROLLUP_SQL);
		if (!sqlCopyCurrent) {
			say("WARNING: the copy of Workloads.usage's SQL in this benchmark no longer matches the packaged class; "
					+ "the SQL-alone figures may not be what the app runs");
		}
	}

	static boolean classContains(String resource, String text) throws IOException {
		try (InputStream in = UsageBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				return false;
			}
			byte[] bytes = in.readAllBytes();
			byte[] needle = text.getBytes(StandardCharsets.UTF_8);
			outer: for (int i = 0; i + needle.length <= bytes.length; i++) {
				for (int j = 0; j < needle.length; j++) {
					if (bytes[i + j] != needle[j]) {
						continue outer;
					}
				}
				return true;
			}
			return false;
		}
	}

	/** A statement with :named parameters turned into ?, with the names in order. */
	record Sql(String text, List<String> names) {

		static Sql of(String named) {
			List<String> names = new ArrayList<>();
			Matcher m = Pattern.compile("(?<!:):([a-zA-Z]\\w*)").matcher(named);
			StringBuilder out = new StringBuilder();
			while (m.find()) {
				names.add(m.group(1));
				m.appendReplacement(out, "?");
			}
			m.appendTail(out);
			return new Sql(out.toString(), names);
		}
	}

	/** One timed query: the HTTP request, and the app's SQL and the raw equivalent alone over JDBC. */
	record Probe(String name, Instant from, Instant to, Duration step) {

		boolean daily() {
			return step.toSeconds() % 86_400 == 0;
		}

		String stepText() {
			return daily() ? step.toDays() + "d" : step.toHours() + "h";
		}

		String path() {
			return "/api/v1/workloads/" + WORKLOAD + "/usage?from=" + from + "&to=" + to + "&step=" + stepText();
		}

		Map<String, Object> params(UUID tenant, UUID workload) {
			Map<String, Object> p = new LinkedHashMap<>();
			p.put("step", (double) step.toSeconds());
			p.put("tenant", tenant);
			p.put("id", workload);
			p.put("resolution", daily() ? "DAY" : "HOUR");
			p.put("unit", daily() ? "day" : "hour");
			p.put("from", Timestamp.from(from));
			p.put("to", Timestamp.from(to));
			return p;
		}
	}

	List<Probe> probes() {
		Instant first = start; // the start of the first window
		Instant last = timestamp(options.samples - 1);
		Instant hourFrom = first.truncatedTo(ChronoUnit.HOURS);
		Instant hourTo = last.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
		Instant dayFrom = first.truncatedTo(ChronoUnit.DAYS);
		Instant dayTo = last.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
		Instant middleDay = first.plus(Duration.between(first, last).dividedBy(2)).truncatedTo(ChronoUnit.DAYS);
		return List.of(new Probe("step=1h, whole span", hourFrom, hourTo, Duration.ofHours(1)),
				new Probe("step=1d, whole span", dayFrom, dayTo, Duration.ofDays(1)),
				new Probe("step=1h, one day", middleDay, middleDay.plus(1, ChronoUnit.DAYS), Duration.ofHours(1)));
	}

	// --- measurement --------------------------------------------------------------------------------

	final Map<String, List<Long>> timings = new LinkedHashMap<>();

	String loadAtStart = "?";

	final Map<String, Long> sizes = new LinkedHashMap<>();

	List<Probe> probes;

	final Map<String, String> checks = new LinkedHashMap<>();

	double worstUtilDifference;

	void measure() throws Exception {
		probes = probes();
		String trivial = "/api/v1/workloads?limit=1";
		try (Connection c = connect()) {
			c.setAutoCommit(false);
			// Correctness first: the rollups answer what the raw samples say.
			for (Probe p : probes) {
				List<double[]> rollup = rows(c, ROLLUP_SQL, p);
				List<double[]> raw = rows(c, RAW_SQL, p);
				String body = get(p.path());
				int points = count(body, "\"start\"");
				double rollupSamples = rollup.stream().mapToDouble(r -> r[1]).sum();
				double rawSamples = raw.stream().mapToDouble(r -> r[1]).sum();
				double rollupGpu = rollup.stream().mapToDouble(r -> r[2]).sum();
				double rawGpu = raw.stream().mapToDouble(r -> r[2]).sum();
				double worstUtil = 0;
				for (int i = 0; i < Math.min(rollup.size(), raw.size()); i++) {
					worstUtil = Math.max(worstUtil, Math.abs(rollup.get(i)[5] - raw.get(i)[5]));
				}
				boolean same = rollup.size() == raw.size() && points == rollup.size() && rollupSamples == rawSamples
						&& Math.abs(rollupGpu - rawGpu) <= 1e-6 * Math.max(1, rawGpu) && worstUtil < 1e-9;
				String check = String.format(Locale.ROOT,
						"%d points over HTTP, %d from the rollups, %d from raw; samples %,.0f vs %,.0f; GPU-hours %.3f vs %.3f; "
								+ "largest GPU-utilization difference %.1e",
						points, rollup.size(), raw.size(), rollupSamples, rawSamples, rollupGpu, rawGpu, worstUtil);
				checks.put(p.name(), String.format(Locale.ROOT, "%s %d points, %,.0f samples, %,.1f GPU-hours", p.name(),
						points, rawSamples, rawGpu));
				worstUtilDifference = Math.max(worstUtilDifference, worstUtil);
				say("%s: %s%s", p.name(), check, same ? "" : "  <-- MISMATCH");
				if (!same) {
					throw new IllegalStateException("the rollups and the raw samples disagree for " + p.name() + ": " + check);
				}
			}
			int rounds = options.warmup + options.runs;
			for (int round = 0; round < rounds; round++) {
				boolean measured = round >= options.warmup;
				if (round == options.warmup) {
					loadAtStart = loadAverage();
				}
				time(measured, "trivial", () -> get(trivial).length());
				for (Probe p : probes) {
					time(measured, "HTTP " + p.name(), () -> get(p.path()).length());
					time(measured, "rollup SQL " + p.name(), () -> rows(c, ROLLUP_SQL, p).size());
					time(measured, "raw SQL " + p.name(), () -> rows(c, RAW_SQL, p).size());
				}
				StringBuilder line = new StringBuilder();
				timings.forEach((name, list) -> line.append(name).append(' ')
					.append(list.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", list.get(list.size() - 1) / 1e6))
					.append(" ms; "));
				say("round %d/%d%s: %s", round + 1, rounds, measured ? "" : " (warm-up)", measured ? line : "");
			}
		}
	}

	static int count(String text, String what) {
		int n = 0;
		for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
			n++;
		}
		return n;
	}

	interface Timed {

		long run() throws Exception;
	}

	void time(boolean measured, String name, Timed what) throws Exception {
		long t0 = System.nanoTime();
		long size = what.run();
		long ns = System.nanoTime() - t0;
		List<Long> list = timings.computeIfAbsent(name, k -> new ArrayList<>());
		if (measured) {
			list.add(ns);
			sizes.put(name, size);
		}
	}

	/** A statement run as costwise_app with the tenant set (row-level security applies, as in the app). */
	List<double[]> rows(Connection c, String named, Probe p) throws SQLException {
		Sql sql = Sql.of(named);
		Map<String, Object> params = p.params(tenantId, workloadId);
		try (PreparedStatement enter = c.prepareStatement(
				"select set_config('role', 'costwise_app', true), set_config('app.tenant_id', ?, true)")) {
			enter.setString(1, tenantId.toString());
			enter.execute();
		}
		List<double[]> out = new ArrayList<>();
		try (PreparedStatement s = c.prepareStatement(sql.text())) {
			for (int i = 0; i < sql.names().size(); i++) {
				s.setObject(i + 1, params.get(sql.names().get(i)));
			}
			try (ResultSet rs = s.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					double[] row = new double[columns];
					row[0] = rs.getTimestamp(1).getTime();
					for (int i = 2; i <= columns; i++) {
						row[i - 1] = rs.getDouble(i);
					}
					out.add(row);
				}
			}
		}
		c.commit();
		return out;
	}

	String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + readKey)
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " "
					+ response.body().substring(0, Math.min(400, response.body().length())));
		}
		return response.body();
	}

	// --- the application ----------------------------------------------------------------------------

	void startApp() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		adminKey = "cw_bench_" + UUID.randomUUID().toString().replace("-", "");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, options.appHeap, "-jar", options.jar.toString(), "--server.port=" + port,
				"--spring.datasource.url=" + options.url(options.database),
				"--spring.datasource.username=" + options.pgUser, "--spring.datasource.password=" + options.pgPassword,
				"--costwise.bootstrap.email=bench@costwise.local",
				"--costwise.bootstrap.password=benchmark passphrase 1234",
				"--costwise.bootstrap.organisation=Benchmark", "--costwise.bootstrap.api-key=" + adminKey,
				// A local installation seeds a demo organisation with 60 days of telemetry in the background:
				// it would add rows and load to what is measured.
				"--costwise.demo.enabled=false",
				"--costwise.telemetry.ingest-rate-per-second=1000000000", "--costwise.telemetry.ingest-burst=1000000000",
				"--management.endpoints.web.exposure.include=health,prometheus");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Path log = options.appLog != null ? options.appLog : Files.createTempFile("costwise-bench-usage", ".log");
		builder.redirectOutput(log.toFile());
		say("starting java %s -jar %s on port %d (log: %s)", options.appHeap, options.jar, port, log);
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

	/** A key with one scope, made by the bootstrap key (which has every scope) through the API. */
	String createKey(String name, String scope) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/api-keys"))
			.header("Authorization", "Bearer " + adminKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"scopes\": [\"" + scope + "\"]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		Matcher key = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
		if (response.statusCode() != 201 || !key.find()) {
			throw new IllegalStateException("could not create a " + scope + " key: HTTP " + response.statusCode() + " "
					+ response.body());
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

	static String range(List<Long> values) {
		return String.format(Locale.ROOT, "%.1f–%.1f", ms(values.stream().min(Long::compare).orElse(0L)),
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

	@SuppressWarnings("unchecked")
	void report() throws IOException {
		double trivial = ms(median(timings.get("trivial")));
		Map<String, Long> rollups = (Map<String, Long>) results.get("rollups");
		StringBuilder md = new StringBuilder();
		md.append("<!-- usage:begin (written by bench/usage/run.sh) -->\n");
		md.append("### Usage series — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
		md.append("- **Machine:** ").append(machine())
			.append(String.format(Locale.ROOT, "; **shared**: other engineers' builds and tests ran on the same 2 cores "
					+ "(1-minute load average %s at the start of the timed rounds, %s at the end), so the absolute "
					+ "latencies are noisy; the ratios to the baselines of the same rounds are the steadier figures\n",
					loadAtStart, loadAverage()));
		md.append("- **PostgreSQL:** ").append(results.get("postgres")).append(", same host\n");
		md.append("- **Command:** `bench/usage/run.sh").append(commandLine()).append("`\n");
		md.append(String.format(Locale.ROOT,
				"- **Data:** one workload (`%s`, %d nodes of aws p5.48xlarge 8×H100), %,d samples of 1-minute windows "
						+ "over %.1f days (%s … %s), sent through `POST /api/v1/telemetry/samples` as JSON batches of %,d "
						+ "from %d senders in %.0f s (%,.0f samples/s); raw samples %.0f MiB in %s monthly partitions; "
						+ "rollups the ingestion maintained: %,d hourly and %,d daily rows; app started with `java %s -jar`\n",
				WORKLOAD, options.nodes, options.samples, minutes / 1440.0, start, timestamp(options.samples - 1),
				options.batch, options.senders, d(results.get("ingest_seconds")), d(results.get("ingest_rows_per_s")),
				d(results.get("samples_mib")), results.get("partitions"), rollups.getOrDefault("HOUR", 0L),
				rollups.getOrDefault("DAY", 0L), options.appHeap));
		md.append(String.format(Locale.ROOT,
				"- **Timing:** median and p95 (nearest rank) of %d runs after %d warm-up rounds, every round running every "
						+ "request and statement once; SQL over JDBC as `costwise_app` with `app.tenant_id` set (row-level "
						+ "security applies, as in the app); ratios are of medians\n\n",
				options.runs, options.warmup));
		md.append("| `GET /api/v1/workloads/{key}/usage` | points | HTTP median ms | HTTP p95 ms (max) | ÷ trivial HTTP | app's rollup SQL alone ms | same figures from raw `samples` ms | raw ÷ HTTP | raw ÷ rollup SQL | < ")
			.append(String.format(Locale.ROOT, "%.0f", options.targetMs))
			.append(" ms: median / p95 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
		for (Probe p : probes) {
			double h = ms(median(timings.get("HTTP " + p.name())));
			double rollup = ms(median(timings.get("rollup SQL " + p.name())));
			double raw = ms(median(timings.get("raw SQL " + p.name())));
			List<Long> http = timings.get("HTTP " + p.name());
			double p95 = ms(percentile(http, 0.95));
			md.append(String.format(Locale.ROOT,
					"| %s: `from=%s&to=%s&step=%s` | %d | **%.1f** | %.1f (%.1f) | %.1f× | %.1f | %.0f | **%.0f×** | %.0f× | %s / %s |\n",
					p.name(), p.from(), p.to(), p.stepText(), sizes.get("rollup SQL " + p.name()), h, p95,
					ms(http.stream().max(Long::compare).orElse(0L)), h / trivial, rollup, raw, raw / h, raw / rollup,
					h < options.targetMs ? "met" : "**missed**", p95 < options.targetMs ? "met" : "**missed**"));
		}
		List<Long> trivialRuns = timings.get("trivial");
		md.append(String.format(Locale.ROOT, "| *baseline:* `GET /api/v1/workloads?limit=1` | | %.1f | %.1f (%.1f) | 1.0× | | | | | |\n\n",
				trivial, ms(percentile(trivialRuns, 0.95)), ms(trivialRuns.stream().max(Long::compare).orElse(0L))));
		md.append("Before timing, the endpoint, the rollup SQL and the raw aggregate agreed on every point (count, samples, "
				+ "GPU-hours, GPU utilization): ")
			.append(String.join("; ", checks.values()))
			.append(String.format(Locale.ROOT, "; largest GPU-utilization difference %.0e.%n", worstUtilDifference));
		if (!sqlCopyCurrent) {
			md.append("\n**Warning:** the benchmark's copy of Workloads.usage's SQL no longer matches the packaged class; "
					+ "the rollup-SQL column may be stale.\n");
		}
		md.append("<!-- usage:end -->\n");

		System.out.println();
		System.out.println(md);
		if (options.readme != null) {
			String readme = Files.readString(options.readme);
			int begin = readme.indexOf("<!-- usage:begin");
			int end = readme.indexOf("<!-- usage:end -->");
			String updated;
			if (begin >= 0 && end > begin) {
				updated = readme.substring(0, begin) + md + readme.substring(end + "<!-- usage:end -->\n".length());
			}
			else {
				updated = readme.stripTrailing() + "\n\n" + md;
			}
			Files.writeString(options.readme, updated);
			say("figures written into %s", options.readme);
		}
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
