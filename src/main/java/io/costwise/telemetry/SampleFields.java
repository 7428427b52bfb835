package io.costwise.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.costwise.InvalidFieldsException.FieldProblem;

/**
 * Turns one sample's fields, as any format delivers them (JSON values or CSV text), into a
 * {@link Sample}, naming every field that is wrong rather than stopping at the first.
 */
final class SampleFields {

	static final List<String> NAMES = List.of("workload", "timestamp", "windowSeconds", "node", "provider", "region",
			"instanceType", "purchaseOption", "gpuModel", "gpuCount", "migProfile", "vcpus", "memoryGiB", "cpuUtil",
			"memoryUsedGiB", "gpuUtil", "gpuMemoryUsedGiB", "gpuMemoryTotalGiB", "netEgressGiB", "storageGiB", "batchSize",
			"precision", "throughput", "workUnit", "latencyP95Ms", "oomEvents");

	// Positions in NAMES, so that reading a sample looks no name up.
	private static final int WORKLOAD = 0, TIMESTAMP = 1, WINDOW_SECONDS = 2, NODE = 3, PROVIDER = 4, REGION = 5,
			INSTANCE_TYPE = 6, PURCHASE_OPTION = 7, GPU_MODEL = 8, GPU_COUNT = 9, MIG_PROFILE = 10, VCPUS = 11,
			MEMORY_GIB = 12, CPU_UTIL = 13, MEMORY_USED_GIB = 14, GPU_UTIL = 15, GPU_MEMORY_USED_GIB = 16,
			GPU_MEMORY_TOTAL_GIB = 17, NET_EGRESS_GIB = 18, STORAGE_GIB = 19, BATCH_SIZE = 20, PRECISION = 21,
			THROUGHPUT = 22, WORK_UNIT = 23, LATENCY_P95_MS = 24, OOM_EVENTS = 25;

	/** Each wire name's position in {@link #NAMES}, where {@link Values} keeps its value. */
	private static final Map<String, Integer> INDEX = new HashMap<>();

	static {
		for (int i = 0; i < NAMES.size(); i++) {
			INDEX.put(NAMES.get(i), i);
		}
	}

	private static final Set<String> PROVIDERS = Set.of("aws", "gcp", "azure", "onprem");

	private static final Set<String> PURCHASE_OPTIONS = Set.of("ON_DEMAND", "SPOT", "RESERVED");

	private static final Set<String> PRECISIONS = Set.of("FP32", "TF32", "FP16", "BF16", "FP8", "INT8", "INT4");


