import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.postgresql.PGConnection;
import org.springframework.data.jpa.repository.support.SimpleJpaRepository;

/**
 * Telemetry ingestion benchmark (bench/README.md): N realistic samples through the real
 * {@code POST /api/v1/telemetry/samples} of the packaged jar into real PostgreSQL, next to two
 * baselines measured in the same run on the same table: raw {@code COPY} of the same rows (the
 * ceiling) and Spring Data JPA {@code saveAll} (what a naive implementation does).
 *
 * <p>Run through {@code bench/ingest/run.sh}, which builds the class path from the packaged jar.
 */
public final class IngestBenchmark {

	// ------------------------------------------------------------------------------------------------
	// Options

	static final class Options {

		Path jar;

		String pgHost = "127.0.0.1";

		int pgPort = 5432;

		String pgUser = "postgres";

		String pgPassword = "";

		String database = "costwise_bench_ingest";

		int samples = 1_000_000;

		int batch = 10_000;

		int senders = 2;

		String format = "json";

		boolean idempotencyKeys = true;

		int warmupSamples = 50_000;

		/** Rows for JPA saveAll; by default all of them (--saveall-rows=100000 for a quicker run). */
		int saveAllRows = -1;

		int diagnosticBatches = 8;

		String appHeap = "-Xmx512m";

		Path readme;

		Path results;

		Path appLog;

		Path pidFile;

		boolean keepDatabase;

		List<String> sweepFormats = List.of("json", "csv");

		List<Integer> sweepSenders = List.of(1, 2, 4);

