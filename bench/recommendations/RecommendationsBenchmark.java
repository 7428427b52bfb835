import java.io.ByteArrayInputStream;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;

/**
 * Recommendation run benchmark (bench/README.md, "Recommendation run"): one full run of every
 * recommender over 10,000 workloads with 30 days of daily usage rollups, through the packaged jar's
 * own scheduler ({@code RecommendationScheduling.runDue}, started with a 1 s poll delay), against
 * the raw reads the run depends on, timed in the same run on the same data: the operating-points
 * query, {@code GET /api/v1/costs?groupBy=workload} over the run's window, the workloads query and the
 * node-load query over the last week's raw samples.
 *
 * <p>Workloads, {@code configuration_usage} and the last week's raw samples of multi-node inference
 * are seeded with SQL as the table owner; the application computes every cost record itself through
 * its scheduled recomputation (a {@code cost_repricing} row), which is timed too.
 *
 * <p>Run through {@code bench/recommendations/run.sh}, which puts the jar's classes and libraries on
 * the class path and launches this file with {@code java RecommendationsBenchmark.java}.
 */
public final class RecommendationsBenchmark {

	// ------------------------------------------------------------------------------------------------
	// Options

	static final class Options {

		Path jar;

		String pgHost = "127.0.0.1";

		int pgPort = 5432;

		String pgUser = "postgres";

		String pgPassword = "";

		String database = "costwise_bench_recommendations";

		int workloads = 10_000;

		int days = 30;

		int runs = 2;

		int baselineRuns = 3;

		double targetSeconds = 60;

		String appHeap = "-Xmx512m";

		Duration timeout = Duration.ofMinutes(6);

		boolean samples = true;

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
					case "days" -> o.days = Integer.parseInt(v);
					case "runs" -> o.runs = Integer.parseInt(v);
					case "baseline-runs" -> o.baselineRuns = Integer.parseInt(v);
					case "target-seconds" -> o.targetSeconds = Double.parseDouble(v);
					case "app-heap" -> o.appHeap = v;
					case "timeout" -> o.timeout = Duration.ofSeconds(Long.parseLong(v));
					case "samples" -> o.samples = Boolean.parseBoolean(v);
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
			return o;
		}

