package io.costwise.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Maps an OTLP metrics export onto samples (wire format v1), the way dcgm-exporter and the
 * collector's hostmetrics receiver describe a machine.
 * <p>
 * Data points are grouped into one sample per workload, node and second:
 * <ul>
 * <li>attributes are the resource's, overridden by the data point's (labels scraped by the Prometheus
 * receiver arrive on the data point);
 * <li>workload: {@code costwise.workload}, else {@code service.name}; data without either is rejected;
 * <li>node: {@code host.name}, else {@code k8s.node.name}, {@code k8s.pod.name} or dcgm's
 * {@code Hostname}; a GPU's series adds {@code /gpu<index>} (dcgm's {@code gpu} label) or
 * {@code /<UUID>}, so that every GPU is a sample of its own with {@code gpuCount} 1;
 * <li>provider from {@code cloud.provider} ({@code aws}, {@code gcp}, {@code azure}, anything else
 * {@code onprem}), region from {@code cloud.region}, instanceType from {@code host.type}, gpuModel
 * from dcgm's {@code modelName};
 * <li>timestamp: the point's {@code time_unix_nano}, to the second, because receivers stamp each
 * scraper's points separately, nanoseconds apart; windowSeconds: {@code time - start_time} of a delta
 * sum, else the configured scrape interval;
 * <li>{@code DCGM_FI_PROF_SM_ACTIVE} (ratio) is gpuUtil, else {@code DCGM_FI_DEV_GPU_UTIL} (percent) /
 * 100; {@code DCGM_FI_DEV_FB_USED} and {@code _FREE} (MiB) give gpuMemoryUsedGiB and, summed,
 * gpuMemoryTotalGiB;
 * <li>{@code system.cpu.utilization} gives cpuUtil, 1 - idle averaged over the CPUs (or the average
 * of the busy states where idle is not sent); {@code system.cpu.logical.count} gives vcpus;
 * {@code system.memory.usage} gives memoryUsedGiB (state {@code used}) and memoryGiB (the sum of the
 * states, or {@code system.memory.limit} where sent).
 * </ul>
 * Gauges and sums of these metrics are read; every other metric, histograms and summaries are
 * skipped, since collectors send whatever they scrape. Samples are then validated like any other,
 * and the export is accepted whole or rejected whole.
 */
final class OtlpMetrics {

	/**
	 * The window of a sample whose data carry none (gauges, cumulative sums): the default scrape and
	 * collection interval of Prometheus and of the OpenTelemetry collector's receivers.
	 */
	static final int DEFAULT_WINDOW_SECONDS = 60;

	static final String SM_ACTIVE = "DCGM_FI_PROF_SM_ACTIVE";

	static final String GPU_UTIL = "DCGM_FI_DEV_GPU_UTIL";

	static final String FB_USED = "DCGM_FI_DEV_FB_USED";

	static final String FB_FREE = "DCGM_FI_DEV_FB_FREE";

	static final String CPU_UTILIZATION = "system.cpu.utilization";

	static final String CPU_COUNT = "system.cpu.logical.count";

	static final String MEMORY_USAGE = "system.memory.usage";

	static final String MEMORY_LIMIT = "system.memory.limit";

	private static final Set<String> GPU_METRICS = Set.of(SM_ACTIVE, GPU_UTIL, FB_USED, FB_FREE);

	private static final Set<String> METRICS = Set.of(SM_ACTIVE, GPU_UTIL, FB_USED, FB_FREE, CPU_UTILIZATION, CPU_COUNT,
			MEMORY_USAGE, MEMORY_LIMIT);

	private static final Set<String> CLOUD_PROVIDERS = Set.of("aws", "gcp", "azure");

	private static final double MIB_PER_GIB = 1024;

	private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

	private final Map<GroupKey, Group> groups = new LinkedHashMap<>();

	private final Set<String> resourcesWithoutWorkload = new LinkedHashSet<>();