	/** The oldest window end accepted: telemetry of AI workloads from before this is a unit mistake. */
	private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);

	private static final double MAX_WINDOW_SECONDS = 31 * 24 * 3600;

	private SampleFields() {
	}

	/**
	 * @param values the sample's fields by wire name; numbers may arrive as {@link Number} or text
	 * @param pointer the JSON pointer (or CSV location) of the sample, which field names are appended to
	 * @param problems where every problem found is added
	 * @return the sample, or {@code null} where it had problems
	 */
	static Sample read(Map<String, Object> values, String pointer, Clock clock, List<FieldProblem> problems) {
		Values fields = new Values();
		values.forEach(fields::put);
		return read(fields, pointer, clock, null, problems);
	}

	/**
	 * One sample's fields by position in {@link #NAMES}, reusable from one sample to the next (no map
	 * per sample); names outside the wire format are kept apart to be reported.
	 */
	static final class Values {

		private final Object[] values = new Object[NAMES.size()];

		private List<String> unknown;

		/** @return whether the name is a field of the wire format */
		boolean put(String name, Object value) {
			Integer index = INDEX.get(name);
			if (index == null) {
				if (unknown == null) {
					unknown = new ArrayList<>();
				}
				unknown.add(name);
				return false;
			}
			values[index] = value;
			return true;
		}

		/** The value of the field at this position in {@link #NAMES}. */
		void put(int index, Object value) {
			values[index] = value;
		}

		Object get(int index) {
			return values[index];
		}

		void clear() {
			Arrays.fill(values, null);
			unknown = null;
		}
	}

	/**
	 * @param timestamps earlier parses of the batch's timestamps (a batch repeats a few window ends
	 * across many nodes), or {@code null}
	 */
	static Sample read(Values values, String pointer, Clock clock, Map<String, Instant> timestamps,
			List<FieldProblem> problems) {
		Reader reader = new Reader(values, pointer, problems);
		if (values.unknown != null) {
			values.unknown.stream().distinct().sorted().forEach(reader::unknown);
		}
		String workload = reader.key(WORKLOAD);
		Instant timestamp = reader.timestamp(clock, timestamps);
		Double windowSeconds = reader.number(WINDOW_SECONDS, 0, MAX_WINDOW_SECONDS, true, false);
		String node = reader.text(NODE, 200, false);
		String provider = reader.oneOf(PROVIDER, PROVIDERS);
		String region = reader.text(REGION, 64, false);
		String instanceType = reader.text(INSTANCE_TYPE, 64, false);
		String purchaseOption = reader.oneOf(PURCHASE_OPTION, PURCHASE_OPTIONS);
		String gpuModel = reader.text(GPU_MODEL, 64, false);
		Double gpuCount = reader.number(GPU_COUNT, 0, 1024, false, true);
		String migProfile = reader.migProfile(MIG_PROFILE);
		Double vcpus = reader.number(VCPUS, 0, 100_000, false, true);
		Double memoryGiB = reader.number(MEMORY_GIB, 0, 1_000_000, false, true);
		Double cpuUtil = reader.fraction(CPU_UTIL);
		Double memoryUsedGiB = reader.number(MEMORY_USED_GIB, 0, 1_000_000, false, true);
		Double gpuUtil = reader.fraction(GPU_UTIL);
		Double gpuMemoryUsedGiB = reader.number(GPU_MEMORY_USED_GIB, 0, 1_000_000, false, true);
		Double gpuMemoryTotalGiB = reader.number(GPU_MEMORY_TOTAL_GIB, 0, 1_000_000, false, true);
		Double netEgressGiB = reader.number(NET_EGRESS_GIB, 0, 1_000_000_000, false, true);
		Double storageGiB = reader.number(STORAGE_GIB, 0, 1_000_000_000, false, true);
		Integer batchSize = reader.integer(BATCH_SIZE, 1);
		String precision = reader.oneOf(PRECISION, PRECISIONS);
		Double throughput = reader.number(THROUGHPUT, 0, Double.MAX_VALUE, false, true);
		String workUnit = reader.text(WORK_UNIT, 64, false);
		Double latencyP95Ms = reader.number(LATENCY_P95_MS, 0, 86_400_000, false, true);
		Integer oomEvents = reader.integer(OOM_EVENTS, 0);
		reader.notAbove(MEMORY_USED_GIB, memoryUsedGiB, MEMORY_GIB, memoryGiB);
		reader.notAbove(GPU_MEMORY_USED_GIB, gpuMemoryUsedGiB, GPU_MEMORY_TOTAL_GIB, gpuMemoryTotalGiB);
		if (reader.failed) {
			return null;
		}
		return new Sample(workload, node == null ? "" : node, timestamp, windowSeconds, provider, region, instanceType,
				purchaseOption, gpuModel, gpuCount, migProfile, vcpus, memoryGiB, cpuUtil, memoryUsedGiB, gpuUtil,
				gpuMemoryUsedGiB, gpuMemoryTotalGiB, netEgressGiB, storageGiB, batchSize, precision, throughput, workUnit,
				latencyP95Ms, oomEvents);
	}

	/**
	 * {@code [^/\\s\\p{Cntrl}]+} without a regular expression (one ran per sample): no '/', no ASCII
	 * whitespace, no control character (U+0000–U+001F, U+007F), at least one character.
	 */
	static boolean isWorkloadKey(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= ' ' || c == '/' || c == 0x7f) {
				return false;
			}
		}
		return !value.isEmpty();
	}

	/** {@code [1-7]g\\.[0-9]+gb}, such as 1g.10gb or 3g.40gb. */
	static boolean isMigProfile(String value) {
		int n = value.length();
		if (n < 6 || value.charAt(0) < '1' || value.charAt(0) > '7' || value.charAt(1) != 'g' || value.charAt(2) != '.'
				|| value.charAt(n - 2) != 'g' || value.charAt(n - 1) != 'b') {
			return false;
		}
		for (int i = 3; i < n - 2; i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	private static final class Reader {

		private final Values values;

		private final String pointer;

		private final List<FieldProblem> problems;

		private boolean failed;

		Reader(Values values, String pointer, List<FieldProblem> problems) {
			this.values = values;
			this.pointer = pointer;
			this.problems = problems;
		}

		void unknown(String name) {
			problem(name, "is not a field of the v1 wire format");
		}

		String text(int field, int maxLength, boolean required) {
			String name = NAMES.get(field);
			Object value = values.get(field);
			if (absent(value)) {
				if (required) {
					problem(name, "is required");
				}
				return null;
			}
			if (!(value instanceof String text)) {
				problem(name, "must be a string");
				return null;
			}
			String trimmed = text.strip();
			if (trimmed.isEmpty() || trimmed.length() > maxLength) {
				problem(name, "must be 1 to " + maxLength + " characters long");
				return null;
			}
			return trimmed;
		}

		/** Workload keys appear in URLs, so they hold no slash, whitespace or control characters. */
		String key(int field) {
			String value = text(field, 200, true);
			if (value != null && !isWorkloadKey(value)) {
				problem(NAMES.get(field), "must not contain '/', whitespace or control characters");
				return null;
			}
			return value;
		}

		String oneOf(int field, Set<String> allowed) {
			String value = text(field, 64, false);
			if (value != null && !allowed.contains(value)) {
				problem(NAMES.get(field), "must be one of " + allowed.stream().sorted().toList());
				return null;
			}
			return value;
		}

		String migProfile(int field) {
			String value = text(field, 64, false);
			if (value != null && !isMigProfile(value)) {
				problem(NAMES.get(field), "must be a MIG profile such as 1g.10gb or 3g.40gb");
				return null;
			}
			return value;
		}

		Double number(int field, double min, double max, boolean required, boolean minInclusive) {
			String name = NAMES.get(field);
			Object value = values.get(field);
			if (absent(value)) {
				if (required) {
					problem(name, "is required");
				}
				return null;
			}
			Double number = toDouble(value);
			if (number == null || number.isNaN() || number.isInfinite()) {
				problem(name, "must be a number");
				return null;
			}
			boolean tooSmall = minInclusive ? number < min : number <= min;
			if (tooSmall || number > max) {
				problem(name, minInclusive ? "must be between " + format(min) + " and " + format(max)
						: "must be greater than " + format(min) + " and at most " + format(max));
				return null;
			}
			return number;
		}

		Double fraction(int field) {
			return number(field, 0, 1, false, true);
		}

		Integer integer(int field, int min) {
			String name = NAMES.get(field);
			Object value = values.get(field);
			if (absent(value)) {
				return null;
			}
			Double number = toDouble(value);
			if (number == null || number != Math.rint(number) || number > Integer.MAX_VALUE) {
				problem(name, "must be a whole number");
				return null;
			}
			if (number < min) {
				problem(name, "must be at least " + min);
				return null;
			}
			return number.intValue();
		}

		Instant timestamp(Clock clock, Map<String, Instant> timestamps) {
			Object value = values.get(TIMESTAMP);
			if (absent(value)) {
				problem("timestamp", "is required");
				return null;
			}
			String text = String.valueOf(value);
			Instant instant = timestamps == null ? null : timestamps.get(text);
			if (instant == null) {
				try {
					instant = OffsetDateTime.parse(text.strip()).toInstant();
				}
				catch (DateTimeParseException ex) {
					problem("timestamp", "must be an RFC 3339 date-time with an offset, such as 2026-11-23T10:00:00Z");
					return null;
				}
				if (timestamps != null && timestamps.size() < 10_000) {
					timestamps.put(text, instant);
				}
			}
			if (instant.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
				problem("timestamp", "is in the future");
				return null;
			}
			if (instant.isBefore(EARLIEST)) {
				problem("timestamp", "is before the year 2000");
				return null;
			}
			return instant;
		}

		void notAbove(int usedField, Double used, int totalField, Double total) {
			if (used != null && total != null && used > total) {
				problem(NAMES.get(usedField), "must not exceed " + NAMES.get(totalField) + " (" + format(total) + ")");
			}
		}

		private void problem(String name, String detail) {
			failed = true;
			problems.add(FieldProblem.body(pointer + "/" + name, detail));
		}

		private static boolean absent(Object value) {
			return value == null || (value instanceof String text && text.isEmpty());
		}

		private static Double toDouble(Object value) {
			if (value instanceof Double number) {
				return number; // as JSON delivers numbers: kept, not boxed again
			}
			if (value instanceof Number number) {
				return number.doubleValue();
			}
			if (value instanceof String text) {
				try {
					return Double.valueOf(text.strip());
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
			return null;
		}

		private static String format(double value) {
			return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
		}
	}
}