		String url(String db) {
			return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
		}
	}

	// ------------------------------------------------------------------------------------------------
	// The seeded fleet, generated deterministically from a seed. Machines are instance types of the
	// shipped catalog (src/main/resources/pricing/instance-types.csv); gpuName is what telemetry calls
	// the GPU; otherRegions are where the same type is also sold (for allowed-region workloads).

	record Machine(String provider, String region, String instanceType, String gpuName, int gpus, int vcpus,
			int memoryGiB, double gpuMemoryGiB, List<String> otherRegions, List<String> precisions) {
	}

	static final List<String> AMPERE = List.of("FP32", "TF32", "BF16", "BF16", "BF16", "FP16");

	static final List<String> HOPPER = List.of("TF32", "BF16", "BF16", "BF16", "FP8", "FP8");

	static final List<String> VOLTA = List.of("FP32", "FP32", "FP16", "FP16");

	static final Machine[] TRAINING = {
			new Machine("aws", "us-east-1", "p4d.24xlarge", "NVIDIA A100-SXM4-40GB", 8, 96, 1152, 40, List.of("us-west-2", "eu-west-1"), AMPERE),
			new Machine("aws", "us-east-1", "p5.48xlarge", "NVIDIA H100 80GB HBM3", 8, 192, 2048, 80, List.of("us-west-2"), HOPPER),
			new Machine("gcp", "us-central1", "a3-highgpu-8g", "H100", 8, 208, 1872, 80, List.of("us-east4", "europe-west4"), HOPPER),
			new Machine("gcp", "us-central1", "a2-ultragpu-8g", "NVIDIA A100-SXM4-80GB", 8, 96, 1360, 80, List.of("europe-west4"), AMPERE),
			new Machine("azure", "eastus", "Standard_NC24ads_A100_v4", "NVIDIA A100 80GB PCIe", 1, 24, 220, 80, List.of("westus2"), AMPERE),
			new Machine("aws", "us-east-1", "p3.2xlarge", "Tesla V100-SXM2-16GB", 1, 8, 61, 16, List.of("us-west-2"), VOLTA),
			new Machine("gcp", "us-central1", "a2-highgpu-1g", "A100", 1, 12, 85, 40, List.of("europe-west4", "us-east1"), AMPERE) };

	static final Machine[] INFERENCE = {
			new Machine("aws", "us-east-1", "g5.xlarge", "NVIDIA A10G", 1, 4, 16, 24, List.of("us-west-2"), List.of("FP32", "FP16", "FP16", "INT8")),
			new Machine("aws", "us-west-2", "g6.xlarge", "NVIDIA L4", 1, 4, 16, 24, List.of("us-east-1"), List.of("FP16", "BF16", "FP8", "INT8")),
			new Machine("gcp", "us-central1", "g2-standard-8", "L4", 1, 8, 32, 24, List.of("us-east1", "europe-west4"), List.of("FP32", "FP16", "BF16", "FP8")),
			new Machine("gcp", "us-central1", "a2-highgpu-1g", "A100", 1, 12, 85, 40, List.of("europe-west4"), List.of("FP32", "TF32", "FP16", "BF16", "INT8")),
			new Machine("azure", "eastus", "Standard_NC4as_T4_v3", "Tesla T4", 1, 4, 28, 16, List.of("westus2"), List.of("FP32", "FP16", "FP16", "INT8")),
			new Machine("aws", "us-east-1", "g4dn.xlarge", "Tesla T4", 1, 4, 16, 16, List.of("us-west-2", "eu-west-1"), List.of("FP32", "FP16", "INT8")),
			new Machine("aws", "us-east-1", "g6e.xlarge", "NVIDIA L40S", 1, 4, 32, 48, List.of("us-west-2"), List.of("FP16", "BF16", "FP8", "INT8")) };

	static final Machine[] BATCH = {
			new Machine("aws", "us-west-2", "g4dn.xlarge", "Tesla T4", 1, 4, 16, 16, List.of("us-east-1"), List.of("FP32", "FP16")),
			new Machine("aws", "us-west-2", "g5.xlarge", "NVIDIA A10G", 1, 4, 16, 24, List.of("us-east-1"), List.of("FP32", "FP16")),
			new Machine("gcp", "us-central1", "a2-highgpu-1g", "A100", 1, 12, 85, 40, List.of("europe-west4"), List.of("FP32", "TF32", "BF16")),
			new Machine("aws", "us-east-1", "p3.2xlarge", "Tesla V100-SXM2-16GB", 1, 8, 61, 16, List.of("us-west-2"), List.of("FP32", "FP16")) };

	static final String[] TEAMS = { "search", "ads", "recsys", "vision", "speech", "llm-platform", "fraud",
			"translation", "research", "assistant", "ranking", "safety" };

	static final String[] MODELS = { "llama-3-8b", "mixtral-8x7b", "bert-large", "whisper-large", "sdxl", "resnet50",
			"qwen2-7b", "t5-xl", "gemma-9b", "vit-h14", "clip-l", "e5-mistral" };

	/** One configuration the workload ran in on some of the days. */
	record Config(int batch, String precision, String purchase, double share, double throughputPerNode, double gpuUtil,
			double gpuMemoryUsed, double latencyMs, long oomPerDay) {
	}

	record FleetWorkload(UUID id, String key, String kind, String team, String model, Machine machine, int nodes,
			boolean idle, boolean interruptible, Double sloMs, List<String> allowedRegions, List<Config> configs,
			double storageGiBPerNode, double egressGiBPerNodeHour, String workUnit, boolean imbalanced, long seed) {

		/** The configuration of a day: days are dealt to the configurations in blocks by their shares, the first (dominant) last. */
		Config configOn(int dayIndex, int days) {
			double position = (dayIndex + 0.5) / days;
			double acc = 0;
			for (int i = configs.size() - 1; i >= 0; i--) {
				acc += configs.get(i).share();
				if (position < acc) {
					return configs.get(i);
				}
			}
			return configs.get(0);
		}
	}

	static List<FleetWorkload> fleet(int n) {
		SplittableRandom random = new SplittableRandom(20261123L);
		List<FleetWorkload> out = new ArrayList<>();
		for (int w = 0; w < n; w++) {
			String kind = switch (w % 20) {
				case 0, 1, 2, 3, 4, 5, 6, 7 -> "TRAINING";
				case 8, 9, 10, 11, 12, 13, 14 -> "INFERENCE";
				default -> "BATCH";
			};
			boolean idle = random.nextInt(10) == 0;
			String model = MODELS[random.nextInt(MODELS.length)];
			String team = random.nextInt(20) == 0 ? null : TEAMS[random.nextInt(TEAMS.length)];
			String key = switch (kind) {
				case "TRAINING" -> String.format(Locale.ROOT, "train-%s-run-%05d", model, w);
				case "INFERENCE" -> String.format(Locale.ROOT, "serve-%s-%s-%05d", model, w % 3 == 0 ? "staging" : "prod", w);
				default -> String.format(Locale.ROOT, "batch-%s-embed-%05d", model, w);
			};
			Machine[] pool = switch (kind) {
				case "TRAINING" -> TRAINING;
				case "INFERENCE" -> INFERENCE;
				default -> BATCH;
			};
			Machine m = pool[random.nextInt(pool.length)];
			int nodes = switch (kind) {
				case "TRAINING" -> m.gpus() == 8 ? new int[] { 1, 1, 2, 4 }[random.nextInt(4)] : 1 + random.nextInt(4);
				case "INFERENCE" -> random.nextInt(3) == 0 ? 2 + random.nextInt(5) : 1;
				default -> 1 + random.nextInt(3);
			};
			boolean interruptible = kind.equals("BATCH") || kind.equals("TRAINING") && random.nextInt(5) == 0;
			List<String> allowed = random.nextInt(7) == 0
					? concat(List.of(m.region()), m.otherRegions()) : List.of();
			String precision = m.precisions().get(random.nextInt(m.precisions().size()));
			String purchase = switch (kind) {
				case "TRAINING" -> random.nextInt(5) == 0 ? "RESERVED" : "ON_DEMAND";
				case "INFERENCE" -> "ON_DEMAND";
				default -> random.nextBoolean() ? "SPOT" : "ON_DEMAND";
			};
			// The step time t(b) = α + β·b per node: β from the node's peak throughput, α from the compute
			// share u0 at the first batch size; GPU memory m(b) = m0 + m1·b per GPU.
			double peak = switch (kind) {
				case "TRAINING" -> m.gpus() * (400 + random.nextDouble() * 4000);
				case "INFERENCE" -> 200 + random.nextDouble() * 3000;
				default -> 300 + random.nextDouble() * 2000;
			};
			double beta = 1 / peak;
			double u0 = idle ? 0.02 : 0.35 + random.nextDouble() * 0.55;
			int[] sizes = switch (kind) {
				case "TRAINING" -> new int[] { 16, 32, 64, 128, 256 };
				case "INFERENCE" -> new int[] { 1, 2, 4, 8, 16, 32 };
				default -> new int[] { 32, 64, 128, 256 };
			};
			int first = random.nextInt(kind.equals("TRAINING") ? 3 : kind.equals("INFERENCE") ? 4 : 2);
			int b0 = sizes[first];
			double alpha = b0 * beta * (1 - u0) / u0;
			int count = kind.equals("TRAINING") ? 1 + random.nextInt(4) : kind.equals("INFERENCE") ? 1 + random.nextInt(2) : 1;
			count = Math.min(count, sizes.length - first);
			double fill = 0.45 + random.nextDouble() * 0.5; // memory use at the largest batch, share of the GPU's
			boolean ooms = kind.equals("TRAINING") && random.nextInt(20) == 0;
			int largest = sizes[first + count - 1];
			double m0 = m.gpuMemoryGiB() * (0.15 + random.nextDouble() * 0.2);
			double m1 = Math.max(0.001, (m.gpuMemoryGiB() * (ooms ? 0.99 : fill) - m0) / largest);
			double latencyScale = kind.equals("INFERENCE") ? 1.5 + random.nextDouble() : 0;
			List<Config> configs = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int b = sizes[first + i];
				double step = alpha + beta * b;
				double u = idle ? 0.01 + random.nextDouble() * 0.02 : Math.min(0.99, beta * b / step);
				double throughput = idle ? b / step * 0.02 : b / step;
				double share = count == 1 ? 1 : i == 0 ? 0.55 : 0.45 / (count - 1);
				configs.add(new Config(b, precision, purchase, share, throughput, u, Math.min(m.gpuMemoryGiB(), m0 + m1 * b),
						latencyScale * step * 1000, ooms && i == count - 1 ? 2 : 0));
			}
			// Some training tried a lower precision for a few days at the dominant batch size.
			if (kind.equals("TRAINING") && !idle && random.nextInt(10) == 0 && (precision.equals("FP32") || precision.equals("TF32"))) {
				Config base = configs.get(0);
				configs.add(new Config(base.batch(), "BF16", base.purchase(), 0.1, base.throughputPerNode() * (1.3 + random.nextDouble()),
						base.gpuUtil(), base.gpuMemoryUsed() * 0.7, 0, 0));
			}
			double total = configs.stream().mapToDouble(Config::share).sum();
			List<Config> normalised = configs.stream()
				.map(c -> new Config(c.batch(), c.precision(), c.purchase(), c.share() / total, c.throughputPerNode(), c.gpuUtil(),
						c.gpuMemoryUsed(), c.latencyMs(), c.oomPerDay()))
				.toList();
			Double slo = kind.equals("INFERENCE") ? normalised.get(0).latencyMs() * (1.1 + random.nextDouble() * 2) : null;
			out.add(new FleetWorkload(UUID.nameUUIDFromBytes(("bench-recommendations/" + key).getBytes(StandardCharsets.UTF_8)),
					key, kind, team, model, m, nodes, idle, interruptible, slo, allowed, normalised,
					kind.equals("TRAINING") ? 500 + random.nextInt(4000) : 50 + random.nextInt(300),
					kind.equals("INFERENCE") ? 0.05 + random.nextDouble() * 0.5 : random.nextDouble() * 0.01,
					switch (kind) {
						case "TRAINING" -> "tokens";
						case "INFERENCE" -> "requests";
						default -> "images";
					}, random.nextInt(3) == 0, random.nextLong()));
		}
		return out;
	}

	static List<String> concat(List<String> a, List<String> b) {
		List<String> out = new ArrayList<>(a);
		out.addAll(b);
		return out;
	}

	/** One workload's daily usage rows, with the sums the ingestion writes (SampleWriter's rollup). */
	static void usageRows(List<Map<String, Object>> out, UUID tenant, FleetWorkload w, LocalDate first, int days) {
		for (int d = 0; d < days; d++) {
			LocalDate day = first.plusDays(d);
			SplittableRandom r = new SplittableRandom(w.seed() ^ (d * 0x9E3779B97F4A7C15L));
			Config c = w.configOn(d, days);
			double h = switch (w.kind()) {
				case "TRAINING" -> w.nodes() * 24 * (0.6 + 0.4 * r.nextDouble());
				case "INFERENCE" -> w.nodes() * 24 * (0.7 + 0.6 * r.nextDouble()) * (day.getDayOfWeek().getValue() >= 6 ? 0.7 : 1);
				default -> w.nodes() * (2 + r.nextDouble() * 20);
			};
			double noise = 1 + (r.nextDouble() - 0.5) * 0.06;
			Machine m = w.machine();
			double gpuUtil = Math.max(0.005, Math.min(1, c.gpuUtil() * noise));
			double gpuHours = h * m.gpus();
			double vcpuHours = h * m.vcpus();
			double memoryHours = h * m.memoryGiB();
			double cpuUtil = Math.min(0.95, 0.1 + gpuUtil * 0.5);
			long samples = Math.max(1, Math.round(h * 60));
			boolean inference = w.kind().equals("INFERENCE");
			Map<String, Object> v = new LinkedHashMap<>();
			v.put("tenant_id", tenant);
			v.put("workload_id", w.id());
			v.put("day", day);
			v.put("provider", m.provider());
			v.put("region", m.region());
			v.put("instance_type", m.instanceType());
			v.put("purchase_option", c.purchase());
			v.put("gpu_model", m.gpuName());
			v.put("batch_size", c.batch());
			v.put("precision", c.precision());
			v.put("sample_count", samples);
			v.put("node_hours", h);
			v.put("gpu_hours", gpuHours);
			v.put("gpu_missing_node_hours", 0.0);
			v.put("gpu_busy", gpuHours * gpuUtil);
			v.put("gpu_measured", gpuHours);
			v.put("gpu_total", gpuHours);
			v.put("vcpu_hours", vcpuHours);
			v.put("vcpu_missing_node_hours", 0.0);
			v.put("cpu_busy", vcpuHours * cpuUtil);
			v.put("cpu_measured", vcpuHours);
			v.put("cpu_total", vcpuHours);
			v.put("memory_gib_hours", memoryHours);
			v.put("memory_missing_node_hours", 0.0);
			v.put("memory_busy", memoryHours * 0.5);
			v.put("memory_measured", memoryHours);
			v.put("storage_gib_hours", w.storageGiBPerNode() * h);
			v.put("net_egress_gib", w.egressGiBPerNodeHour() * h * (0.8 + r.nextDouble() * 0.4));
			v.put("gpu_idle_hours", gpuHours * (w.idle() ? 0.97 : inference ? Math.max(0, 0.25 - gpuUtil) : 0.005));
			v.put("gpu_memory_used_gib_max", c.gpuMemoryUsed() * (0.98 + r.nextDouble() * 0.02));
			v.put("gpu_memory_total_gib_max", m.gpuMemoryGiB());
			v.put("work_units", h * 3600 * c.throughputPerNode() * noise);
			v.put("throughput_seconds", h * 3600);
			v.put("work_unit", w.workUnit());
			v.put("latency_p95_ms_sum", inference ? samples * c.latencyMs() * noise : 0.0);
			v.put("latency_count", inference ? samples : 0L);
			v.put("latency_p95_ms_max", inference ? c.latencyMs() * 1.6 : null);
			v.put("oom_events", c.oomPerDay());
			out.add(v);
		}
	}

	/** Hourly raw samples of the last week for each node of a multi-node inference workload (the fleet recommender reads them). */
	static void sampleRows(List<Map<String, Object>> out, UUID tenant, FleetWorkload w, Instant now, int hours) {
		Config c = w.configs().get(0);
		Machine m = w.machine();
		Instant last = now.truncatedTo(ChronoUnit.HOURS);
		UUID batch = UUID.nameUUIDFromBytes(("batch/" + w.key()).getBytes(StandardCharsets.UTF_8));
		for (int node = 0; node < w.nodes(); node++) {
			// Round robin over unequal nodes: the first node of an imbalanced fleet is slower, so busier.
			double load = w.imbalanced() && node == 0 ? 1.8 : 1;
			for (int hour = 0; hour < hours; hour++) {
				SplittableRandom r = new SplittableRandom(w.seed() ^ (node * 1_000_003L + hour));
				double u = Math.min(0.98, c.gpuUtil() * load * (0.9 + r.nextDouble() * 0.2));
				Map<String, Object> v = new LinkedHashMap<>();
				v.put("tenant_id", tenant);
				v.put("workload_id", w.id());
				v.put("node", String.format(Locale.ROOT, "%s-node-%d", w.key(), node));
				v.put("ts", Timestamp.from(last.minus(Duration.ofHours(hour))));
				v.put("window_seconds", 3600.0);
				v.put("batch_id", batch);
				v.put("provider", m.provider());
				v.put("region", m.region());
				v.put("instance_type", m.instanceType());
				v.put("purchase_option", c.purchase());
				v.put("gpu_model", m.gpuName());
				v.put("gpu_count", (double) m.gpus());
				v.put("vcpus", (double) m.vcpus());
				v.put("memory_gib", (double) m.memoryGiB());
				v.put("cpu_util", 0.3);
				v.put("memory_used_gib", m.memoryGiB() * 0.5);
				v.put("gpu_util", u);
				v.put("gpu_memory_used_gib", c.gpuMemoryUsed());
				v.put("gpu_memory_total_gib", m.gpuMemoryGiB());
				v.put("net_egress_gib", 0.1);
				v.put("storage_gib", (double) w.storageGiBPerNode());
				v.put("batch_size", c.batch());
				v.put("precision", c.precision());
				v.put("throughput", c.throughputPerNode() * (w.imbalanced() && node == 0 ? 1.0 : 1) * (0.9 + r.nextDouble() * 0.2));
				v.put("work_unit", w.workUnit());
				v.put("latency_p95_ms", c.latencyMs() * (1 + u));
				v.put("oom_events", 0);
				out.add(v);
			}
		}
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

	LocalDate first;

	LocalDate from;

	LocalDate to;

	RecommendationsBenchmark(Options options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		RecommendationsBenchmark bench = new RecommendationsBenchmark(options);
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
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		// The engine's window: [to − lookback, to) with to = tomorrow (RecommendationEngine.run).
		to = today.plusDays(1);
		from = to.minusDays(30);
		first = today.minusDays(options.days - 1);
		fleet = fleet(options.workloads);
		say("Costwise recommendation-run benchmark: %,d workloads × %d days (%s … %s)", options.workloads, options.days, first,
				today);
		createDatabase();
		startApp();
		tenantId = query("select tenant_id from api_keys limit 1", rs -> rs.getObject(1, UUID.class));
		readKey = createReadKey();
		checkTheSqlCopies();
		seed();
		recompute();
		try (Connection c = connect(); Statement s = c.createStatement()) {
			s.execute("vacuum (analyze) cost_records, configuration_usage, workloads, samples");
			s.execute("checkpoint");
		}
		List<Map<String, Object>> runs = new ArrayList<>();
		for (int i = 1; i <= options.runs; i++) {
			Map<String, Object> baseline = baselines(i == 1 ? options.baselineRuns : 1);
			Map<String, Object> run = recommendationRun(i);
			run.put("baseline", baseline);
			runs.add(run);
		}
		results.put("runs", runs);
		writesFloor();
		report();
	}

	// --- seeding ------------------------------------------------------------------------------------

	void seed() throws Exception {
		long t0 = System.nanoTime();
		try (Connection c = connect()) {
			c.setAutoCommit(false);
			try (PreparedStatement insert = c.prepareStatement("""
					insert into workloads (tenant_id, id, key, kind, labels, latency_slo_p95_ms, interruptible, allowed_regions,
					  first_seen_at, last_sample_at, updated_at)
					values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""")) {
				Timestamp firstSeen = Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant());
				Timestamp now = Timestamp.from(Instant.now());
				for (FleetWorkload w : fleet) {
					insert.setObject(1, tenantId);
					insert.setObject(2, w.id());
					insert.setString(3, w.key());
					insert.setString(4, w.kind());
					insert.setString(5, (w.team() == null ? "{" : "{\"team\": \"" + w.team() + "\", ") + "\"model\": \"" + w.model() + "\"}");
					if (w.sloMs() == null) {
						insert.setNull(6, java.sql.Types.DOUBLE);
					}
					else {
						insert.setDouble(6, w.sloMs());
					}
					insert.setBoolean(7, w.interruptible());
					insert.setArray(8, c.createArrayOf("text", w.allowedRegions().toArray()));
					insert.setTimestamp(9, firstSeen);
					insert.setTimestamp(10, now);
					insert.setTimestamp(11, now);
					insert.addBatch();
				}
				insert.executeBatch();
			}
			long usage = copy(c, "configuration_usage", (out, w) -> usageRows(out, tenantId, w, first, options.days), fleet);
			results.put("usage_rows", usage);
			c.commit();
		}
		long samples = 0;
		if (options.samples) {
			Instant now = Instant.now();
			try (Connection c = connect()) {
				try (PreparedStatement s = c.prepareStatement("select ensure_sample_partitions(?, ?)")) {
					s.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(8))));
					s.setTimestamp(2, Timestamp.from(now.plus(Duration.ofDays(2))));
					s.execute();
				}
				c.setAutoCommit(false);
				List<FleetWorkload> fleets = fleet.stream().filter(w -> w.kind().equals("INFERENCE") && w.nodes() >= 2).toList();
				samples = copy(c, "samples", (out, w) -> sampleRows(out, tenantId, w, now, 7 * 24), fleets);
				c.commit();
				results.put("sample_workloads", fleets.size());
			}
		}
		results.put("samples", samples);
		long expected = query("select count(*) from (select distinct workload_id, day, provider, region, instance_type, purchase_option, gpu_model from configuration_usage) k",
				rs -> rs.getLong(1));
		results.put("expected_records", expected);
		try (Connection c = connect(); Statement s = c.createStatement()) {
			s.execute("vacuum (analyze) configuration_usage, workloads, samples");
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		results.put("seed_seconds", seconds);
		Map<String, Long> kinds = new TreeMap<>();
		fleet.forEach(w -> kinds.merge(w.kind() + (w.idle() ? " (idle)" : ""), 1L, Long::sum));
		results.put("kinds", kinds);
		say("seeded %,d workloads %s, %,d configuration_usage rows and %,d raw samples in %.1f s; %,d cost records expected",
				fleet.size(), kinds, (Long) results.get("usage_rows"), samples, seconds, expected);
	}

	interface RowMaker {

		void rows(List<Map<String, Object>> out, FleetWorkload w);
	}

	/** COPY of generated rows; the table's columns decide what is written (NOT NULL columns unknown here get 0 or ''). */
	long copy(Connection c, String table, RowMaker maker, List<FleetWorkload> workloads) throws Exception {
		List<Map<String, Object>> probe = new ArrayList<>();
		maker.rows(probe, workloads.get(0));
		Map<String, Object> known = probe.get(0);
		List<String> columns = new ArrayList<>();
		Map<String, String> fallback = new LinkedHashMap<>();
		try (PreparedStatement s = c.prepareStatement("""
				select column_name, data_type, is_nullable = 'YES' or column_default is not null
				from information_schema.columns where table_schema = 'public' and table_name = ? order by ordinal_position""")) {
			s.setString(1, table);
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					String name = rs.getString(1);
					if (known.containsKey(name)) {
						columns.add(name);
					}
					else if (!rs.getBoolean(3)) {
						columns.add(name);
						fallback.put(name, rs.getString(2).matches("text|character.*") ? "" : "0");
					}
				}
			}
		}
		List<String> unused = known.keySet().stream().filter(k -> !columns.contains(k)).toList();
		if (!fallback.isEmpty() || !unused.isEmpty()) {
			say("%s differs from what this benchmark knows: defaulted %s, not in the table %s", table, fallback.keySet(), unused);
		}
		var api = c.unwrap(PGConnection.class).getCopyAPI();
		String sql = "copy " + table + " (" + String.join(", ", columns) + ") from stdin";
		long rows = 0;
		StringBuilder chunk = new StringBuilder(1 << 20);
		List<Map<String, Object>> batch = new ArrayList<>();
		for (int i = 0; i < workloads.size(); i++) {
			batch.clear();
			maker.rows(batch, workloads.get(i));
			for (Map<String, Object> row : batch) {
				for (int k = 0; k < columns.size(); k++) {
					if (k > 0) {
						chunk.append('\t');
					}
					Object value = row.containsKey(columns.get(k)) ? row.get(columns.get(k)) : fallback.get(columns.get(k));
					chunk.append(value == null ? "\\N" : value instanceof Timestamp t ? t.toInstant().toString() : value);
				}
				chunk.append('\n');
			}
			rows += batch.size();
			if (chunk.length() > (1 << 22) || i == workloads.size() - 1) {
				api.copyIn(sql, new ByteArrayInputStream(chunk.toString().getBytes(StandardCharsets.UTF_8)), 1 << 16);
				chunk.setLength(0);
			}
		}
		return rows;
	}

	/** The app computes every cost record (a cost_repricing row from the first day); timed from the worker's transaction start. */
	void recompute() throws Exception {
		long requested;
		try (Connection c = connect(); PreparedStatement s = c.prepareStatement("insert into cost_repricing (tenant_id, from_day) values (?, ?)")) {
			s.setObject(1, tenantId);
			s.setObject(2, first);
			s.executeUpdate();
			requested = System.nanoTime();
		}
		long expected = (Long) results.get("expected_records");
		say("cost_repricing from %s inserted; waiting for the app's recomputation of %,d records", first, expected);
		long started = 0;
		long deadline = requested + options.timeout.toNanos();
		try (Connection c = connect()) {
			int me = c.unwrap(PGConnection.class).getBackendPID();
			while (true) {
				alive();
				if (started == 0) {
					Double age = transactionAge(c, me, "%cost_repricing%", "%configuration_usage%", "%cost_records%");
					if (age != null) {
						started = System.nanoTime() - (long) (age * 1e9);
					}
				}
				if (scalarLong(c, "select count(*) from cost_repricing") == 0) {
					break;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("the cost recomputation did not finish within " + options.timeout);
				}
				Thread.sleep(100);
			}
		}
		long done = System.nanoTime();
		long records = query("select count(*) from cost_records", rs -> rs.getLong(1));
		if (records != expected) {
			throw new IllegalStateException("cost_records holds " + records + " rows, expected " + expected);
		}
		if (started == 0) {
			started = requested;
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("records", records);
		out.put("seconds", (done - started) / 1e9);
		out.put("seconds_from_request", (done - requested) / 1e9);
		results.put("recompute", out);
		say("cost records: %,d in %.1f s (%.1f s from the request)", records, (done - started) / 1e9, (done - requested) / 1e9);
	}

	// --- the run ------------------------------------------------------------------------------------

	/**
	 * Makes every workload due (what ingestion does after its debounce) and waits for the app's
	 * scheduler to run them: one transaction claims them all, runs every recommender and stores the
	 * proposals, so the pending rows vanish at its commit. The time counts from that transaction's
	 * start (pg_stat_activity.xact_start), so the ≤ 1 s poll delay is not in it; from the insert is
	 * reported too. Meanwhile the app's backend is sampled every 50 ms (what it is doing) and the CPU
	 * time of the JVM and of that backend is read from /proc.
	 */
	Map<String, Object> recommendationRun(int number) throws Exception {
		long before = scalarLong("select count(*) from recommendations");
		Map<String, Long> sampledStates = new TreeMap<>();
		MemorySampler memory = new MemorySampler();
		memory.thread.start();
		boolean profiling = jcmd("JFR.start", "name=reco" + number, "settings=profile", "filename=" + jfrFile(number));
		long requested;
		Timestamp requestedDb;
		double jvmCpu0 = cpuSeconds(app.pid());
		try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
				insert into recommendation_pending (tenant_id, workload_id, due_at)
				select tenant_id, id, now() from workloads where tenant_id = ?""")) {
			s.setObject(1, tenantId);
			int due = s.executeUpdate();
			requested = System.nanoTime();
			try (Statement t = c.createStatement(); ResultSet rs = t.executeQuery("select clock_timestamp()")) {
				rs.next();
				requestedDb = rs.getTimestamp(1);
			}
			say("run %d: %,d workloads due; waiting for RecommendationScheduling.runDue", number, due);
		}
		long started = 0;
		int backend = 0;
		Timestamp backendXact = null;
		double backendCpu0 = 0;
		double backendCpu = 0;
		long gone = 0;
		long deadline = requested + options.timeout.toNanos();
		try (Connection c = connect()) {
			int me = c.unwrap(PGConnection.class).getBackendPID();
			while (true) {
				alive();
				if (appLogMentions("Unexpected error occurred in scheduled task")) {
					throw new IllegalStateException("a scheduled task failed; see " + options.appLog);
				}
				boolean seen = false;
				try (PreparedStatement s = c.prepareStatement("""
						select pid, xact_start, extract(epoch from clock_timestamp() - xact_start), state,
						  left(regexp_replace(query, '\\s+', ' ', 'g'), 80)
						from pg_stat_activity where datname = current_database() and pid <> ? and backend_type = 'client backend'
						  and xact_start >= ? and (pid = ? or query ~* '(recommendation|configuration_usage|cost_records|samples|workloads)')
						order by xact_start""")) {
					s.setInt(1, me);
					s.setTimestamp(2, requestedDb);
					s.setInt(3, backend);
					try (ResultSet rs = s.executeQuery()) {
						while (rs.next()) {
							if (backend == 0) {
								backend = rs.getInt(1);
								backendXact = rs.getTimestamp(2);
								started = System.nanoTime() - (long) (rs.getDouble(3) * 1e9);
								backendCpu0 = cpuSeconds(backend);
							}
							if (rs.getInt(1) == backend && rs.getTimestamp(2).equals(backendXact)) {
								seen = true;
								sampledStates.merge(label(rs.getString(4), rs.getString(5)), 1L, Long::sum);
								backendCpu = Math.max(backendCpu, cpuSeconds(backend) - backendCpu0);
							}
						}
					}
				}
				if (backend != 0 && scalarLong(c, "select count(*) from recommendation_pending") == 0) {
					break;
				}
				if (backend != 0 && !seen) {
					// The run's transaction ended but the due rows are still there: it rolled back.
					gone = gone == 0 ? System.nanoTime() : gone;
					if (System.nanoTime() - gone > 3_000_000_000L) {
						throw new IllegalStateException("the recommendation run's transaction ended without claiming the due workloads (rolled back?); see " + options.appLog);
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("the recommendation run did not finish within " + options.timeout);
				}
				Thread.sleep(50);
			}
		}
		long done = System.nanoTime();
		double jvmCpu = cpuSeconds(app.pid()) - jvmCpu0;
		Map<String, Object> profile = profiling && jcmd("JFR.stop", "name=reco" + number) ? profile(jfrFile(number))
				: Map.of("error", "JFR not available");
		memory.stop = true;
		memory.thread.join(10_000);
		// The run is one transaction: once it committed, the table no longer changes. Check it.
		Thread.sleep(1500);
		Map<String, Long> byType = new TreeMap<>();
		try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
				"select type, count(*) filter (where status = 'OPEN'), count(*) from recommendations where tenant_id = ? group by type order by type")) {
			s.setObject(1, tenantId);
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					byType.put(rs.getString(1), rs.getLong(2));
				}
			}
		}
		long open = byType.values().stream().mapToLong(Long::longValue).sum();
		long after = scalarLong("select count(*) from recommendations");
		long updated = scalarLong("select count(*) from recommendations where updated_at >= now() - interval '10 minutes' and created_at < updated_at");
		long workloadsWith = scalarLong("select count(distinct workload_id) from recommendations where status = 'OPEN'");
		Map<String, Object> out = new LinkedHashMap<>();
		double seconds = (done - started) / 1e9;
		out.put("number", number);
		out.put("seconds", seconds);
		out.put("seconds_from_request", (done - requested) / 1e9);
		out.put("workloads_per_s", fleet.size() / seconds);
		out.put("open_by_type", byType);
		out.put("open", open);
		out.put("rows_before", before);
		out.put("rows_after", after);
		out.put("updated_in_place", updated);
		out.put("workloads_with_recommendations", workloadsWith);
		out.put("jvm_cpu_seconds", jvmCpu);
		out.put("backend_cpu_seconds", backendCpu);
		out.put("backend_states", sampledStates);
		out.put("memory", memory.summary());
		out.put("profile", profile);
		say("run %d: %,d workloads in %.1f s (%.0f workloads/s; %.1f s from the request); %,d open recommendations %s; "
				+ "app JVM CPU %.1f s, its database backend CPU %.1f s; backend samples %s", number, fleet.size(), seconds,
				fleet.size() / seconds, (done - requested) / 1e9, open, byType, jvmCpu, backendCpu, sampledStates);
		say("run %d: JVM profile of the run (JFR execution samples of the scheduler thread): %s", number, profile);
		return out;
	}

	static String label(String state, String query) {
		if (!"active".equals(state)) {
			return "idle in transaction (the app's JVM is working)";
		}
		String q = query == null ? "" : query.toLowerCase(Locale.ROOT).strip();
		if (q.startsWith("insert into recommendations")) {
			return "upserting recommendations (one statement per candidate)";
		}
		if (q.startsWith("select workload_id, min(day)")) {
			return "operating points (configuration_usage)";
		}
		if (q.startsWith("select m.group_key") || q.contains("from cost_records")) {
			return "monthly costs (cost_records)";
		}
		if (q.startsWith("select workload_id, node")) {
			return "node loads (samples)";
		}
		if (q.startsWith("update recommendations")) {
			return "expiring others (update recommendations)";
		}
		if (q.startsWith("delete from recommendation_pending")) {
			return "claiming due workloads";
		}
		if (q.startsWith("select id, key, kind")) {
			return "workloads";
		}
		if (q.startsWith("commit")) {
			return "commit";
		}
		return "other: " + q.substring(0, Math.min(50, q.length()));
	}

	// --- profile of the app's JVM during a run (JDK Flight Recorder, execution samples) -----------------

	Path jfrFile(int number) {
		return options.appLog.resolveSibling("run" + number + ".jfr");
	}

	boolean jcmd(String... args) {
		try {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
			command.add(Long.toString(app.pid()));
			command.addAll(List.of(args));
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return p.waitFor() == 0 && !out.contains("Could not");
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	/**
	 * Execution samples (JVM threads on CPU) of the scheduler thread while it ran the recommendation run,
	 * grouped by the innermost io.costwise frame (where the app's own code spent the CPU, inclusive of the
	 * library code it called) and by the innermost frame of all (self time).
	 */
	Map<String, Object> profile(Path jfr) {
		Map<String, Object> out = new LinkedHashMap<>();
		try {
			Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print", "--events",
					"jdk.ExecutionSample", "--stack-depth", "64", jfr.toString()).redirectErrorStream(true).start();
			String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			p.waitFor();
			Map<String, Long> app = new TreeMap<>();
			Map<String, Long> self = new TreeMap<>();
			Map<String, Long> area = new TreeMap<>();
			long samples = 0;
			for (String event : text.split("jdk.ExecutionSample \\{")) {
				int stackAt = event.indexOf("stackTrace = [");
				if (stackAt < 0 || !event.contains("RecommendationScheduling.runDue")) {
					continue;
				}
				List<String> frames = event.substring(stackAt).lines()
					.skip(1)
					.map(String::strip)
					.takeWhile(l -> !l.startsWith("]"))
					.filter(l -> !l.equals("..."))
					.map(l -> l.replaceFirst("\\s+line:.*$", "").replaceFirst("\\(.*\\)$", ""))
					.toList();
				if (frames.isEmpty()) {
					continue;
				}
				samples++;
				self.merge(frames.get(0), 1L, Long::sum);
				frames.stream().filter(f -> f.startsWith("io.costwise.")).findFirst().ifPresent(f -> app.merge(f, 1L, Long::sum));
				area.merge(area(frames), 1L, Long::sum);
			}
			out.put("samples", samples);
			out.put("by_app_frame", top(app, 12));
			out.put("by_self_frame", top(self, 8));
			out.put("by_area", top(area, 10));
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			out.put("error", String.valueOf(ex));
		}
		return out;
	}

	/** What a sample is doing, from the outermost recognisable frame of the run. */
	static String area(List<String> frames) {
		String all = String.join("\n", frames);
		String[][] areas = {
				{ "RecommendationStore.save", "storing recommendations (RecommendationStore.save: JSON, JDBC)" },
				{ "UsageLedger.operatingPoints", "reading operating points (UsageLedger.operatingPoints)" },
				{ "Costs.report", "monthly costs (Costs.report)" },
				{ "RecommendationEngine.monthlyCosts", "monthly costs (Costs.report)" },
				{ "UsageLedger.nodeLoads", "node loads (UsageLedger.nodeLoads)" },
				{ "UsageLedger.workloads", "workloads (UsageLedger.workloads)" },
				{ "PlacementRecommender", "PlacementRecommender" },
				{ "PrecisionRecommender", "PrecisionRecommender" },
				{ "BatchSizeRecommender", "BatchSizeRecommender" },
				{ "FleetRecommender", "FleetRecommender" },
				{ "RecommendationStore.expireOthers", "expiring others (RecommendationStore.expireOthers)" },
				{ "RecommendationEngine.run", "RecommendationEngine.run itself (grouping, filtering)" } };
		for (String[] a : areas) {
			if (all.contains(a[0])) {
				return a[1];
			}
		}
		return "other (scheduling, transaction)";
	}

	static Map<String, Long> top(Map<String, Long> counts, int n) {
		Map<String, Long> out = new LinkedHashMap<>();
		counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n)
			.forEach(e -> out.put(e.getKey(), e.getValue()));
		return out;
	}

	// --- baselines: the raw reads the run depends on ----------------------------------------------------

	/**
	 * UsageLedger.operatingPoints' statement, copied from src/main/java/io/costwise/telemetry/UsageLedger.java
	 * (a text block inside the method, so not readable reflectively); checkTheSqlCopies() verifies that
	 * this text is still in the packaged class.
	 */
	static final String OPERATING_POINTS = """
			select workload_id, min(day), max(day), provider, region, instance_type, purchase_option, gpu_model,
			  batch_size, precision, sum(sample_count), sum(node_hours), sum(gpu_hours), sum(storage_gib_hours),
			  sum(net_egress_gib),
			  sum(gpu_busy) / nullif(sum(gpu_measured), 0), coalesce(sum(gpu_idle_hours) / nullif(sum(gpu_total), 0), 0),
			  max(gpu_memory_used_gib_max), max(gpu_memory_total_gib_max), sum(work_units), sum(throughput_seconds),
			  max(work_unit), sum(latency_p95_ms_sum) / nullif(sum(latency_count), 0), max(latency_p95_ms_max),
			  sum(oom_events)
			from configuration_usage where tenant_id = :tenant and day >= :from and day < :to
			group by workload_id, provider, region, instance_type, purchase_option, gpu_model, batch_size, precision
			order by workload_id""";

	/** UsageLedger.nodeLoads' statement (same caveat). */
	static final String NODE_LOADS = """
			select workload_id, node, count(*), avg(gpu_util), max(gpu_memory_used_gib), avg(throughput),
			  avg(latency_p95_ms), avg(coalesce(gpu_count, case when mig_profile is not null then 1 end)
			    * coalesce(substr(mig_profile, 1, 1)::double precision / 7, 1))
			from samples where tenant_id = :tenant and workload_id = any(:ids::uuid[]) and ts >= :from and ts < :to
			group by workload_id, node order by workload_id, node""";

	static final String WORKLOADS = "id, key, kind, labels::text, latency_slo_p95_ms, interruptible, allowed_regions, allowed_providers";

	final Map<String, Boolean> sqlCopies = new LinkedHashMap<>();

	void checkTheSqlCopies() throws Exception {
		sqlCopies.put("UsageLedger.operatingPoints", classContains("io/costwise/telemetry/UsageLedger.class", OPERATING_POINTS));
		sqlCopies.put("UsageLedger.nodeLoads", classContains("io/costwise/telemetry/UsageLedger.class", NODE_LOADS));
		sqlCopies.put("UsageLedger.workloads", classContains("io/costwise/telemetry/UsageLedger.class", WORKLOADS));
		sqlCopies.forEach((name, same) -> {
			if (!same) {
				say("WARNING: the copy of %s's SQL in this benchmark no longer matches the packaged class; the baseline may not be what the app runs", name);
			}
		});
	}

	static boolean classContains(String resource, String text) throws IOException {
		try (InputStream in = RecommendationsBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				return false;
			}
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
		}
	}

	/** Medians of the raw reads, each run in full (every row and column read) as costwise_app under row-level security. */
	Map<String, Object> baselines(int rounds) throws Exception {
		List<UUID> inference = fleet.stream().filter(w -> w.kind().equals("INFERENCE")).map(FleetWorkload::id).toList();
		Instant now = Instant.now();
		Map<String, List<Long>> times = new LinkedHashMap<>();
		Map<String, Long> rows = new LinkedHashMap<>();
		String costsPath = "/api/v1/costs?groupBy=workload&from=" + from + "&to=" + to;
		for (int round = 0; round < rounds; round++) {
			try (Connection c = connect()) {
				c.setAutoCommit(false);
				timed(times, rows, "operating points (JDBC)", () -> appQuery(c, OPERATING_POINTS,
						Map.of("tenant", tenantId, "from", from, "to", to)));
				timed(times, rows, "workloads (JDBC)", () -> appQuery(c, "select " + WORKLOADS + " from workloads where tenant_id = :tenant",
						Map.of("tenant", tenantId)));
				timed(times, rows, "node loads, 7 days of samples (JDBC)", () -> appQuery(c, NODE_LOADS, Map.of("tenant", tenantId,
						"ids", inference.toArray(new UUID[0]), "from", Timestamp.from(now.minus(Duration.ofDays(7))), "to",
						Timestamp.from(now))));
			}
			timed(times, rows, "GET " + costsPath.replaceFirst("&from.*", "") + " (HTTP, 30 days)", () -> {
				String body = get(costsPath);
				return (long) body.split("\"key\"", -1).length - 1;
			});
		}
		Map<String, Object> out = new LinkedHashMap<>();
		double total = 0;
		for (Map.Entry<String, List<Long>> e : times.entrySet()) {
			double seconds = median(e.getValue()) / 1e9;
			total += seconds;
			out.put(e.getKey(), Map.of("seconds", seconds, "rows", rows.get(e.getKey())));
		}
		out.put("total_seconds", total);
		say("baselines (median of %d): %s", rounds, out);
		return out;
	}

	interface Counted {

		long run() throws Exception;
	}

	static void timed(Map<String, List<Long>> times, Map<String, Long> rows, String name, Counted what) throws Exception {
		long t0 = System.nanoTime();
		long n = what.run();
		times.computeIfAbsent(name, k -> new ArrayList<>()).add(System.nanoTime() - t0);
		rows.put(name, n);
	}

	/** A :named statement run as the app runs it: role costwise_app, the tenant set, every row and column read. */
	long appQuery(Connection c, String named, Map<String, Object> params) throws SQLException {
		List<String> names = new ArrayList<>();
		Matcher m = Pattern.compile("(?<!:):([a-zA-Z]\\w*)").matcher(named);
		StringBuilder sql = new StringBuilder();
		while (m.find()) {
			names.add(m.group(1));
			m.appendReplacement(sql, "?");
		}
		m.appendTail(sql);
		try (PreparedStatement s = c.prepareStatement(
				"select set_config('role', 'costwise_app', true), set_config('app.tenant_id', ?, true)")) {
			s.setString(1, tenantId.toString());
			s.execute();
		}
		long n = 0;
		try (PreparedStatement s = c.prepareStatement(sql.toString())) {
			for (int i = 0; i < names.size(); i++) {
				Object v = params.get(names.get(i));
				if (v instanceof UUID[] ids) {
					s.setArray(i + 1, c.createArrayOf("uuid", ids));
				}
				else {
					s.setObject(i + 1, v);
				}
			}
			try (ResultSet rs = s.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					for (int i = 1; i <= columns; i++) {
						rs.getObject(i);
					}
					n++;
				}
			}
		}
		c.commit();
		return n;
	}

	/**
	 * The floor for the run's writes: the stored recommendations written again into a scratch copy of the
	 * table, once in one statement and once one row per statement (what the app does, one upsert per
	 * candidate), over JDBC in one transaction.
	 */
	void writesFloor() throws Exception {
		try (Connection c = connect()) {
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				s.execute("create temp table scratch (like recommendations including all)");
				long t0 = System.nanoTime();
				int n = s.executeUpdate("insert into scratch select * from recommendations where status = 'OPEN'");
				long one = System.nanoTime() - t0;
				c.commit();
				s.execute("truncate scratch");
				c.commit();
				List<Object[]> rows = new ArrayList<>();
				try (ResultSet rs = s.executeQuery("select * from recommendations where status = 'OPEN'")) {
					int columns = rs.getMetaData().getColumnCount();
					while (rs.next()) {
						Object[] row = new Object[columns];
						for (int i = 0; i < columns; i++) {
							row[i] = rs.getObject(i + 1);
						}
						rows.add(row);
					}
				}
				c.commit();
				int columns = rows.isEmpty() ? 0 : rows.get(0).length;
				String placeholders = String.join(", ", java.util.Collections.nCopies(columns, "?"));
				long t1 = System.nanoTime();
				try (PreparedStatement p = c.prepareStatement("insert into scratch values (" + placeholders + ")")) {
					for (Object[] row : rows) {
						for (int i = 0; i < columns; i++) {
							p.setObject(i + 1, row[i]);
						}
						p.executeUpdate();
					}
				}
				c.commit();
				long each = System.nanoTime() - t1;
				Map<String, Object> out = new LinkedHashMap<>();
				out.put("rows", n);
				out.put("one_statement_seconds", one / 1e9);
				out.put("row_by_row_seconds", each / 1e9);
				results.put("writes_floor", out);
				say("writes floor: %,d recommendation rows in one INSERT … SELECT %.2f s; one INSERT per row over JDBC %.2f s", n,
						one / 1e9, each / 1e9);
			}
		}
	}

	boolean appLogMentions(String text) {
		try {
			return options.appLog != null && Files.exists(options.appLog) && Files.readString(options.appLog).contains(text);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
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
				"--costwise.recommendation.poll-delay=1s",
				// A fresh installation would otherwise seed the demo organisation in the background.
				"--costwise.demo.enabled=false",
				"--management.endpoints.web.exposure.include=health,prometheus");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Path log = options.appLog != null ? options.appLog : Files.createTempFile("costwise-bench-recommendations", ".log");
		options.appLog = log;
		builder.redirectOutput(log.toFile());
		say("starting java %s -jar %s on port %d with --costwise.recommendation.poll-delay=1s (log: %s)", options.appHeap,
				options.jar, port, log);
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

	void alive() {
		if (app == null || !app.isAlive()) {
			throw new IllegalStateException("the application died; see " + options.appLog);
		}
	}

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

	/** User + system CPU seconds of a process (or a PostgreSQL backend on this host) from /proc; 0 where unreadable. */
	static double cpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ = 100)
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** Polls the app's heap (Micrometer) every ¼ s. */
	final class MemorySampler implements Runnable {

		volatile boolean stop;

		double heapPeak;

		double heapMax;

		double liveDataPeak;

		final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		final Thread thread = new Thread(this, "memory-sampler");

		MemorySampler() {
			thread.setDaemon(true);
		}

		@Override
		public void run() {
			while (!stop) {
				try {
					String text = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
							HttpResponse.BodyHandlers.ofString()).body();
					double heap = 0;
					double max = 0;
					for (String line : text.split("\n")) {
						if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
							heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
						}
						else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
							double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
							max += v > 0 ? v : 0;
						}
						else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
							liveDataPeak = Math.max(liveDataPeak, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
						}
					}
					heapPeak = Math.max(heapPeak, heap);
					heapMax = Math.max(heapMax, max);
					Thread.sleep(250);
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (IOException | RuntimeException ex) {
					// a missed poll
				}
			}
		}

		Map<String, Object> summary() {
			return Map.of("heap_used_peak_mib", heapPeak / 1048576, "heap_max_mib", heapMax / 1048576, "live_data_peak_mib",
					liveDataPeak / 1048576);
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
			try (ResultSet rs = s.executeQuery("select version(), current_setting('shared_buffers'), current_setting('work_mem'), "
					+ "current_setting('max_parallel_workers_per_gather'), current_setting('jit')")) {
				rs.next();
				results.put("postgres", rs.getString(1).replaceFirst(" on .*", "") + " (shared_buffers " + rs.getString(2)
						+ ", work_mem " + rs.getString(3) + ", max_parallel_workers_per_gather " + rs.getString(4) + ", jit "
						+ rs.getString(5) + ")");
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

	long scalarLong(String sql) throws SQLException {
		try (Connection c = connect()) {
			return scalarLong(c, sql);
		}
	}

	static long scalarLong(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/** Seconds since the oldest open transaction of another backend whose current statement matches one of the patterns. */
	static Double transactionAge(Connection c, int me, String... patterns) throws SQLException {
		StringBuilder where = new StringBuilder();
		for (int i = 0; i < patterns.length; i++) {
			where.append(i == 0 ? "" : " or ").append("query ilike ?");
		}
		try (PreparedStatement s = c.prepareStatement("select extract(epoch from clock_timestamp() - xact_start) from pg_stat_activity "
				+ "where datname = current_database() and pid <> ? and xact_start is not null and (" + where + ") order by xact_start limit 1")) {
			s.setInt(1, me);
			for (int i = 0; i < patterns.length; i++) {
				s.setString(i + 2, patterns[i]);
			}
			try (ResultSet rs = s.executeQuery()) {
				return rs.next() ? rs.getDouble(1) : null;
			}
		}
	}

	// --- report -------------------------------------------------------------------------------------

	static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	@SuppressWarnings("unchecked")
	void report() throws IOException {
		List<Map<String, Object>> runs = (List<Map<String, Object>>) results.get("runs");
		Map<String, Object> recompute = (Map<String, Object>) results.get("recompute");
		Map<String, Object> writes = (Map<String, Object>) results.get("writes_floor");
		StringBuilder md = new StringBuilder();
		md.append("<!-- recommendations:begin (written by bench/recommendations/run.sh) -->\n");
		md.append("### Recommendation run — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
		md.append("- **Machine:** ").append(machine()).append("\n");
		md.append("- **PostgreSQL:** ").append(results.get("postgres")).append(", same host\n");
		md.append("- **Command:** `bench/recommendations/run.sh").append(commandLine()).append("`\n");
		md.append(String.format(Locale.ROOT,
				"- **Data:** %,d workloads (%s) × %d days (%s … %s) → %,d `configuration_usage` rows and %,d raw samples (the last 7 days, hourly, of the %,d multi-node inference "
						+ "workloads) seeded with SQL in %.1f s; app started with `java %s -jar … --costwise.recommendation.poll-delay=1s`\n",
				fleet.size(), kinds((Map<String, Long>) results.get("kinds")), options.days, first, to.minusDays(1), (Long) results.get("usage_rows"),
				(Long) results.get("samples"), results.get("sample_workloads"), d(results.get("seed_seconds")), options.appHeap));
		md.append(String.format(Locale.ROOT,
				"- **Cost records** (needed for the monthly costs; a `cost_repricing` row picked up by the app's recomputation): %,d in **%.1f s** from the "
						+ "worker's transaction start (%.1f s from the insert)\n\n",
				(Long) recompute.get("records"), d(recompute.get("seconds")), d(recompute.get("seconds_from_request"))));
		md.append("| run | seconds | workloads/s | open recommendations by type | raw reads (baseline) | run ÷ reads | engine + writes (run − reads) | < ")
			.append(String.format(Locale.ROOT, "%.0f", options.targetSeconds))
			.append(" s |\n|---|---:|---:|---|---:|---:|---:|---|\n");
		for (Map<String, Object> run : runs) {
			Map<String, Object> baseline = (Map<String, Object>) run.get("baseline");
			double reads = d(baseline.get("total_seconds"));
			double seconds = d(run.get("seconds"));
			md.append(String.format(Locale.ROOT, "| %s | **%.1f** | %,.0f | %s (%,d on %,d workloads) | %.2f s | %.0f× | %.1f s (%.0f %%) | %s |\n",
					(Integer) run.get("number") == 1 ? "1 (inserts)"
							: String.format(Locale.ROOT, "%s (%,d updated in place)", run.get("number"), (Long) run.get("updated_in_place")),
					seconds, d(run.get("workloads_per_s")), byType((Map<String, Long>) run.get("open_by_type")), (Long) run.get("open"),
					(Long) run.get("workloads_with_recommendations"), reads, seconds / reads, seconds - reads,
					100 * (seconds - reads) / seconds, seconds < options.targetSeconds ? "met" : "**missed**"));
		}
		md.append("\n");
		Map<String, Object> firstRun = runs.get(0);
		Map<String, Object> baseline = (Map<String, Object>) firstRun.get("baseline");
		md.append("**The raw reads the run depends on** (before run 1, median of ").append(options.baselineRuns)
			.append(", each read in full as `costwise_app` under row-level security, the app's own SQL): ");
		List<String> parts = new ArrayList<>();
		baseline.forEach((k, v) -> {
			if (v instanceof Map<?, ?> m) {
				parts.add(String.format(Locale.ROOT, "%s %.2f s (%,d rows)", k, d(m.get("seconds")), ((Number) m.get("rows")).longValue()));
			}
		});
		md.append(String.join("; ", parts)).append(".\n\n");
		for (Map<String, Object> run : runs) {
			Map<String, Long> states = (Map<String, Long>) run.get("backend_states");
			long total = states.values().stream().mapToLong(Long::longValue).sum();
			Map<String, Object> mem = (Map<String, Object>) run.get("memory");
			md.append(String.format(Locale.ROOT,
					"**Where run %s's time goes**: the app's JVM used %.1f s of CPU and its database backend %.1f s (of %.1f s × 2 cores). "
							+ "The backend, sampled every 50 ms (%d samples): %s. Heap used peak %.0f MiB of %.0f MiB (old-generation live data after GC peak %.0f MiB). %.1f s from the insert of the due rows (includes the ≤ 1 s poll delay).\n\n",
					run.get("number"), d(run.get("jvm_cpu_seconds")), d(run.get("backend_cpu_seconds")), d(run.get("seconds")), total,
					String.join(", ", states.entrySet().stream()
						.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
						.map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / total))
						.toList()),
					d(mem.get("heap_used_peak_mib")), d(mem.get("heap_max_mib")), d(mem.get("live_data_peak_mib")),
					d(run.get("seconds_from_request"))));
			Map<String, Object> profile = (Map<String, Object>) run.get("profile");
			if (profile.containsKey("samples") && ((Number) profile.get("samples")).longValue() > 0) {
				long n = ((Number) profile.get("samples")).longValue();
				md.append(String.format(Locale.ROOT, "JVM profile of run %s (JDK Flight Recorder execution samples of the scheduler thread while it ran the run, %,d samples): ",
						run.get("number"), n));
				md.append("**by area** ").append(shares((Map<String, Long>) profile.get("by_area"), n));
				md.append("; **by innermost `io.costwise` frame** ").append(shares((Map<String, Long>) profile.get("by_app_frame"), n));
				md.append("; **by innermost frame** ").append(shares((Map<String, Long>) profile.get("by_self_frame"), n)).append(".\n\n");
			}
		}
		md.append(String.format(Locale.ROOT,
				"**Writes floor**: the %,d open recommendations written again into a scratch copy of the table: one `INSERT … SELECT` %.2f s; "
						+ "one `INSERT` per row over JDBC in one transaction (the app's pattern: one upsert per candidate) %.2f s.\n",
				((Number) writes.get("rows")).longValue(), d(writes.get("one_statement_seconds")), d(writes.get("row_by_row_seconds"))));
		if (sqlCopies.containsValue(false)) {
			md.append("\n**Warning:** the benchmark's copy of the app's SQL no longer matches the packaged classes ").append(sqlCopies)
				.append("; the baseline may be stale.\n");
		}
		md.append("<!-- recommendations:end -->\n");
		System.out.println();
		System.out.println(md);
		if (options.readme != null) {
			String readme = Files.readString(options.readme);
			int begin = readme.indexOf("<!-- recommendations:begin");
			int end = readme.indexOf("<!-- recommendations:end -->");
			String updated = begin >= 0 && end > begin
					? readme.substring(0, begin) + md + readme.substring(end + "<!-- recommendations:end -->\n".length())
					: readme.stripTrailing() + "\n\n" + md;
			Files.writeString(options.readme, updated);
			say("figures written into %s", options.readme);
		}
	}

	static String byType(Map<String, Long> counts) {
		return String.join(" · ", counts.entrySet().stream()
			.filter(e -> e.getValue() > 0)
			.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
			.map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
			.toList());
	}

	static String kinds(Map<String, Long> counts) {
		List<String> out = new ArrayList<>();
		for (String kind : List.of("TRAINING", "INFERENCE", "BATCH")) {
			long busy = counts.getOrDefault(kind, 0L);
			long idle = counts.getOrDefault(kind + " (idle)", 0L);
			out.add(String.format(Locale.ROOT, "%,d %s, %,d of them idle", busy + idle, kind.toLowerCase(Locale.ROOT), idle));
		}
		return String.join("; ", out);
	}

	static String shares(Map<String, Long> counts, long total) {
		return String.join(", ", counts.entrySet().stream()
			.map(e -> String.format(Locale.ROOT, "`%s` %.0f %%", e.getKey(), 100.0 * e.getValue() / total))
			.toList());
	}

	private static String commandLine() {
		String args = System.getProperty("bench.command", "").strip();
		return args.isEmpty() ? "" : " " + args;
	}

	private static String machine() {
		String cpu = "?";
		String memory = "?";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
				.map(l -> l.replaceFirst("model name\\s*:\\s*", "")).orElse("?");
			memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
				.map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)).orElse("?");
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