		int sweepSamples = 200_000;

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
					case "batch" -> o.batch = Integer.parseInt(v);
					case "senders" -> o.senders = Integer.parseInt(v);
					case "format" -> o.format = v;
					case "idempotency-keys" -> o.idempotencyKeys = Boolean.parseBoolean(v);
					case "warmup" -> o.warmupSamples = Integer.parseInt(v);
					case "saveall-rows" -> o.saveAllRows = Integer.parseInt(v);
					case "diagnostic-batches" -> o.diagnosticBatches = Integer.parseInt(v);
					case "app-heap" -> o.appHeap = v;
					case "readme" -> o.readme = v.isEmpty() ? null : Path.of(v);
					case "results" -> o.results = v.isEmpty() ? null : Path.of(v);
					case "app-log" -> o.appLog = Path.of(v);
					case "pid-file" -> o.pidFile = Path.of(v);
					case "keep-database" -> o.keepDatabase = Boolean.parseBoolean(v);
					case "sweep-formats" -> o.sweepFormats = v.isEmpty() ? List.of() : List.of(v.split(","));
					case "sweep-senders" -> o.sweepSenders = v.isEmpty() ? List.of()
							: java.util.Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
					case "sweep-samples" -> o.sweepSamples = Integer.parseInt(v);
					default -> throw new IllegalArgumentException("unknown option " + arg);
				}
			}
			if (o.jar == null) {
				throw new IllegalArgumentException("--jar=target/costwise-….jar is required");
			}
			if (o.saveAllRows < 0) {
				o.saveAllRows = o.samples;
			}
			if (o.samples % o.batch != 0 || o.saveAllRows % o.batch != 0) {
				throw new IllegalArgumentException("--samples must be a multiple of --batch");
			}
			return o;
		}

		String url(String db) {
			return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
		}
	}

	// ------------------------------------------------------------------------------------------------
	// Realistic samples, generated deterministically from their index so that every phase stores
	// exactly the same rows.

	static final List<String> WIRE_NAMES = List.of("workload", "timestamp", "windowSeconds", "node", "provider",
			"region", "instanceType", "purchaseOption", "gpuModel", "gpuCount", "migProfile", "vcpus", "memoryGiB",
			"cpuUtil", "memoryUsedGiB", "gpuUtil", "gpuMemoryUsedGiB", "gpuMemoryTotalGiB", "netEgressGiB",
			"storageGiB", "batchSize", "precision", "throughput", "workUnit", "latencyP95Ms", "oomEvents");

	/** One sample in wire-format order (see WIRE_NAMES); null is absent. */
	record Row(String workload, Instant timestamp, double windowSeconds, String node, String provider, String region,
			String instanceType, String purchaseOption, String gpuModel, Double gpuCount, String migProfile,
			Double vcpus, Double memoryGiB, Double cpuUtil, Double memoryUsedGiB, Double gpuUtil,
			Double gpuMemoryUsedGiB, Double gpuMemoryTotalGiB, Double netEgressGiB, Double storageGiB,
			Integer batchSize, String precision, Double throughput, String workUnit, Double latencyP95Ms,
			Integer oomEvents) {

		Object[] values() {
			return new Object[] { workload, timestamp, windowSeconds, node, provider, region, instanceType,
					purchaseOption, gpuModel, gpuCount, migProfile, vcpus, memoryGiB, cpuUtil, memoryUsedGiB, gpuUtil,
					gpuMemoryUsedGiB, gpuMemoryTotalGiB, netEgressGiB, storageGiB, batchSize, precision, throughput,
					workUnit, latencyP95Ms, oomEvents };
		}
	}

	/** A machine type a workload runs on. */
	record Machine(String provider, String instanceType, String gpuModel, double gpuCount, double vcpus,
			double memoryGiB, double gpuMemoryGiBEach, String migProfile) {
	}

	/** One (workload, node) time series. */
	record Series(String workload, String kind, String node, String region, String purchaseOption, Machine machine,
			String precision, int batchSize, String workUnit, double baseUtil, double throughputAtFull,
			double latencyBase, double storageGiB, long seed) {
	}

	static final class Fleet {

		static final int WORKLOADS = 200;

		static final Machine[] TRAINING = {
				new Machine("aws", "p5.48xlarge", "H100", 8, 192, 2048, 80, null),
				new Machine("aws", "p4d.24xlarge", "A100", 8, 96, 1152, 40, null),
				new Machine("gcp", "a3-highgpu-8g", "H100", 8, 208, 1872, 80, null),
				new Machine("gcp", "a2-ultragpu-8g", "A100", 8, 96, 1360, 80, null),
				new Machine("azure", "Standard_ND96asr_v4", "A100", 8, 96, 900, 40, null) };

		static final Machine[] INFERENCE = {
				new Machine("aws", "g6.xlarge", "L4", 1, 4, 16, 24, null),
				new Machine("gcp", "g2-standard-8", "L4", 1, 8, 32, 24, null),
				new Machine("aws", "g4dn.xlarge", "T4", 1, 4, 16, 16, null),
				new Machine("azure", "Standard_NC4as_T4_v3", "T4", 1, 4, 28, 16, null),
				new Machine("gcp", "a2-highgpu-1g", "A100", 1, 12, 85, 20, "3g.20gb"),
				new Machine("aws", "p5.48xlarge", "H100", 8, 192, 2048, 80, null) };

		static final Machine[] BATCH = {
				new Machine("aws", "g4dn.2xlarge", "T4", 1, 8, 32, 16, null),
				new Machine("aws", "g6.4xlarge", "L4", 1, 16, 64, 24, null),
				new Machine("gcp", "n1-standard-8", "T4", 1, 8, 30, 16, null) };

		static final Map<String, String[]> REGIONS = Map.of("aws",
				new String[] { "us-east-1", "us-west-2", "eu-west-1" }, "gcp",
				new String[] { "us-central1", "europe-west4" }, "azure", new String[] { "eastus", "westeurope" });

		final List<Series> series = new ArrayList<>();

		final List<String> workloadKeys = new ArrayList<>();

		/** The newest window end; samples go back in time from here, one minute per step. */
		final Instant end;

		Fleet(Instant end) {
			this.end = end;
			SplittableRandom random = new SplittableRandom(20261123L);
			String[] models = { "llama-3-70b", "mixtral-8x7b", "bert-large", "whisper", "sdxl", "resnet50",
					"qwen2-7b", "t5-xl", "gemma-9b", "vit-h14" };
			for (int w = 0; w < WORKLOADS; w++) {
				String kind = switch (w % 5) {
					case 0, 1 -> "TRAINING";
					case 2, 3 -> "INFERENCE";
					default -> "BATCH";
				};
				String model = models[random.nextInt(models.length)];
				String key = switch (kind) {
					case "TRAINING" -> "train-" + model + "-run-" + (100 + w);
					case "INFERENCE" -> "serve-" + model + "-" + (w % 3 == 0 ? "prod" : "staging") + "-" + w;
					default -> "batch-embed-" + model + "-" + w;
				};
				workloadKeys.add(key);
				Machine[] pool = switch (kind) {
					case "TRAINING" -> TRAINING;
					case "INFERENCE" -> INFERENCE;
					default -> BATCH;
				};
				Machine machine = pool[random.nextInt(pool.length)];
				String[] regions = REGIONS.get(machine.provider());
				String region = regions[random.nextInt(regions.length)];
				int nodes = switch (kind) {
					case "TRAINING" -> new int[] { 2, 4, 8 }[random.nextInt(3)];
					case "INFERENCE" -> 1 + random.nextInt(4);
					default -> 1 + random.nextInt(2);
				};
				String purchase = switch (kind) {
					case "TRAINING" -> random.nextInt(3) == 0 ? "RESERVED" : "ON_DEMAND";
					case "INFERENCE" -> random.nextInt(4) == 0 ? "RESERVED" : "ON_DEMAND";
					default -> "SPOT";
				};
				String precision = switch (kind) {
					case "TRAINING" -> machine.gpuModel().equals("H100") && random.nextBoolean() ? "FP8"
							: random.nextInt(4) == 0 ? "FP16" : "BF16";
					case "INFERENCE" -> random.nextBoolean() ? "INT8" : "FP16";
					default -> random.nextBoolean() ? "FP32" : "FP16";
				};
				int batchSize = switch (kind) {
					case "TRAINING" -> 256 << random.nextInt(4);
					case "INFERENCE" -> 1 << random.nextInt(6);
					default -> 64 << random.nextInt(3);
				};
				String workUnit = switch (kind) {
					case "TRAINING" -> "tokens";
					case "INFERENCE" -> "requests";
					default -> "images";
				};
				double baseUtil = switch (kind) {
					case "TRAINING" -> 0.55 + random.nextDouble() * 0.4;
					case "INFERENCE" -> 0.08 + random.nextDouble() * 0.5;
					default -> 0.3 + random.nextDouble() * 0.6;
				};
				double throughputAtFull = switch (kind) {
					case "TRAINING" -> machine.gpuCount() * (2_000 + random.nextDouble() * 8_000);
					case "INFERENCE" -> 20 + random.nextDouble() * 400;
					default -> 50 + random.nextDouble() * 500;
				};
				double latencyBase = kind.equals("INFERENCE") ? 15 + random.nextDouble() * 300 : 0;
				double storage = kind.equals("TRAINING") ? 500 + random.nextInt(4000) : 50 + random.nextInt(300);
				for (int n = 0; n < nodes; n++) {
					series.add(new Series(key, kind, nodeName(machine.provider(), w, n, random), region, purchase,
							machine, precision, batchSize, workUnit, baseUtil, throughputAtFull, latencyBase, storage,
							random.nextLong()));
				}
			}
		}

		private static String nodeName(String provider, int w, int n, SplittableRandom random) {
			return switch (provider) {
				case "aws" -> "ip-10-" + (w % 4) + "-" + random.nextInt(256) + "-" + random.nextInt(256)
						+ ".ec2.internal";
				case "gcp" -> "gke-prod-gpu-pool-" + Integer.toHexString(0x1000000 + random.nextInt(0xefffff)) + "-"
						+ (char) ('a' + n % 26) + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26))
						+ (char) ('a' + random.nextInt(26));
				default -> "aks-gpu" + (w % 3) + "-" + (30_000_000 + random.nextInt(9_000_000)) + "-vmss"
						+ String.format("%06d", n);
			};
		}

		/** Sample number i: minute i / series going back from the end, series i % series. */
		Row row(long i) {
			int s = (int) (i % series.size());
			long minute = i / series.size();
			Series x = series.get(s);
			SplittableRandom r = new SplittableRandom(x.seed() ^ (minute * 0x9E3779B97F4A7C15L));
			Instant ts = end.minus(minute, ChronoUnit.MINUTES);
			double hourOfDay = ts.atZone(ZoneOffset.UTC).getHour() + ts.atZone(ZoneOffset.UTC).getMinute() / 60.0;
			double diurnal = x.kind().equals("INFERENCE") ? 0.25 * Math.sin((hourOfDay - 9) / 24 * 2 * Math.PI) : 0;
			double gpuUtil = clamp(x.baseUtil() + diurnal + r.nextGaussian() * 0.06, 0, 1);
			Machine m = x.machine();
			double cpuUtil = clamp(0.1 + gpuUtil * 0.5 + r.nextGaussian() * 0.05, 0, 1);
			double memoryUsed = m.memoryGiB() * clamp(0.3 + gpuUtil * 0.5 + r.nextGaussian() * 0.03, 0.05, 1);
			double gpuMemTotal = m.gpuMemoryGiBEach() * m.gpuCount();
			double gpuMemUsed = gpuMemTotal * clamp(x.kind().equals("TRAINING") ? 0.85 + r.nextGaussian() * 0.05
					: 0.35 + gpuUtil * 0.4 + r.nextGaussian() * 0.05, 0.01, 1);
			double egress = x.kind().equals("INFERENCE") ? gpuUtil * 0.05 + r.nextDouble() * 0.01
					: r.nextDouble() * 0.002;
			double throughput = x.throughputAtFull() * gpuUtil * (0.9 + r.nextDouble() * 0.2);
			Double latency = x.kind().equals("INFERENCE")
					? round(x.latencyBase() * (1 + gpuUtil * 0.8) * (0.9 + r.nextDouble() * 0.3), 1) : null;
			int oom = r.nextInt(5_000) == 0 ? 1 : 0;
			return new Row(x.workload(), ts, 60, x.node(), m.provider(), x.region(), m.instanceType(),
					x.purchaseOption(), m.gpuModel(), m.gpuCount(), m.migProfile(), m.vcpus(), m.memoryGiB(),
					round(cpuUtil, 3), round(memoryUsed, 2), round(gpuUtil, 3), round(gpuMemUsed, 2), gpuMemTotal,
					round(egress, 5), x.storageGiB(), x.batchSize(), x.precision(), round(throughput, 1),
					x.workUnit(), latency, oom);
		}

		private static double clamp(double v, double min, double max) {
			return Math.max(min, Math.min(max, v));
		}

		private static double round(double v, int digits) {
			double f = Math.pow(10, digits);
			return Math.round(v * f) / f;
		}
	}

	// ------------------------------------------------------------------------------------------------
	// Encodings of a batch

	static byte[] json(Fleet fleet, long from, int n) {
		StringBuilder b = new StringBuilder(n * 760);
		b.append('[');
		for (long i = from; i < from + n; i++) {
			if (i > from) {
				b.append(",\n");
			}
			b.append('{');
			Object[] values = fleet.row(i).values();
			boolean first = true;
			for (int f = 0; f < values.length; f++) {
				Object v = values[f];
				if (v == null) {
					continue;
				}
				if (!first) {
					b.append(',');
				}
				first = false;
				b.append('"').append(WIRE_NAMES.get(f)).append("\":");
				if (v instanceof Number) {
					b.append(v);
				}
				else {
					b.append('"').append(v).append('"'); // generated text never needs escaping
				}
			}
			b.append('}');
		}
		b.append(']');
		return b.toString().getBytes(StandardCharsets.UTF_8);
	}

	static byte[] csv(Fleet fleet, long from, int n) {
		StringBuilder b = new StringBuilder(n * 400);
		b.append(String.join(",", WIRE_NAMES)).append('\n');
		for (long i = from; i < from + n; i++) {
			Object[] values = fleet.row(i).values();
			for (int f = 0; f < values.length; f++) {
				if (f > 0) {
					b.append(',');
				}
				if (values[f] != null) {
					b.append(values[f]);
				}
			}
			b.append('\n');
		}
		return b.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** The rows as the app's SampleWriter sends them: COPY text, in SampleWriter.COLUMNS order. */
	static byte[] copyText(Fleet fleet, long from, int n, UUID tenantId, UUID batchId, Map<String, UUID> workloadIds) {
		StringBuilder b = new StringBuilder(n * 420);
		for (long i = from; i < from + n; i++) {
			Row r = fleet.row(i);
			Object[] values = { tenantId, workloadIds.get(r.workload()), r.node(), r.timestamp(), r.windowSeconds(),
					batchId, r.provider(), r.region(), r.instanceType(), r.purchaseOption(), r.gpuModel(), r.gpuCount(),
					r.migProfile(), r.vcpus(), r.memoryGiB(), r.cpuUtil(), r.memoryUsedGiB(), r.gpuUtil(),
					r.gpuMemoryUsedGiB(), r.gpuMemoryTotalGiB(), r.netEgressGiB(), r.storageGiB(), r.batchSize(),
					r.precision(), r.throughput(), r.workUnit(), r.latencyP95Ms(), r.oomEvents() };
			for (int f = 0; f < values.length; f++) {
				if (f > 0) {
					b.append('\t');
				}
				b.append(values[f] == null ? "\\N" : values[f]);
			}
			b.append('\n');
		}
		return b.toString().getBytes(StandardCharsets.UTF_8);
	}

	static final String COPY_COLUMNS = "tenant_id, workload_id, node, ts, window_seconds, batch_id, provider, region, "
			+ "instance_type, purchase_option, gpu_model, gpu_count, mig_profile, vcpus, memory_gib, cpu_util, "
			+ "memory_used_gib, gpu_util, gpu_memory_used_gib, gpu_memory_total_gib, net_egress_gib, storage_gib, "
			+ "batch_size, precision, throughput, work_unit, latency_p95_ms, oom_events";

	// ------------------------------------------------------------------------------------------------
	// JPA: the naive implementation, an entity on the same table and Spring Data's saveAll.

	@Entity
	@Table(name = "samples")
	@IdClass(SampleKey.class)
	public static class SampleRow {

		@Id
		@Column(name = "tenant_id")
		public UUID tenantId;

		@Id
		@Column(name = "workload_id")
		public UUID workloadId;

		@Id
		@Column(name = "node")
		public String node;

		@Id
		@Column(name = "ts")
		public Instant ts;

		@Column(name = "window_seconds")
		public double windowSeconds;

		@Column(name = "batch_id")
		public UUID batchId;

		@Column(name = "provider")
		public String provider;

		@Column(name = "region")
		public String region;

		@Column(name = "instance_type")
		public String instanceType;

		@Column(name = "purchase_option")
		public String purchaseOption;

		@Column(name = "gpu_model")
		public String gpuModel;

		@Column(name = "gpu_count")
		public Double gpuCount;

		@Column(name = "mig_profile")
		public String migProfile;

		@Column(name = "vcpus")
		public Double vcpus;

		@Column(name = "memory_gib")
		public Double memoryGiB;

		@Column(name = "cpu_util")
		public Double cpuUtil;

		@Column(name = "memory_used_gib")
		public Double memoryUsedGiB;

		@Column(name = "gpu_util")
		public Double gpuUtil;

		@Column(name = "gpu_memory_used_gib")
		public Double gpuMemoryUsedGiB;

		@Column(name = "gpu_memory_total_gib")
		public Double gpuMemoryTotalGiB;

		@Column(name = "net_egress_gib")
		public Double netEgressGiB;

		@Column(name = "storage_gib")
		public Double storageGiB;

		@Column(name = "batch_size")
		public Integer batchSize;

		@Column(name = "precision")
		public String precision;

		@Column(name = "throughput")
		public Double throughput;

		@Column(name = "work_unit")
		public String workUnit;

		@Column(name = "latency_p95_ms")
		public Double latencyP95Ms;

		@Column(name = "oom_events")
		public Integer oomEvents;

		public SampleRow() {
		}

		static SampleRow of(UUID tenantId, UUID workloadId, UUID batchId, Row r) {
			SampleRow e = new SampleRow();
			e.tenantId = tenantId;
			e.workloadId = workloadId;
			e.node = r.node();
			e.ts = r.timestamp();
			e.windowSeconds = r.windowSeconds();
			e.batchId = batchId;
			e.provider = r.provider();
			e.region = r.region();
			e.instanceType = r.instanceType();
			e.purchaseOption = r.purchaseOption();
			e.gpuModel = r.gpuModel();
			e.gpuCount = r.gpuCount();
			e.migProfile = r.migProfile();
			e.vcpus = r.vcpus();
			e.memoryGiB = r.memoryGiB();
			e.cpuUtil = r.cpuUtil();
			e.memoryUsedGiB = r.memoryUsedGiB();
			e.gpuUtil = r.gpuUtil();
			e.gpuMemoryUsedGiB = r.gpuMemoryUsedGiB();
			e.gpuMemoryTotalGiB = r.gpuMemoryTotalGiB();
			e.netEgressGiB = r.netEgressGiB();
			e.storageGiB = r.storageGiB();
			e.batchSize = r.batchSize();
			e.precision = r.precision();
			e.throughput = r.throughput();
			e.workUnit = r.workUnit();
			e.latencyP95Ms = r.latencyP95Ms();
			e.oomEvents = r.oomEvents();
			return e;
		}
	}

	public static class SampleKey implements Serializable {

		public UUID tenantId;

		public UUID workloadId;

		public String node;

		public Instant ts;

		public SampleKey() {
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof SampleKey k && Objects.equals(tenantId, k.tenantId)
					&& Objects.equals(workloadId, k.workloadId) && Objects.equals(node, k.node)
					&& Objects.equals(ts, k.ts);
		}

		@Override
		public int hashCode() {
			return Objects.hash(tenantId, workloadId, node, ts);
		}
	}

	// ------------------------------------------------------------------------------------------------
	// The run

	private final Options options;

	private final Fleet fleet;

	private final Map<String, Object> results = new LinkedHashMap<>();

	private final StringBuilder log = new StringBuilder();

	private Process app;

	private int port;

	private String apiKey;

	private UUID tenantId;

	private Map<String, UUID> workloadIds;

	/** Sample indices: the measured rows first, then rows used only for warm-up and diagnostics. */
	private long nextSpareIndex;

	IngestBenchmark(Options options) {
		this.options = options;
		this.fleet = new Fleet(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES));
		this.nextSpareIndex = options.samples;
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		IngestBenchmark bench = new IngestBenchmark(options);
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
		say("Costwise ingestion benchmark: %,d samples in batches of %,d, %d sender(s), %s; %d series over %d workloads",
				options.samples, options.batch, options.senders, options.format, fleet.series.size(),
				Fleet.WORKLOADS);
		createDatabase();
		startApp();
		tenantId = query("select tenant_id from api_keys limit 1", rs -> rs.getObject(1, UUID.class));

		// Warm-up: the same workloads, older windows; then an empty samples table again. The memory poll
		// of the measured phase runs here and during the sweep too (its results unused), so that the
		// app's /actuator/prometheus code is loaded and compiled before the measured phase.
		MemorySampler warmPoll = new MemorySampler(options.warmupSamples);
		warmPoll.thread.start();
		say("warm-up: %,d samples through HTTP", options.warmupSamples);
		long warm = spare(options.warmupSamples);
		sendHttp(warm, options.warmupSamples, options.senders, null);
		workloadIds = workloadIds();
		resetTable();

		if (!options.sweepFormats.isEmpty() && !options.sweepSenders.isEmpty()) {
			results.put("sweep", sweep());
		}
		warmPoll.stop = true;
		warmPoll.thread.join();

		Map<String, Object> http = measureHttp();
		results.put("http", http);
		verify(options.samples, "HTTP");
		results.put("rollups", Map.of("rows", query("select count(*) from usage_rollups", rs -> rs.getLong(1))));

		results.put("split", serverSideSplit());
		stopApp();

		resetTable();
		results.put("copy_2", measureCopy(options.senders));
		verify(options.samples, "COPY");
		resetTable();
		results.put("copy_1", measureCopy(1));
		verify(options.samples, "COPY");

		resetTable();
		results.put("saveall", measureSaveAll());
		verify(options.saveAllRows, "saveAll");

		report();
	}

	// --- the application ------------------------------------------------------------------------

	void startApp() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		apiKey = "cw_bench_" + UUID.randomUUID().toString().replace("-", "");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, options.appHeap, "-jar", options.jar.toString(),
				"--server.port=" + port, "--spring.datasource.url=" + options.url(options.database),
				"--spring.datasource.username=" + options.pgUser, "--spring.datasource.password=" + options.pgPassword,
				"--costwise.bootstrap.email=bench@costwise.local",
				"--costwise.bootstrap.password=benchmark passphrase 1234",
				"--costwise.bootstrap.organisation=Benchmark", "--costwise.bootstrap.api-key=" + apiKey,
				"--costwise.telemetry.ingest-rate-per-second=1000000000",
				"--costwise.telemetry.ingest-burst=1000000000",
				// A fresh installation would otherwise seed the demo organisation in the background.
				"--costwise.demo.enabled=false",
				"--management.endpoints.web.exposure.include=health,prometheus");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Path log = options.appLog != null ? options.appLog : Files.createTempFile("costwise-bench-app", ".log");
		builder.redirectOutput(log.toFile());
		say("starting %s %s -jar %s on port %d (log: %s)", "java", options.appHeap, options.jar, port, log);
		app = builder.start();
		if (options.pidFile != null) {
			Files.writeString(options.pidFile, Long.toString(app.pid()));
		}
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (true) {
			if (!app.isAlive()) {
				throw new IllegalStateException("the application exited during start-up; see " + log);
			}
			try {
				HttpResponse<String> ready = client.send(
						HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (ready.statusCode() == 200) {
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

	void stopApp() {
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

	// --- HTTP -----------------------------------------------------------------------------------

	Map<String, Object> measureHttp() throws Exception {
		say("HTTP: encoding %,d samples as %s (not timed)", options.samples, options.format);
		MemorySampler memory = new MemorySampler(options.samples);
		checkpoint();
		Map<String, Object> timing = sendHttp(0, options.samples, options.senders, memory); // starts the sampler
		memory.stop = true;
		memory.thread.join();
		memory.sample(); // after the last batch
		Map<String, Object> out = new LinkedHashMap<>(timing);
		out.put("memory", memory.summary());
		return out;
	}

	/** Sends [from, from+n) in batches; returns samples/s and latencies. */
	Map<String, Object> sendHttp(long from, int n, int senders, MemorySampler memory) throws Exception {
		return sendHttp(from, n, senders, options.format, memory);
	}

	Map<String, Object> sendHttp(long from, int n, int senders, String format, MemorySampler memory)
			throws Exception {
		int batches = n / options.batch;
		byte[][] bodies = new byte[batches][];
		boolean csv = format.equals("csv");
		for (int b = 0; b < batches; b++) {
			long start = from + (long) b * options.batch;
			bodies[b] = csv ? csv(fleet, start, options.batch) : json(fleet, start, options.batch);
		}
		long bytes = 0;
		for (byte[] body : bodies) {
			bytes += body.length;
		}
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		AtomicInteger next = new AtomicInteger();
		AtomicLong acknowledged = new AtomicLong();
		java.util.concurrent.atomic.AtomicLongArray tenthDoneAt = new java.util.concurrent.atomic.AtomicLongArray(10);
		if (memory != null) {
			memory.thread.start();
		}
		AtomicLong stored = new AtomicLong();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		String runId = UUID.randomUUID().toString();
		Pattern storedField = Pattern.compile("\"stored\"\\s*:\\s*(\\d+)");
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		long t0 = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int s = 0; s < senders; s++) {
			futures.add(pool.submit(() -> {
				for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
					HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/telemetry/samples"))
						.header("Authorization", "Bearer " + apiKey)
						.header("Content-Type", csv ? "text/csv" : "application/json")
						.POST(HttpRequest.BodyPublishers.ofByteArray(bodies[b]));
					if (options.idempotencyKeys) {
						request.header("Idempotency-Key", runId + "-" + from + "-" + b);
					}
					long r0 = System.nanoTime();
					HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
					latencies.add(System.nanoTime() - r0);
					if (response.statusCode() != 202) {
						throw new IllegalStateException("batch " + b + ": HTTP " + response.statusCode() + " "
								+ response.body().substring(0, Math.min(500, response.body().length())));
					}
					Matcher m = storedField.matcher(response.body());
					if (!m.find()) {
						throw new IllegalStateException("no receipt: " + response.body());
					}
					stored.addAndGet(Long.parseLong(m.group(1)));
					long before = acknowledged.getAndAdd(options.batch);
					long after = before + options.batch;
					for (int t = (int) (before * 10 / n); t < 10 && (t + 1) * (long) n / 10 <= after; t++) {
						tenthDoneAt.compareAndSet(t, 0, System.nanoTime());
					}
					if (memory != null) {
						memory.progress.addAndGet(options.batch);
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
		if (stored.get() != n) {
			throw new IllegalStateException("stored " + stored.get() + " of " + n);
		}
		List<Long> sorted = latencies.stream().sorted().toList();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("rows", n);
		out.put("seconds", seconds);
		out.put("rows_per_s", n / seconds);
		out.put("body_mib", bytes / 1048576.0);
		out.put("batch_ms_median", sorted.get(sorted.size() / 2) / 1e6);
		out.put("batch_ms_p95", sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.95)) / 1e6);
		out.put("batch_ms_mean", sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6);
		List<Long> perTenth = new ArrayList<>();
		long previous = t0;
		for (int t = 0; t < 10; t++) {
			long at = tenthDoneAt.get(t);
			perTenth.add(at == 0 || at == previous ? 0 : Math.round(n / 10.0 / ((at - previous) / 1e9)));
			previous = at == 0 ? previous : at;
		}
		out.put("rows_per_s_by_tenth", perTenth);
		if (memory != null) {
			say("HTTP: %,d samples in %.1f s = %,.0f samples/s (batch median %.0f ms)", n, seconds, n / seconds,
					out.get("batch_ms_median"));
		}
		return out;
	}

	/** HTTP samples/s by format and number of concurrent senders, each on an empty table. */
	List<Map<String, Object>> sweep() throws Exception {
		List<Map<String, Object>> out = new ArrayList<>();
		for (String format : options.sweepFormats) {
			for (int senders : options.sweepSenders) {
				resetTable();
				checkpoint();
				Map<String, Object> r = new LinkedHashMap<>(sendHttp(0, options.sweepSamples, senders, format, null));
				r.put("format", format);
				r.put("senders", senders);
				say("sweep: %s, %d sender(s): %,.0f samples/s (batch median %.0f ms)", format, senders,
						d(r.get("rows_per_s")), d(r.get("batch_ms_median")));
				out.add(r);
			}
		}
		resetTable();
		return out;
	}

	/** Polls the app's heap (Micrometer) and resident set size (/proc) while it ingests. */
	final class MemorySampler implements Runnable {

		final AtomicLong progress = new AtomicLong();

		final int total;

		volatile boolean stop;

		final double[] heapPeakByTenth = new double[10];

		final double[] rssPeakByTenth = new double[10];

		double heapPeak;

		double heapCommittedPeak;

		double rssPeak;

		double liveDataPeak;

		double heapMax;

		double gcPauseSeconds;

		double gcPauses;

		int polls;

		final HttpClient client = HttpClient.newHttpClient();

		final Thread thread = new Thread(this, "memory-sampler");

		MemorySampler(int total) {
			this.total = total;
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
				String text = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString()).body();
				double heap = 0;
				double committed = 0;
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
					else if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"")) {
						committed += value;
					}
					else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"") && value > 0) {
						max += value;
					}
					else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
						liveDataPeak = Math.max(liveDataPeak, value);
					}
					else if (line.startsWith("jvm_gc_pause_seconds_sum")) {
						gcPauseSeconds = Math.max(gcPauseSeconds, value); // cumulative; keep the latest sum
					}
					else if (line.startsWith("jvm_gc_pause_seconds_count")) {
						gcPauses = Math.max(gcPauses, value);
					}
				}
				double rss = rssBytes();
				int tenth = (int) Math.min(9, progress.get() * 10 / total);
				heapPeakByTenth[tenth] = Math.max(heapPeakByTenth[tenth], heap);
				rssPeakByTenth[tenth] = Math.max(rssPeakByTenth[tenth], rss);
				heapPeak = Math.max(heapPeak, heap);
				heapCommittedPeak = Math.max(heapCommittedPeak, committed);
				heapMax = Math.max(heapMax, max);
				rssPeak = Math.max(rssPeak, rss);
				polls++;
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				// a missed poll
			}
		}

		double rssBytes() {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/" + app.pid() + "/status"))) {
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
			out.put("heap_committed_peak_mib", heapCommittedPeak / 1048576);
			out.put("gc_live_data_peak_mib", liveDataPeak / 1048576);
			out.put("rss_peak_mib", rssPeak / 1048576);
			out.put("gc_pauses", gcPauses);
			out.put("gc_pause_seconds", gcPauseSeconds);
			List<Long> heapTenths = new ArrayList<>();
			List<Long> rssTenths = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				heapTenths.add(Math.round(heapPeakByTenth[i] / 1048576));
				rssTenths.add(Math.round(rssPeakByTenth[i] / 1048576));
			}
			out.put("heap_peak_mib_by_tenth", heapTenths);
			out.put("rss_peak_mib_by_tenth", rssTenths);
			return out;
		}
	}

	// --- where a batch's time goes on the server ---------------------------------------------------

	/**
	 * Sequential batches (one at a time, no contention between senders): an HTTP request end to end;
	 * the app's own parser (SampleBatch.parse, called reflectively from the packaged classes) on the
	 * same bodies; the fast path new data takes (fastPathSplit); and the staging path that batches
	 * repeating stored samples take, the app's own SQL (SampleWriter's statement, read reflectively)
	 * run by hand as costwise_app with the tenant set: COPY into the staging table, then the move with
	 * rollups, and, on other fresh rows, the move without rollups.
	 */
	Map<String, Object> serverSideSplit() throws Exception {
		int k = options.diagnosticBatches;
		say("split: %d sequential batches per step", k);
		Map<String, Object> out = new LinkedHashMap<>();

		long httpFrom = spare(k * options.batch);
		sendHttp(spare(options.batch), options.batch, 1, null); // one more warm request
		Map<String, Object> http = sendHttp(httpFrom, k * options.batch, 1, null);
		out.put("http_request_ms", http.get("batch_ms_mean"));

		// Parsing: the app's parser on the same bodies as the HTTP path.
		Class<?> batchClass = Class.forName("io.costwise.telemetry.SampleBatch");
		Class<?> formatClass = Class.forName("io.costwise.telemetry.SampleIngestion$Format");
		Class<?> mapperClass = Class.forName("tools.jackson.databind.json.JsonMapper");
		Method parse = batchClass.getDeclaredMethod("parse", InputStream.class, formatClass, int.class, Clock.class,
				mapperClass);
		parse.setAccessible(true);
		Object mapper = mapperClass.getMethod("builder").invoke(null);
		mapper = mapper.getClass().getMethod("build").invoke(mapper);
		Object jsonFormat = formatClass.getField("JSON").get(null);
		Object csvFormat = formatClass.getField("CSV").get(null);
		List<byte[]> jsonBodies = new ArrayList<>();
		List<byte[]> csvBodies = new ArrayList<>();
		for (int b = 0; b < k; b++) {
			jsonBodies.add(json(fleet, httpFrom + (long) b * options.batch, options.batch));
			csvBodies.add(csv(fleet, httpFrom + (long) b * options.batch, options.batch));
		}
		Clock clock = Clock.systemUTC();
		for (int round = 0; round < 3; round++) { // warm the parser's JIT first, measure the last round
			long json = 0;
			long csv = 0;
			for (int b = 0; b < k; b++) {
				long t = System.nanoTime();
				List<?> parsed = (List<?>) invoke(parse, new ByteArrayInputStream(jsonBodies.get(b)), jsonFormat,
						1_000_000, clock, mapper);
				json += System.nanoTime() - t;
				t = System.nanoTime();
				List<?> parsedCsv = (List<?>) invoke(parse, new ByteArrayInputStream(csvBodies.get(b)), csvFormat,
						1_000_000, clock, mapper);
				csv += System.nanoTime() - t;
				if (parsed.size() != options.batch || parsedCsv.size() != options.batch) {
					throw new IllegalStateException("the parser rejected generated samples");
				}
			}
			out.put("parse_json_ms", json / 1e6 / k);
			out.put("parse_csv_ms", csv / 1e6 / k);
		}

		// The fast path new data takes, with the app's own classes on a connection of our own.
		long[] fast = fastPathSplit(k, parse, jsonFormat, mapper, clock);
		out.put("fast_deltas_ms", fast[0] / 1e6 / k);
		out.put("fast_copy_ms", fast[1] / 1e6 / k);
		out.put("fast_upserts_ms", fast[2] / 1e6 / k);
		out.put("fast_commit_ms", fast[3] / 1e6 / k);

		// The staging path, which only batches that repeat stored samples take: the app's statement
		// for new data (the duplicate-skipping variant differs only in its ON CONFLICT DO NOTHING).
		Field moveField = Class.forName("io.costwise.telemetry.SampleWriter").getDeclaredField("MOVE_NEW");
		moveField.setAccessible(true);
		String moveAndRollUp = (String) moveField.get(null);
		String moveOnly = "insert into samples select * from sample_staging on conflict do nothing";
		long[] withRollups = dbSplit(moveAndRollUp, k);
		long[] withoutRollups = dbSplit(moveOnly, k);
		long[] plainInsert = dbSplit("insert into samples select * from sample_staging", k);
		out.put("insert_select_plain_ms", plainInsert[1] / 1e6 / k);
		out.put("copy_to_staging_ms", (withRollups[0] + withoutRollups[0]) / 2e6 / k);
		out.put("insert_select_with_rollups_ms", withRollups[1] / 1e6 / k);
		out.put("insert_select_without_rollups_ms", withoutRollups[1] / 1e6 / k);
		out.put("commit_ms", (withRollups[2] + withoutRollups[2]) / 2e6 / k);
		say("split: %s", out);
		return out;
	}

	private static Object invoke(Method method, Object... args) throws Exception {
		try {
			return method.invoke(null, args);
		}
		catch (InvocationTargetException ex) {
			throw (Exception) ex.getCause();
		}
	}

	/**
	 * The fast path as the app takes it for new data (SampleWriter.copyDirectly), with the app's own
	 * classes read reflectively from the jar, on fresh rows parsed by the app's parser (not timed): the
	 * rollup deltas computed in Java (UsageDeltas.of), then in the tenant's transaction as costwise_app
	 * under a savepoint: the switch to costwise_ingest (the app's statement), binary COPY straight into
	 * samples in the app's order (SampleWriter.inKeyOrder) and encoding (SampleWriter$CopyBinary), the
	 * switch back, and the deltas' unnest
	 * upserts into the hourly and daily rollups and the configuration ledger (UsageDeltas.apply); commit.
	 * @return nanoseconds of {deltas in Java, role switch + binary COPY + switch back, the upserts, commit}
	 */
	@SuppressWarnings("unchecked")
	long[] fastPathSplit(int k, Method parse, Object jsonFormat, Object mapper, Clock clock) throws Exception {
		Class<?> writer = Class.forName("io.costwise.telemetry.SampleWriter");
		String enterIngestRole = (String) staticField(writer, "ENTER_INGEST_ROLE");
		String leaveIngestRole = (String) staticField(writer, "LEAVE_INGEST_ROLE");
		String columns = (String) staticField(writer, "COLUMNS");
		Class<?> sampleClass = Class.forName("io.costwise.telemetry.Sample");
		Class<?> copyBinary = Class.forName("io.costwise.telemetry.SampleWriter$CopyBinary");
		java.lang.reflect.Constructor<?> newRows = copyBinary.getDeclaredConstructor(org.postgresql.copy.CopyIn.class);
		newRows.setAccessible(true);
		Method row = copyBinary.getDeclaredMethod("row", UUID.class, UUID.class, UUID.class, sampleClass);
		row.setAccessible(true);
		Method end = copyBinary.getDeclaredMethod("end");
		end.setAccessible(true);
		Class<?> deltasClass = Class.forName("io.costwise.telemetry.UsageDeltas");
		Method deltasOf = deltasClass.getDeclaredMethod("of", List.class, java.util.function.Function.class);
		deltasOf.setAccessible(true);
		Method apply = deltasClass.getDeclaredMethod("apply", Connection.class, UUID.class);
		apply.setAccessible(true);
		// The order the app sends a batch's rows in (primary-key order), with each row's workload id; a jar
		// from before that sends them in the batch's order.
		Method inKeyOrder;
		Method keyedWorkloadId;
		Method keyedSample;
		try {
			inKeyOrder = writer.getDeclaredMethod("inKeyOrder", List.class, Map.class);
			inKeyOrder.setAccessible(true);
			Class<?> keyed = Class.forName("io.costwise.telemetry.SampleWriter$Keyed");
			keyedWorkloadId = keyed.getDeclaredMethod("workloadId");
			keyedWorkloadId.setAccessible(true);
			keyedSample = keyed.getDeclaredMethod("sample");
			keyedSample.setAccessible(true);
		}
		catch (NoSuchMethodException | ClassNotFoundException older) {
			Method workload = sampleClass.getDeclaredMethod("workload");
			workload.setAccessible(true);
			inKeyOrder = null;
			keyedWorkloadId = workload;
			keyedSample = null;
		}
		Method order = inKeyOrder;
		Method rowWorkloadId = keyedWorkloadId;
		Method rowSample = keyedSample;
		// as [workload id, sample] pairs in the order the app sends them
		java.util.function.Function<List<?>, List<Object[]>> ordered = samples -> {
			try {
				List<Object[]> out = new ArrayList<>(samples.size());
				if (order == null) {
					for (Object sample : samples) {
						out.add(new Object[] { workloadIds.get((String) rowWorkloadId.invoke(sample)), sample });
					}
				}
				else {
					for (Object keyedRow : (Object[]) invoke(order, samples, workloadIds)) {
						out.add(new Object[] { rowWorkloadId.invoke(keyedRow), rowSample.invoke(keyedRow) });
					}
				}
				return out;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		};
		java.util.function.Function<String, UUID> ids = workloadIds::get;
		List<List<?>> batches = new ArrayList<>();
		for (int b = -1; b < k; b++) {
			batches.add((List<?>) invoke(parse, new ByteArrayInputStream(json(fleet, spare(options.batch), options.batch)),
					jsonFormat, 1_000_000, clock, mapper));
		}
		// Warm the JIT for the app's Java parts (as the parser above): deltas and encoding into a sink.
		org.postgresql.copy.CopyIn sink = (org.postgresql.copy.CopyIn) java.lang.reflect.Proxy.newProxyInstance(
				IngestBenchmark.class.getClassLoader(), new Class<?>[] { org.postgresql.copy.CopyIn.class },
				(proxy, method, args) -> {
					Class<?> type = method.getReturnType();
					return type == boolean.class ? (Object) Boolean.FALSE
							: type == long.class ? (Object) 0L : type == int.class ? (Object) 0 : null;
				});
		for (int round = 0; round < 3; round++) {
			for (List<?> samples : batches) {
				invoke(deltasOf, samples, ids);
				Object rows = newRows.newInstance(sink);
				for (Object[] pair : ordered.apply(samples)) {
					row.invoke(rows, tenantId, pair[0], tenantId, pair[1]);
				}
				end.invoke(rows);
			}
		}
		long[] total = new long[4];
		try (Connection c = connect(options.database)) {
			c.setAutoCommit(false);
			for (int b = -1; b < k; b++) { // batch -1 warms the connection up
				List<?> samples = batches.get(b + 1);
				UUID batchId = UUID.randomUUID();
				try (PreparedStatement enter = c.prepareStatement(
						"select set_config('role', 'costwise_app', true), set_config('app.tenant_id', ?, true)")) {
					enter.setString(1, tenantId.toString());
					enter.execute();
				}
				long t0 = System.nanoTime();
				Object deltas = invoke(deltasOf, samples, ids);
				if (deltas == null) {
					throw new IllegalStateException("the generated batch does not qualify for the fast path");
				}
				long t1 = System.nanoTime();
				java.sql.Savepoint savepoint = c.setSavepoint();
				try (PreparedStatement enter = c.prepareStatement(enterIngestRole)) {
					enter.setString(1, tenantId.toString());
					try (ResultSet rs = enter.executeQuery()) {
						if (!rs.next()) {
							throw new IllegalStateException("could not switch to costwise_ingest");
						}
					}
				}
				org.postgresql.copy.CopyIn copy = c.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn("copy samples (" + columns + ") from stdin with (format binary)");
				Object rows = newRows.newInstance(copy);
				for (Object[] pair : ordered.apply(samples)) {
					row.invoke(rows, tenantId, pair[0], batchId, pair[1]);
				}
				end.invoke(rows);
				copy.endCopy();
				try (Statement leave = c.createStatement()) {
					leave.execute(leaveIngestRole);
				}
				long t2 = System.nanoTime();
				apply.invoke(deltas, c, tenantId);
				c.releaseSavepoint(savepoint);
				long t3 = System.nanoTime();
				c.commit();
				long t4 = System.nanoTime();
				if (b >= 0) {
					total[0] += t1 - t0;
					total[1] += t2 - t1;
					total[2] += t3 - t2;
					total[3] += t4 - t3;
				}
			}
		}
		return total;
	}

	private static Object staticField(Class<?> type, String name) throws ReflectiveOperationException {
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		return field.get(null);
	}

	/** @return nanoseconds of {COPY to staging, the move statement, commit} over k batches */
	long[] dbSplit(String move, int k) throws Exception {
		long[] total = new long[3];
		try (Connection c = connect(options.database)) {
			c.setAutoCommit(false);
			for (int b = -1; b < k; b++) { // batch -1 warms the connection up
				long from = spare(options.batch);
				byte[] rows = copyText(fleet, from, options.batch, tenantId, UUID.randomUUID(), workloadIds);
				try (PreparedStatement enter = c.prepareStatement(
						"select set_config('role', 'costwise_app', true), set_config('app.tenant_id', ?, true)")) {
					enter.setString(1, tenantId.toString());
					enter.execute();
				}
				try (Statement s = c.createStatement()) {
					s.execute("create temporary table if not exists sample_staging (like samples) on commit delete rows");
				}
				long t0 = System.nanoTime();
				c.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn("copy sample_staging (" + COPY_COLUMNS + ") from stdin", new ByteArrayInputStream(rows),
							1 << 16);
				long t1 = System.nanoTime();
				try (Statement s = c.createStatement()) {
					s.execute(move);
				}
				long t2 = System.nanoTime();
				c.commit();
				long t3 = System.nanoTime();
				if (b >= 0) {
					total[0] += t1 - t0;
					total[1] += t2 - t1;
					total[2] += t3 - t2;
				}
			}
		}
		return total;
	}

	// --- raw COPY ---------------------------------------------------------------------------------

	Map<String, Object> measureCopy(int connections) throws Exception {
		int batches = options.samples / options.batch;
		say("COPY: encoding %,d rows (not timed)", options.samples);
		byte[][] payloads = new byte[batches][];
		for (int b = 0; b < batches; b++) {
			payloads[b] = copyText(fleet, (long) b * options.batch, options.batch, tenantId, UUID.randomUUID(),
					workloadIds);
		}
		checkpoint();
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		List<Future<?>> futures = new ArrayList<>();
		long t0 = System.nanoTime();
		for (int s = 0; s < connections; s++) {
			futures.add(pool.submit(() -> {
				try (Connection c = connect(options.database)) {
					c.setAutoCommit(true); // one transaction per COPY, as one per HTTP batch
					var copy = c.unwrap(PGConnection.class).getCopyAPI();
					for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
						copy.copyIn("copy samples (" + COPY_COLUMNS + ") from stdin",
								new ByteArrayInputStream(payloads[b]), 1 << 16);
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
		say("COPY (%d connection%s): %,d rows in %.1f s = %,.0f rows/s", connections, connections == 1 ? "" : "s",
				options.samples, seconds, options.samples / seconds);
		return Map.of("rows", options.samples, "seconds", seconds, "rows_per_s", options.samples / seconds,
				"connections", connections);
	}

	// --- JPA saveAll ------------------------------------------------------------------------------

	Map<String, Object> measureSaveAll() throws Exception {
		int rows = options.saveAllRows;
		int batches = rows / options.batch;
		say("JPA saveAll: building %,d entities (not timed)", rows);
		List<List<SampleRow>> chunks = new ArrayList<>();
		for (int b = 0; b < batches; b++) {
			UUID batchId = UUID.randomUUID();
			List<SampleRow> chunk = new ArrayList<>(options.batch);
			for (long i = (long) b * options.batch; i < (long) (b + 1) * options.batch; i++) {
				Row r = fleet.row(i);
				chunk.add(SampleRow.of(tenantId, workloadIds.get(r.workload()), batchId, r));
			}
			chunks.add(chunk);
		}
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(options.url(options.database));
		dataSource.setUsername(options.pgUser);
		dataSource.setPassword(options.pgPassword);
		dataSource.setMaximumPoolSize(options.senders + 1);
		Configuration configuration = new Configuration().addAnnotatedClass(SampleRow.class);
		configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
		configuration.setProperty(AvailableSettings.JDBC_TIME_ZONE, "UTC"); // as the app
		configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
		configuration.setProperty("hibernate.show_sql", "false");
		// hibernate.jdbc.batch_size is left unset, as in a Spring Boot app that does not tune it.
		try (SessionFactory factory = configuration.buildSessionFactory()) {
			int batchSize = factory.getSessionFactoryOptions().getJdbcBatchSize();
			int dialectDefault = factory.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getJdbcServices().getDialect().getDefaultStatementBatchSize();
			checkpoint();
			AtomicInteger next = new AtomicInteger();
			ExecutorService pool = Executors.newFixedThreadPool(options.senders);
			List<Future<?>> futures = new ArrayList<>();
			long t0 = System.nanoTime();
			for (int s = 0; s < options.senders; s++) {
				futures.add(pool.submit(() -> {
					for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
						try (EntityManager em = factory.createEntityManager()) {
							SimpleJpaRepository<SampleRow, SampleKey> repository = new SimpleJpaRepository<>(
									SampleRow.class, em);
							em.getTransaction().begin();
							repository.saveAll(chunks.get(b));
							em.getTransaction().commit();
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
			say("JPA saveAll: %,d rows in %.1f s = %,.0f rows/s (hibernate.jdbc.batch_size unset: options %d, "
					+ "dialect default %d)", rows, seconds, rows / seconds, batchSize, dialectDefault);
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("rows", rows);
			out.put("seconds", seconds);
			out.put("rows_per_s", rows / seconds);
			out.put("threads", options.senders);
			out.put("jdbc_batch_size_option", batchSize);
			out.put("dialect_default_batch_size", dialectDefault);
			return out;
		}
		finally {
			dataSource.close();
		}
	}

	// --- database helpers -------------------------------------------------------------------------

	Connection connect(String db) throws SQLException {
		return DriverManager.getConnection(options.url(db), options.pgUser, options.pgPassword);
	}

	void createDatabase() throws SQLException {
		try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
			s.execute("drop database if exists " + options.database + " with (force)");
			s.execute("create database " + options.database);
			try (ResultSet rs = s.executeQuery("select version(), current_setting('shared_buffers'), "
					+ "current_setting('synchronous_commit'), current_setting('max_wal_size')")) {
				rs.next();
				results.put("postgres", rs.getString(1).replaceFirst(" on .*", "") + " (shared_buffers "
						+ rs.getString(2) + ", synchronous_commit " + rs.getString(3) + ", max_wal_size "
						+ rs.getString(4) + ")");
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

	void resetTable() throws SQLException {
		try (Connection c = connect(options.database); Statement s = c.createStatement()) {
			s.execute("truncate samples, usage_rollups");
		}
	}

	void checkpoint() throws SQLException {
		try (Connection c = connect(options.database); Statement s = c.createStatement()) {
			s.execute("checkpoint");
		}
	}

	void verify(long expected, String phase) throws SQLException {
		long count = query("select count(*) from samples", rs -> rs.getLong(1));
		if (count != expected) {
			throw new IllegalStateException(phase + ": samples holds " + count + " rows, expected " + expected);
		}
	}

	interface RowReader<T> {

		T read(ResultSet rs) throws SQLException;
	}

	<T> T query(String sql, RowReader<T> reader) throws SQLException {
		try (Connection c = connect(options.database); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return reader.read(rs);
		}
	}

	Map<String, UUID> workloadIds() throws SQLException {
		Map<String, UUID> ids = new HashMap<>();
		try (Connection c = connect(options.database); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select key, id from workloads")) {
			while (rs.next()) {
				ids.put(rs.getString(1), rs.getObject(2, UUID.class));
			}
		}
		if (ids.size() != Fleet.WORKLOADS) {
			throw new IllegalStateException("expected " + Fleet.WORKLOADS + " workloads, found " + ids.size());
		}
		return ids;
	}

	long spare(int n) {
		long from = nextSpareIndex;
		nextSpareIndex += n;
		return from;
	}

	// --- report -----------------------------------------------------------------------------------

	@SuppressWarnings("unchecked")
	void report() throws IOException {
		Map<String, Object> http = (Map<String, Object>) results.get("http");
		Map<String, Object> copy1 = (Map<String, Object>) results.get("copy_1");
		Map<String, Object> copy2 = (Map<String, Object>) results.get("copy_2");
		Map<String, Object> saveAll = (Map<String, Object>) results.get("saveall");
		Map<String, Object> memory = (Map<String, Object>) http.get("memory");
		Map<String, Object> split = (Map<String, Object>) results.get("split");
		double httpRate = d(http.get("rows_per_s"));
		double copyRate = Math.max(d(copy1.get("rows_per_s")), d(copy2.get("rows_per_s")));
		String copyBest = d(copy1.get("rows_per_s")) >= d(copy2.get("rows_per_s")) ? "1 connection"
				: options.senders + " connections";
		double saveAllRate = d(saveAll.get("rows_per_s"));
		double ofCopy = httpRate / copyRate;
		double timesSaveAll = httpRate / saveAllRate;

		String machine = machine();
		StringBuilder md = new StringBuilder();
		md.append("<!-- ingest:begin (written by bench/ingest/run.sh) -->\n");
		md.append("### Telemetry ingestion — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
		md.append("- **Machine:** ").append(machine).append("\n");
		md.append("- **PostgreSQL:** ").append(results.get("postgres")).append(", same host\n");
		md.append("- **Command:** `bench/ingest/run.sh").append(commandLine()).append("`\n");
		md.append("- **HTTP path:** packaged jar started with `java ").append(options.appHeap)
			.append(" -jar`, ")
			.append(String.format(Locale.ROOT, "%,d", options.samples))
			.append(" samples (").append(Fleet.WORKLOADS).append(" workloads, ").append(fleet.series.size())
			.append(" nodes, 1-minute windows going back ")
			.append(String.format(Locale.ROOT, "%.0f", options.samples / (double) fleet.series.size() / 60))
			.append(" h; A100/H100/L4/T4; BF16/FP16/FP8/INT8/FP32) as ")
			.append(options.format.toUpperCase(Locale.ROOT)).append(" in batches of ")
			.append(String.format(Locale.ROOT, "%,d", options.batch)).append(" from ").append(options.senders)
			.append(" concurrent senders (java.net.http, HTTP/1.1")
			.append(options.idempotencyKeys ? ", an `Idempotency-Key` per batch" : "").append("), after a ")
			.append(String.format(Locale.ROOT, "%,d", options.warmupSamples)).append("-sample warm-up\n\n");
		md.append("| path | rows | rows/s | vs COPY | vs saveAll |\n|---|---:|---:|---:|---:|\n");
		md.append(row("HTTP `POST /api/v1/telemetry/samples` (parse, validate, binary `COPY` straight into `samples` as "
				+ "`costwise_ingest`, + hourly/daily rollups and the configuration ledger as `unnest` upserts; "
				+ "a batch that repeats stored samples takes the staging path instead)", http, copyRate, saveAllRate));
		md.append(row("raw `COPY` into `samples`, " + options.senders + " connections", copy2, copyRate, saveAllRate));
		md.append(row("raw `COPY` into `samples`, 1 connection", copy1, copyRate, saveAllRate));
		md.append(row("JPA `saveAll` (Spring Data `SimpleJpaRepository`, " + options.senders + " threads, one "
				+ "transaction per " + String.format(Locale.ROOT, "%,d", options.batch) + " rows, "
				+ "`hibernate.jdbc.batch_size` unset → effective " + saveAll.get("jdbc_batch_size_option")
				+ ", the PostgreSQLDialect default)", saveAll, copyRate,
				saveAllRate));
		md.append("\n");
		md.append(String.format(Locale.ROOT,
				"**Targets:** HTTP reaches **%.0f %%** of raw COPY (best of the two, %s; target ≥ 60 %%: %s) and "
						+ "**%.1f×** JPA saveAll (target ≥ 10×: %s).\n\n",
				ofCopy * 100, copyBest, ofCopy >= 0.6 ? "**met**" : "**missed**", timesSaveAll,
				timesSaveAll >= 10 ? "**met**" : "**missed**"));
		md.append(String.format(Locale.ROOT,
				"**Memory** (app at `%s`, %d polls of `/actuator/prometheus` and `/proc/<pid>/status` during the "
						+ "%,d-sample run): heap used peak %.0f MiB of %.0f MiB max (committed peak %.0f MiB%s), "
						+ "RSS peak %.0f MiB; %.0f GC pauses, %.2f s in total. "
						+ "Heap peak per tenth of the run (MiB): %s; RSS per tenth (MiB): %s.\n\n",
				options.appHeap, memory.get("polls"), options.samples, d(memory.get("heap_used_peak_mib")),
				d(memory.get("heap_max_mib")), d(memory.get("heap_committed_peak_mib")),
				d(memory.get("gc_live_data_peak_mib")) > 0 ? String.format(Locale.ROOT,
						", old-generation live data after GC peak %.0f MiB", d(memory.get("gc_live_data_peak_mib")))
						: "",
				d(memory.get("rss_peak_mib")), d(memory.get("gc_pauses")),
				d(memory.get("gc_pause_seconds")), memory.get("heap_peak_mib_by_tenth"),
				memory.get("rss_peak_mib_by_tenth")));
		md.append(String.format(Locale.ROOT,
				"**Where a batch's time goes** (%d sequential %,d-sample batches each, no concurrency): HTTP request "
						+ "end to end %.0f ms; the app's parser (`SampleBatch.parse`, JSON) %.0f ms (CSV %.0f ms); "
						+ "the fast path new data takes, with the app's own classes on a connection as `costwise_app`: "
						+ "rollup deltas in Java (`UsageDeltas.of`) %.1f ms, the switch to `costwise_ingest` and binary "
						+ "`COPY` into `samples` (the app's encoder) %.0f ms, the `unnest` upserts into the hourly and "
						+ "daily rollups and the configuration ledger (`UsageDeltas.apply`) %.0f ms, commit %.0f ms. "
						+ "The staging path (only for batches that repeat stored samples), the app's SQL by hand: "
						+ "COPY into the staging table %.0f ms, `INSERT … SELECT` with the rollups %.0f ms (without "
						+ "rollups %.0f ms; a plain `INSERT … SELECT` %.0f ms), commit %.0f ms. "
						+ "HTTP concurrent batch latency: median %.0f ms, p95 %.0f ms; HTTP samples/s per tenth of "
						+ "the run: %s.\n",
				options.diagnosticBatches, options.batch, d(split.get("http_request_ms")),
				d(split.get("parse_json_ms")), d(split.get("parse_csv_ms")), d(split.get("fast_deltas_ms")),
				d(split.get("fast_copy_ms")), d(split.get("fast_upserts_ms")), d(split.get("fast_commit_ms")),
				d(split.get("copy_to_staging_ms")), d(split.get("insert_select_with_rollups_ms")),
				d(split.get("insert_select_without_rollups_ms")), d(split.get("insert_select_plain_ms")),
				d(split.get("commit_ms")), d(http.get("batch_ms_median")), d(http.get("batch_ms_p95")),
				http.get("rows_per_s_by_tenth")));
		List<Map<String, Object>> sweep = (List<Map<String, Object>>) results.get("sweep");
		if (sweep != null) {
			md.append(String.format(Locale.ROOT, "\n**Sender sweep** (same run, %,d samples each on an empty table, "
					+ "samples/s):", options.sweepSamples));
			for (Map<String, Object> r : sweep) {
				md.append(String.format(Locale.ROOT, " %s × %d: %,.0f;", ((String) r.get("format")).toUpperCase(Locale.ROOT),
						(Integer) r.get("senders"), d(r.get("rows_per_s"))));
			}
			md.setLength(md.length() - 1);
			md.append(".\n");
		}
		md.append("<!-- ingest:end -->\n");

		System.out.println();
		System.out.println(md);
		if (options.results != null) {
			Files.writeString(options.results, md.toString());
		}
		if (options.readme != null) {
			String readme = Files.readString(options.readme);
			int begin = readme.indexOf("<!-- ingest:begin");
			int end = readme.indexOf("<!-- ingest:end -->");
			String updated;
			if (begin >= 0 && end > begin) {
				updated = readme.substring(0, begin) + md + readme.substring(end + "<!-- ingest:end -->\n".length());
			}
			else {
				updated = readme.stripTrailing() + "\n\n" + md;
			}
			Files.writeString(options.readme, updated);
			say("figures written into %s", options.readme);
		}
	}

	private static String row(String name, Map<String, Object> r, double copyRate, double saveAllRate) {
		double rate = d(r.get("rows_per_s"));
		return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.0f %% | %.1f× |\n", name, (Integer) r.get("rows"),
				rate, rate / copyRate * 100, rate / saveAllRate);
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

	void say(String format, Object... args) {
		String line = "[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + String.format(Locale.ROOT, format, args);
		System.out.println(line);
		log.append(line).append('\n');
	}
}