	private OtlpMetrics() {
	}

	/**
	 * @throws InvalidFieldsException naming every problem, pointing into the request
	 * @throws ErrorResponseException 413 for more samples than a batch may hold
	 */
	static List<Sample> samples(ExportMetricsServiceRequest request, double defaultWindowSeconds, int maxSamples,
			Clock clock) {
		OtlpMetrics metrics = new OtlpMetrics();
		for (int r = 0; r < request.getResourceMetricsCount(); r++) {
			metrics.readResource(request.getResourceMetrics(r), "/resourceMetrics/" + r);
		}
		if (metrics.groups.size() > maxSamples) {
			throw new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(
					HttpStatus.CONTENT_TOO_LARGE, "An export makes at most " + maxSamples + " samples; split it."), null);
		}
		return metrics.validate(defaultWindowSeconds, clock);
	}

	private void readResource(ResourceMetrics resource, String pointer) {
		Map<String, String> attributes = attributes(resource.getResource().getAttributesList(), Map.of());
		for (int s = 0; s < resource.getScopeMetricsCount(); s++) {
			ScopeMetrics scope = resource.getScopeMetrics(s);
			for (int m = 0; m < scope.getMetricsCount(); m++) {
				readMetric(scope.getMetrics(m), attributes, pointer, pointer + "/scopeMetrics/" + s + "/metrics/" + m);
			}
		}
	}

	private void readMetric(Metric metric, Map<String, String> resource, String resourcePointer, String pointer) {
		if (!METRICS.contains(metric.getName())) {
			return;
		}
		List<NumberDataPoint> points = switch (metric.getDataCase()) {
			case GAUGE -> metric.getGauge().getDataPointsList();
			case SUM -> metric.getSum().getDataPointsList();
			default -> List.of();
		};
		boolean delta = metric.hasSum()
				&& metric.getSum().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
		for (int p = 0; p < points.size(); p++) {
			NumberDataPoint point = points.get(p);
			Map<String, String> attributes = attributes(point.getAttributesList(), resource);
			String workload = first(attributes, "costwise.workload", "service.name");
			if (workload == null) {
				resourcesWithoutWorkload.add(resourcePointer + "/resource/attributes");
				continue;
			}
			readPoint(metric.getName(), point, attributes, workload, delta, pointer + "/dataPoints/" + p);
		}
	}

	private void readPoint(String metric, NumberDataPoint point, Map<String, String> attributes, String workload,
			boolean delta, String pointer) {
		Double value = value(point);
		if (value == null) {
			return;
		}
		GroupKey key = new GroupKey(workload, node(metric, attributes), point.getTimeUnixNano() / 1_000_000_000L);
		Group group = groups.computeIfAbsent(key, k -> new Group(k, pointer));
		group.describe(attributes, pointer);
		if (delta && point.getStartTimeUnixNano() > 0 && point.getTimeUnixNano() > point.getStartTimeUnixNano()) {
			group.window(pointer, (point.getTimeUnixNano() - point.getStartTimeUnixNano()) / 1e9);
		}
		group.add(metric, attributes, value, pointer);
	}

	private List<Sample> validate(double defaultWindowSeconds, Clock clock) {
		List<FieldProblem> problems = new ArrayList<>();
		resourcesWithoutWorkload.forEach(pointer -> problems.add(FieldProblem.body(pointer,
				"needs a costwise.workload or service.name attribute: the workload its metrics belong to")));
		List<Sample> samples = new ArrayList<>();
		for (Group group : groups.values()) {
			List<FieldProblem> found = new ArrayList<>();
			Sample sample = SampleFields.read(group.wire(defaultWindowSeconds), "", clock, found);
			found.forEach(problem -> problems.add(FieldProblem.body(group.pointerOf(problem.pointer().substring(1))
					+ problem.pointer(), problem.detail())));
			if (sample != null) {
				samples.add(sample);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(limited(problems));
		}
		return samples;
	}

	private static List<FieldProblem> limited(List<FieldProblem> problems) {
		if (problems.size() <= SampleBatch.MAX_PROBLEMS_LISTED) {
			return problems;
		}
		List<FieldProblem> listed = new ArrayList<>(problems.subList(0, SampleBatch.MAX_PROBLEMS_LISTED));
		listed.add(FieldProblem.body("", (problems.size() - listed.size()) + " more problems are not listed"));
		return listed;
	}

	private static String node(String metric, Map<String, String> attributes) {
		String host = first(attributes, "host.name", "k8s.node.name", "k8s.pod.name", "Hostname");
		String gpu = !GPU_METRICS.contains(metric) ? null
				: attributes.containsKey("gpu") ? "gpu" + attributes.get("gpu") : attributes.get("UUID");
		if (gpu == null) {
			return host;
		}
		return host == null ? gpu : host + "/" + gpu;
	}

	/** The point's value, or {@code null} where it has none (such as a Prometheus staleness marker). */
	private static Double value(NumberDataPoint point) {
		if ((point.getFlags() & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
			return null;
		}
		return switch (point.getValueCase()) {
			case AS_DOUBLE -> Double.isNaN(point.getAsDouble()) ? null : point.getAsDouble();
			case AS_INT -> (double) point.getAsInt();
			default -> null;
		};
	}

	private static Map<String, String> attributes(List<KeyValue> attributes, Map<String, String> inherited) {
		Map<String, String> merged = new HashMap<>(inherited);
		for (KeyValue attribute : attributes) {
			String text = text(attribute.getValue());
			if (text != null) {
				merged.put(attribute.getKey(), text);
			}
		}
		return merged;
	}

	private static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue().isBlank() ? null : value.getStringValue();
			case INT_VALUE -> Long.toString(value.getIntValue());
			case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			default -> null;
		};
	}

	private static String first(Map<String, String> attributes, String... keys) {
		for (String key : keys) {
			if (attributes.containsKey(key)) {
				return attributes.get(key);
			}
		}
		return null;
	}

	private record GroupKey(String workload, String node, long epochSecond) {
	}

	/** What the data points of one sample have said so far, and where in the request each thing was said. */
	private static final class Group {

		private static final String CPU_IDLE = "cpu idle";

		private static final String CPU_BUSY = "cpu busy";

		private static final String MEMORY_USED = "memory used";

		private static final String MEMORY_TOTAL = "memory total";

		/** Summed over series; every other reading is one series' value. */
		private static final Set<String> SUMMED = Set.of(CPU_IDLE, CPU_BUSY, MEMORY_TOTAL);

		/**
		 * Linux memory states that break down memory already counted in {@code used} and
		 * {@code cached}; summing them in would count it twice.
		 */
		private static final Set<String> MEMORY_BREAKDOWN = Set.of("slab_reclaimable", "slab_unreclaimable");

		private final GroupKey key;

		private final Map<String, Object> values = new LinkedHashMap<>();

		private final Map<String, Double> readings = new HashMap<>();

		private final Set<String> cpus = new HashSet<>();

		/** Where each reading and wire field came from; the first data point for the rest. */
		private final Map<String, String> pointers = new HashMap<>();

		private final String firstPointer;

		private Double windowSeconds;

		Group(GroupKey key, String firstPointer) {
			this.key = key;
			this.firstPointer = firstPointer;
		}

		void describe(Map<String, String> attributes, String pointer) {
			String provider = attributes.get("cloud.provider");
			describe("provider", provider == null || CLOUD_PROVIDERS.contains(provider) ? provider : "onprem", pointer);
			describe("region", attributes.get("cloud.region"), pointer);
			describe("instanceType", attributes.get("host.type"), pointer);
			describe("gpuModel", attributes.get("modelName"), pointer);
		}

		private void describe(String field, String value, String pointer) {
			if (value != null && values.putIfAbsent(field, value) == null) {
				pointers.put(field, pointer);
			}
		}

		void window(String pointer, double seconds) {
			if (windowSeconds == null) {
				windowSeconds = seconds;
				pointers.put("windowSeconds", pointer);
			}
		}

		void add(String metric, Map<String, String> attributes, double value, String pointer) {
			String state = attributes.get("state");
			if (metric.equals(CPU_UTILIZATION)) {
				cpus.add(attributes.getOrDefault("cpu", ""));
				read("idle".equals(state) ? CPU_IDLE : CPU_BUSY, value, pointer);
			}
			else if (metric.equals(MEMORY_USAGE)) {
				addMemory(state, value, pointer);
			}
			else {
				read(metric, value, pointer);
			}
		}

		private void addMemory(String state, double value, String pointer) {
			if (state == null || MEMORY_BREAKDOWN.contains(state)) {
				return;
			}
			if (state.equals("used")) {
				read(MEMORY_USED, value, pointer);
			}
			read(MEMORY_TOTAL, value, pointer);
		}

		private void read(String reading, double value, String pointer) {
			readings.merge(reading, value, SUMMED.contains(reading) ? Double::sum : (first, next) -> first);
			pointers.putIfAbsent(reading, pointer);
		}

		/** The sample's fields by wire-format name. */
		Map<String, Object> wire(double defaultWindowSeconds) {
			values.put("workload", key.workload());
			values.put("node", key.node());
			values.put("timestamp", key.epochSecond() == 0 ? null : Instant.ofEpochSecond(key.epochSecond()).toString());
			values.put("windowSeconds", windowSeconds == null ? defaultWindowSeconds : windowSeconds);
			Double percent = readings.get(GPU_UTIL);
			put("gpuUtil", readings.containsKey(SM_ACTIVE) ? SM_ACTIVE : GPU_UTIL,
					readings.getOrDefault(SM_ACTIVE, percent == null ? null : percent / 100));
			putGpuMemory();
			if (GPU_METRICS.stream().anyMatch(readings::containsKey)) {
				values.put("gpuCount", 1);
			}
			put("cpuUtil", readings.containsKey(CPU_IDLE) ? CPU_IDLE : CPU_BUSY, cpuUtil());
			put("vcpus", CPU_COUNT, readings.get(CPU_COUNT));
			put("memoryUsedGiB", MEMORY_USED, gib(readings.get(MEMORY_USED), BYTES_PER_GIB));
			String total = readings.containsKey(MEMORY_LIMIT) ? MEMORY_LIMIT : MEMORY_TOTAL;
			put("memoryGiB", total, gib(readings.get(total), BYTES_PER_GIB));
			return values;
		}

		private void putGpuMemory() {
			Double used = readings.get(FB_USED);
			Double free = readings.get(FB_FREE);
			put("gpuMemoryUsedGiB", FB_USED, gib(used, MIB_PER_GIB));
			put("gpuMemoryTotalGiB", FB_FREE, used == null || free == null ? null : gib(used + free, MIB_PER_GIB));
		}

		/** 1 - idle over the CPUs; clamped, since sums of per-state ratios stray past 0 and 1 by rounding. */
		private Double cpuUtil() {
			Double idle = readings.get(CPU_IDLE);
			Double busy = readings.get(CPU_BUSY);
			if (idle == null && busy == null) {
				return null;
			}
			double util = idle != null ? 1 - idle / cpus.size() : busy / cpus.size();
			return Math.min(1, Math.max(0, util));
		}

		private void put(String field, String reading, Double value) {
			if (value == null) {
				return;
			}
			values.put(field, value);
			String from = pointers.get(reading);
			if (from != null) {
				pointers.put(field, from);
			}
		}

		private static Double gib(Double value, double unitsPerGib) {
			return value == null ? null : value / unitsPerGib;
		}

		String pointerOf(String field) {
			return pointers.getOrDefault(field, firstPointer);
		}
	}
}
