import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.pricing.Catalog;
import io.costwise.pricing.GpuModel;
import io.costwise.pricing.PriceBook;
import io.costwise.recommendation.WorkloadConfiguration;
import io.costwise.telemetry.OperatingPoint;
import io.costwise.telemetry.WorkloadKind;
import io.costwise.telemetry.WorkloadReference;

/**
 * Recommendation accuracy against public, measured GPU benchmarks (bench/README.md, "Recommendation
 * accuracy"). Every prediction is computed by the packaged engine's own code, called reflectively
 * from the jar's classes: {@code PerformanceModel.computeShare / peakRatio / amdahl} and the
 * {@code PrecisionRecommender} for precision, {@code BatchSizeRecommender.Fit.of} and
 * {@code BatchSizeRecommender.bestBatch} for batch size, and GPU peaks from
 * {@code Catalog.read("pricing")}. Nothing of the model is re-implemented here; the only arithmetic
 * of this file is turning the published numbers into throughput, comparing, and (clearly marked)
 * the model variants the README proposes.
 *
 * <p>Run through {@code bench/accuracy/run.sh}, which puts the jar's classes and libraries on the
 * class path and launches this file with {@code java AccuracyBenchmark.java}.
 */
public final class AccuracyBenchmark {

	// ------------------------------------------------------------------------------------------------
	// Options

	Path cases = Path.of("bench/accuracy/cases.csv");

	Path readme;

	/** The GPU utilization telemetry would report where a source gives none: a benchmark loop keeps the GPU busy. */
	double defaultUtil = 0.9;

	/** Sample count per measured batch size: equal weights in the engine's weighted fit. */
	static final long SAMPLES = 60;

	// ------------------------------------------------------------------------------------------------
	// The engine, reflectively

	final Catalog catalog = Catalog.read("pricing");

	final PriceBook book = new PriceBook(catalog, List.of());

	final Method computeShare;

	final Method peakRatio;

	final Method amdahl;

	final Method fitOf;

	final Method bestBatch;

	final Method fitThroughput;

	final Method fitAlpha;

	final Method fitBeta;

	final Method fitError;

	final Constructor<?> evidenceConstructor;

	final Object settings;

	final Object precisionRecommender;

	final Method precisionRecommend;

	/** {@code PrecisionRecommender.option}: the speedup the recommender itself computes for one precision step. */
	final Method precisionOption;

	final int extrapolation;

	final Object batchRecommender;

	final Method batchRecommend;

	AccuracyBenchmark() throws Exception {
		Class<?> model = Class.forName("io.costwise.recommendation.PerformanceModel");
		computeShare = accessible(model.getDeclaredMethod("computeShare", Double.class, boolean.class, Integer.class));
		peakRatio = accessible(model.getDeclaredMethod("peakRatio", GpuModel.class, String.class, String.class));
		amdahl = accessible(model.getDeclaredMethod("amdahl", double.class, double.class));
		Class<?> batch = Class.forName("io.costwise.recommendation.BatchSizeRecommender");
		Class<?> fit = Class.forName("io.costwise.recommendation.BatchSizeRecommender$Fit");
		Class<?> evidence = Class.forName("io.costwise.recommendation.WorkloadEvidence");
		fitOf = accessible(fit.getDeclaredMethod("of", Map.class));
		bestBatch = accessible(batch.getDeclaredMethod("bestBatch", evidence, OperatingPoint.class, fit, int.class));
		fitThroughput = accessible(fit.getDeclaredMethod("throughput", double.class));
		fitAlpha = accessible(fit.getDeclaredMethod("alpha"));
		fitBeta = accessible(fit.getDeclaredMethod("beta"));
		fitError = accessible(fit.getDeclaredMethod("error"));
		var extrapolationField = batch.getDeclaredField("EXTRAPOLATION");
		extrapolationField.setAccessible(true);
		extrapolation = extrapolationField.getInt(null);
		evidenceConstructor = accessible(evidence.getDeclaredConstructors()[0]);
		Class<?> properties = Class.forName("io.costwise.recommendation.RecommendationProperties");
		// The application's defaults (RecommendationProperties' @DefaultValue annotations).
		settings = accessible(properties.getDeclaredConstructors()[0]).newInstance(Duration.ofDays(30),
				Duration.ofMinutes(10), "0 41 3 * * *", 3, 0.10, 20.0, 5.0);
		Class<?> precision = Class.forName("io.costwise.recommendation.PrecisionRecommender");
		precisionRecommender = accessible(precision.getDeclaredConstructor()).newInstance();
		precisionRecommend = accessible(precision.getDeclaredMethod("recommend", evidence));
		precisionOption = accessible(precision.getDeclaredMethod("option", evidence, OperatingPoint.class, GpuModel.class,
				String.class, String.class));
		batchRecommender = accessible(batch.getDeclaredConstructor()).newInstance();
		batchRecommend = accessible(batch.getDeclaredMethod("recommend", evidence));
	}

	static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
		member.setAccessible(true);
		return member;
	}

	double computeShare(double util, boolean inference, int batch) throws Exception {
		return (double) computeShare.invoke(null, util, inference, batch);
	}

	Double peakRatio(GpuModel gpu, String from, String to) throws Exception {
		return (Double) peakRatio.invoke(null, gpu, from, to);
	}

	double amdahl(double f, double k) throws Exception {
		return (double) amdahl.invoke(null, f, k);
	}

	// ------------------------------------------------------------------------------------------------
	// Cases

	record Case(String id, String type, String kind, String model, String gpu, int gpus, String from, String to,
			Integer batch, Integer toBatch, Double util, String measure, Double fromValue, Double toValue, String curve,
			String source, String table, String note) {

		boolean inference() {
			return kind.equals("INFERENCE");
		}

		/** Measured throughput from a value in the case's measure (latency per batch → batch / latency). */
		double throughput(int batchSize, double value) {
			return measure.equals("latency_ms") ? batchSize * 1000.0 / value : value;
		}

		String sourceShort() {
			String s = source.replaceFirst("https://github.com/", "").replaceFirst("/blob/([0-9a-f]{7})[0-9a-f]*/", "@$1:");
			return s;
		}
	}

	List<Case> readCases() throws Exception {
		List<String> lines = Files.readAllLines(cases, StandardCharsets.UTF_8);
		List<String> header = csv(lines.get(0));
		List<Case> out = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			List<String> f = csv(line);
			if (f.size() != header.size()) {
				throw new IllegalArgumentException("cases.csv: " + f.size() + " fields, expected " + header.size() + ": " + line);
			}
			Map<String, String> r = new LinkedHashMap<>();
			for (int i = 0; i < header.size(); i++) {
				r.put(header.get(i), f.get(i).strip());
			}
			out.add(new Case(r.get("id"), r.get("type"), r.get("kind"), r.get("model"), r.get("gpu"),
					Integer.parseInt(r.get("gpus")), r.get("from"), blank(r.get("to")), integer(r.get("batch")),
					integer(r.get("to_batch")), decimal(r.get("gpu_util")), r.get("measure"), decimal(r.get("from_value")),
					decimal(r.get("to_value")), blank(r.get("curve")), r.get("source"), r.get("table"), r.get("note")));
		}
		return out;
	}

	static List<String> csv(String line) {
		List<String> out = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				out.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		out.add(field.toString());
		return out;
	}

	static String blank(String s) {
		return s == null || s.isBlank() ? null : s;
	}

	static Integer integer(String s) {
		return blank(s) == null ? null : Integer.valueOf(s);
	}

	static Double decimal(String s) {
		return blank(s) == null ? null : Double.valueOf(s);
	}

	// ------------------------------------------------------------------------------------------------
	// Evidence as the engine sees it

	static final LocalDate TO = LocalDate.now(ZoneOffset.UTC).plusDays(1);

	static final LocalDate FROM = TO.minusDays(30);

	/** One operating point: {@code hours} of one GPU at a batch size and precision with a measured throughput. */
	static OperatingPoint point(UUID workload, GpuModel gpu, int batch, String precision, double throughput, double util,
			double hours) {
		return new OperatingPoint(workload, FROM, TO.minusDays(1), null, null, null, "ON_DEMAND", gpu.model(), batch,
				precision, SAMPLES, hours, hours, 0, 0, util, 0, null, gpu.memoryGiB(), throughput * hours * 3600,
				hours * 3600, "items", null, null, 0);
	}

	Object evidence(Case c, List<OperatingPoint> points) throws Exception {
		WorkloadReference workload = new WorkloadReference(points.get(0).workloadId(), c.id(),
				c.inference() ? WorkloadKind.INFERENCE : WorkloadKind.TRAINING, Map.of(), null, false, List.of(), List.of());
		return evidenceConstructor.newInstance(workload, BigDecimal.valueOf(10_000), points, List.of(), book, FROM, TO,
				settings);
	}

	GpuModel gpu(Case c) {
		return catalog.gpuModel(c.gpu()).orElseThrow(() -> new IllegalArgumentException(c.id() + ": GPU " + c.gpu() + " is not in the catalog"));
	}

	// ------------------------------------------------------------------------------------------------
	// Precision

	record PrecisionResult(Case c, double util, double f, Double k, double predicted, double measured, double error,
			String engineProposal, Map<Variant, Double> variants) {

		boolean sameBatch() {
			return c.toBatch() == null || c.toBatch().equals(c.batch());
		}
	}

	PrecisionResult precision(Case c, double util) throws Exception {
		GpuModel gpu = gpu(c);
		int batch = c.batch();
		int toBatch = c.toBatch() == null ? batch : c.toBatch();
		double fromThroughput = c.throughput(batch, c.fromValue());
		double toThroughput = c.throughput(toBatch, c.toValue());
		double measured = toThroughput / fromThroughput;
		// The recommender's own computation for this step (PrecisionRecommender.option), on the telemetry it would see.
		UUID id = UUID.nameUUIDFromBytes(c.id().getBytes(StandardCharsets.UTF_8));
		OperatingPoint current = point(id, gpu, batch, c.from(), fromThroughput, util, 100);
		Object evidence = evidence(c, List.of(current));
		Optional<?> option = (Optional<?>) precisionOption.invoke(null, evidence, current, gpu, c.from(), c.to());
		if (option.isEmpty()) {
			throw new IllegalArgumentException(c.id() + ": the engine models no " + c.from() + "→" + c.to() + " step on " + gpu.model());
		}
		double predicted = (double) call(option.get(), "speedup");
		double f = (double) call(option.get(), "computeShare");
		Double k = (Double) call(option.get(), "peakRatio");
		// What the recommender itself proposes for this telemetry (its best precision step).
		String proposal = "—";
		for (Object candidate : (List<?>) precisionRecommend.invoke(precisionRecommender, evidence)) {
			String type = String.valueOf(call(candidate, "type"));
			if (type.equals("PRECISION")) {
				WorkloadConfiguration proposed = (WorkloadConfiguration) call(candidate, "proposed");
				proposal = String.format(Locale.ROOT, "%s ×%.2f", proposed.precision(), (Double) call(candidate, "speedup"));
			}
		}
		Map<Variant, Double> variants = new LinkedHashMap<>();
		for (Variant v : Variant.values()) {
			variants.put(v, variant(v, c, util, k));
		}
		Object curveFit = baselineFits.get(curveKey(c.kind(), c.model(), c.gpu(), c.from()));
		if (curveFit != null) {
			double a = (double) fitAlpha.invoke(curveFit);
			double b = (double) fitBeta.invoke(curveFit);
			double fitShare = Math.max(0.05, Math.min(0.98, b * batch / (a + b * batch)));
			variants.put(Variant.FIT_SHARE, amdahl(fitShare, k));
			fitShares.put(c.id(), fitShare);
		}
		else {
			variants.remove(Variant.FIT_SHARE);
		}
		return new PrecisionResult(c, util, f, k, predicted, measured, (predicted - measured) / measured, proposal, variants);
	}

	static final Map<String, Double> BYTES = Map.of("FP32", 4.0, "TF32", 4.0, "FP16", 2.0, "BF16", 2.0, "FP8", 1.0,
			"INT8", 1.0, "INT4", 0.5);

	/**
	 * Model variants the README discusses: proposals computed here for comparison only, NOT the engine.
	 * Each starts from the engine's own f (computeShare) and k (peakRatio).
	 */
	enum Variant {

		/** FP8 training (Transformer Engine) runs only the GEMMs in FP8: the compute share it speeds up is f·0.6. */
		FP8_GEMMS_ONLY("FP8 training speeds up GEMMs only (f × 0.6)"),

		/** Inference below batch 16 counts as launch-bound: f capped at 0.3 as the engine does for batch ≤ 2 today. */
		LAUNCH_BOUND_BELOW_16("inference below batch 16 is launch-bound (f ≤ 0.3)"),

		/** The non-tensor-core part is memory-bound and moves fewer bytes: S = 1/((1−f)/r + f/k), r the bytes ratio. */
		MEMORY_PART_SCALES("the memory-bound part speeds up by the bytes ratio"),

		/** The first two together. */
		FP8_AND_LAUNCH_BOUND("the first two together"),

		/**
		 * f from the workload's own batch-size fit instead of its utilization: the share of the step that grows
		 * with the batch, β·b / (α + β·b), from BatchSizeRecommender.Fit of the baseline precision's measured
		 * curve (cases whose curve is in cases.csv only).
		 */
		FIT_SHARE("f = β·b / (α + β·b) from the workload's own batch-size fit");

		final String label;

		Variant(String label) {
			this.label = label;
		}

		boolean affects(Case c) {
			return switch (this) {
				case FP8_GEMMS_ONLY -> !c.inference() && c.to().equals("FP8");
				case LAUNCH_BOUND_BELOW_16 -> c.inference() && c.batch() > 2 && c.batch() < 16;
				case MEMORY_PART_SCALES -> !(!c.inference() && c.to().equals("FP8"));
				case FP8_AND_LAUNCH_BOUND -> FP8_GEMMS_ONLY.affects(c) || LAUNCH_BOUND_BELOW_16.affects(c);
				case FIT_SHARE -> false; // decided per case: where a baseline curve exists
			};
		}
	}

	double variant(Variant v, Case c, double util, double k) throws Exception {
		double f = computeShare(util, c.inference(), c.batch());
		if (!v.affects(c)) {
			return amdahl(f, k);
		}
		return switch (v) {
			case FP8_GEMMS_ONLY -> amdahl(f * 0.6, k);
			case LAUNCH_BOUND_BELOW_16 -> amdahl(Math.min(f, 0.3), k);
			case MEMORY_PART_SCALES -> 1 / ((1 - f) / (BYTES.get(c.from()) / BYTES.get(c.to())) + f / k);
			case FP8_AND_LAUNCH_BOUND -> variant(Variant.FP8_GEMMS_ONLY.affects(c) ? Variant.FP8_GEMMS_ONLY : Variant.LAUNCH_BOUND_BELOW_16, c, util, k);
			case FIT_SHARE -> amdahl(f, k);
		};
	}

	static Object call(Object target, String accessor) throws Exception {
		Method m = target.getClass().getDeclaredMethod(accessor);
		m.setAccessible(true);
		return m.invoke(target);
	}

	/** The engine's fit of each batch-size curve in cases.csv, by workload, GPU and precision (for the FIT_SHARE variant). */
	final Map<String, Object> baselineFits = new LinkedHashMap<>();

	final Map<String, Double> fitShares = new LinkedHashMap<>();

	static String curveKey(String kind, String model, String gpu, String precision) {
		return kind + "|" + model + "|" + gpu + "|" + precision;
	}

	// ------------------------------------------------------------------------------------------------
	// Batch size

	record Point(int batch, Double throughput) {

		boolean oom() {
			return throughput == null;
		}
	}

	record BatchRun(Integer pick, String position, Double ratio) {
	}

	/**
	 * @param inRange the engine's best batch when the measured range bounds it (bestBatch with ceiling = the
	 * largest measured batch): "which of the measured sizes is best"
	 * @param heldOut the same with the measured best's throughput withheld (its batch size still bounds the range)
	 * @param asRun what BatchSizeRecommender.recommend proposes for a workload running at the smallest measured
	 * batch, with its real extrapolation limit
	 */
	record BatchResult(Case c, List<Point> points, int measuredBest, boolean representable, BatchRun inRange,
			BatchRun heldOut, String asRun, Double heldOutPredicted, Double heldOutMeasured, String fitNote) {
	}

	List<Point> curve(Case c) {
		List<Point> out = new ArrayList<>();
		for (String part : c.curve().split("\\|")) {
			String[] kv = part.split(":");
			int b = Integer.parseInt(kv[0].strip());
			out.add(kv[1].strip().equalsIgnoreCase("OOM") ? new Point(b, null) : new Point(b, c.throughput(b, Double.parseDouble(kv[1]))));
		}
		out.sort(Comparator.comparingInt(Point::batch));
		return out;
	}

	BatchResult batch(Case c, double util) throws Exception {
		GpuModel gpu = gpu(c);
		List<Point> points = curve(c);
		List<Point> measured = points.stream().filter(p -> !p.oom()).toList();
		Point best = measured.stream().max(Comparator.comparingDouble(Point::throughput)).orElseThrow();
		int largest = measured.get(measured.size() - 1).batch();
		// The engine proposes multiples of 8 only: a curve measured wholly below 8 cannot be answered from its grid.
		boolean representable = largest >= 8;
		Object fit = fit(c, gpu, util, measured);
		String fitNote = fit == null ? "no fit" : String.format(Locale.ROOT, "t(b) = %.3g + %.3g·b s, error %.1f %%",
				(double) fitAlpha.invoke(fit), (double) fitBeta.invoke(fit), 100 * (double) fitError.invoke(fit));
		BatchRun inRange = pick(c, gpu, util, measured, points, largest);
		List<Point> rest = measured.stream().filter(p -> p.batch() != best.batch()).toList();
		BatchRun held = null;
		Double predictedAtHeld = null;
		if (rest.size() >= 2) {
			held = pick(c, gpu, util, rest, points, largest);
			Object restFit = fit(c, gpu, util, rest);
			if (restFit != null) {
				predictedAtHeld = (double) fitThroughput.invoke(restFit, (double) best.batch());
			}
		}
		return new BatchResult(c, points, best.batch(), representable, inRange, held, asRun(c, gpu, util, measured),
				predictedAtHeld, best.throughput(), fitNote);
	}

	List<OperatingPoint> operatingPoints(Case c, GpuModel gpu, double util, List<Point> given) {
		UUID id = UUID.nameUUIDFromBytes(c.id().getBytes(StandardCharsets.UTF_8));
		int smallest = given.stream().mapToInt(Point::batch).min().orElseThrow();
		List<OperatingPoint> ops = new ArrayList<>();
		for (Point p : given) {
			// The workload runs at its smallest measured batch today (most GPU-hours: the dominant point).
			ops.add(point(id, gpu, p.batch(), c.from(), p.throughput(), util, p.batch() == smallest ? 10 : 1));
		}
		return ops;
	}

	Object fit(Case c, GpuModel gpu, double util, List<Point> given) throws Exception {
		Map<Integer, OperatingPoint> byBatch = new TreeMap<>();
		for (OperatingPoint op : operatingPoints(c, gpu, util, given)) {
			byBatch.put(op.batchSize(), op);
		}
		return ((Optional<?>) fitOf.invoke(null, byBatch)).orElse(null);
	}

	/** The engine's bestBatch from the given points with the given ceiling, judged against the whole measured curve. */
	BatchRun pick(Case c, GpuModel gpu, double util, List<Point> given, List<Point> all, int ceiling) throws Exception {
		List<OperatingPoint> ops = operatingPoints(c, gpu, util, given);
		Map<Integer, OperatingPoint> byBatch = new TreeMap<>();
		ops.forEach(op -> byBatch.put(op.batchSize(), op));
		Object fit = ((Optional<?>) fitOf.invoke(null, byBatch)).orElse(null);
		if (fit == null) {
			return new BatchRun(null, "no fit (step time does not grow with batch)", null);
		}
		OperatingPoint current = byBatch.values().iterator().next();
		Optional<?> pick = (Optional<?>) bestBatch.invoke(null, evidence(c, ops), current, fit, ceiling);
		if (pick.isEmpty()) {
			return new BatchRun(null, "none allowed", null);
		}
		int b = (Integer) pick.get();
		return new BatchRun(b, position(b, all), ratio(b, all));
	}

	/** What the batch-size recommender itself proposes to a workload at the smallest measured batch. */
	String asRun(Case c, GpuModel gpu, double util, List<Point> measured) throws Exception {
		List<OperatingPoint> ops = operatingPoints(c, gpu, util, measured);
		List<String> out = new ArrayList<>();
		for (Object candidate : (List<?>) batchRecommend.invoke(batchRecommender, evidence(c, ops))) {
			WorkloadConfiguration proposed = (WorkloadConfiguration) call(candidate, "proposed");
			out.add(String.format(Locale.ROOT, "%s %d→%d ×%.2f", call(candidate, "type"), ops.get(0).batchSize(),
					proposed.batchSize(), (Double) call(candidate, "speedup")));
		}
		return out.isEmpty() ? "no change" : String.join("; ", out);
	}

	/** Where a pick lies on the measured grid: the best, its neighbour, or further. */
	static String position(int pick, List<Point> all) {
		List<Point> measured = all.stream().filter(p -> !p.oom()).toList();
		Point best = measured.stream().max(Comparator.comparingDouble(Point::throughput)).orElseThrow();
		int bestIndex = measured.indexOf(best);
		Optional<Point> oom = all.stream().filter(Point::oom).min(Comparator.comparingInt(Point::batch));
		if (oom.isPresent() && pick >= oom.get().batch()) {
			return "at or above a batch that ran out of memory (" + oom.get().batch() + ")";
		}
		int largest = measured.get(measured.size() - 1).batch();
		if (pick < measured.get(0).batch()) {
			return "below the measured range (smallest " + measured.get(0).batch() + ")";
		}
		if (pick > largest) {
			return String.format(Locale.ROOT, "beyond the measured range (×%.1f the largest, %d)", pick / (double) largest, largest);
		}
		int nearest = 0;
		for (int i = 1; i < measured.size(); i++) {
			if (Math.abs(Math.log(measured.get(i).batch()) - Math.log(pick)) < Math.abs(Math.log(measured.get(nearest).batch())
					- Math.log(pick))) {
				nearest = i;
			}
		}
		int distance = Math.abs(nearest - bestIndex);
		String where = measured.get(nearest).batch() == pick ? "" : " (nearest measured " + measured.get(nearest).batch() + ")";
		return (distance == 0 ? "measured best" : distance == 1 ? "neighbour" : distance + " steps off") + where;
	}

	/** Measured throughput at the pick (log-linear between measured batches) over the best measured; null outside. */
	static Double ratio(int pick, List<Point> all) {
		List<Point> measured = all.stream().filter(p -> !p.oom()).toList();
		double best = measured.stream().mapToDouble(Point::throughput).max().orElseThrow();
		for (int i = 0; i < measured.size(); i++) {
			Point p = measured.get(i);
			if (p.batch() == pick) {
				return p.throughput() / best;
			}
			if (i + 1 < measured.size() && p.batch() < pick && measured.get(i + 1).batch() > pick) {
				Point q = measured.get(i + 1);
				double w = (Math.log(pick) - Math.log(p.batch())) / (Math.log(q.batch()) - Math.log(p.batch()));
				return (p.throughput() + w * (q.throughput() - p.throughput())) / best;
			}
		}
		return null;
	}

	// ------------------------------------------------------------------------------------------------
	// Run and report

	public static void main(String[] args) throws Exception {
		AccuracyBenchmark bench = new AccuracyBenchmark();
		for (String arg : args) {
			String[] kv = arg.replaceFirst("^--", "").split("=", 2);
			String v = kv.length > 1 ? kv[1] : "";
			switch (kv[0]) {
				case "cases" -> bench.cases = Path.of(v);
				case "readme" -> bench.readme = v.isEmpty() ? null : Path.of(v);
				case "gpu-util" -> bench.defaultUtil = Double.parseDouble(v);
				default -> throw new IllegalArgumentException("unknown option " + arg);
			}
		}
		bench.run();
	}

	void run() throws Exception {
		List<Case> all = readCases();
		for (Case c : all) {
			if (c.type().equals("batch")) {
				Object fit = fit(c, gpu(c), c.util() != null ? c.util() : defaultUtil, curve(c).stream().filter(p -> !p.oom()).toList());
				if (fit != null) {
					baselineFits.put(curveKey(c.kind(), c.model(), c.gpu(), c.from()), fit);
				}
			}
		}
		List<PrecisionResult> precision = new ArrayList<>();
		List<BatchResult> batch = new ArrayList<>();
		for (Case c : all) {
			double util = c.util() != null ? c.util() : defaultUtil;
			if (c.type().equals("precision")) {
				precision.add(precision(c, util));
			}
			else if (c.type().equals("batch")) {
				batch.add(batch(c, util));
			}
		}
		// Sensitivity to the assumed utilization.
		Map<Double, double[]> sensitivity = new LinkedHashMap<>();
		for (double u : new double[] { 0.7, 0.8, 0.9, 0.95 }) {
			List<Double> errs = new ArrayList<>();
			List<Double> same = new ArrayList<>();
			for (Case c : all) {
				if (c.type().equals("precision")) {
					PrecisionResult r = precision(c, c.util() != null ? c.util() : u);
					errs.add(Math.abs(r.error()));
					if (r.sameBatch()) {
						same.add(Math.abs(r.error()));
					}
				}
			}
			sensitivity.put(u, new double[] { median(same), median(errs) });
		}
		String md = report(precision, batch, sensitivity);
		System.out.println(md);
		if (readme != null) {
			String text = Files.readString(readme);
			String begin = "<!-- accuracy:begin";
			String end = "<!-- accuracy:end -->";
			int b = text.indexOf(begin);
			int e = text.indexOf(end);
			String updated = b >= 0 && e > b ? text.substring(0, b) + md + text.substring(e + end.length() + 1)
					: text.stripTrailing() + "\n\n" + md;
			Files.writeString(readme, updated);
			System.out.println("figures written into " + readme);
		}
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		if (n == 0) {
			return Double.NaN;
		}
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	static String pct(double v) {
		return String.format(Locale.ROOT, "%+.0f %%", 100 * v);
	}

	static String apct(double v) {
		return String.format(Locale.ROOT, "%.0f %%", 100 * v);
	}

	String report(List<PrecisionResult> precision, List<BatchResult> batch, Map<Double, double[]> sensitivity) {
		StringBuilder md = new StringBuilder();
		md.append("<!-- accuracy:begin (written by bench/accuracy/run.sh) -->\n");
		md.append("### Recommendation accuracy — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
		md.append("- **Command:** `bench/accuracy/run.sh` (no database, no app; about 10 s); cases in `bench/accuracy/cases.csv`: ")
			.append(precision.size())
			.append(" precision cases and ")
			.append(batch.size())
			.append(" batch-size curves, each with its source file at a fixed commit and the table it comes from\n");
		md.append("- **Predictions:** the packaged engine's own code, called reflectively from the jar's classes: `PerformanceModel.computeShare / peakRatio / amdahl` "
				+ "and `PrecisionRecommender.recommend` for precision, `BatchSizeRecommender.Fit.of / bestBatch / recommend` for batch size, GPU peaks from "
				+ "`Catalog.read(\"pricing\")`; the telemetry is one operating point per measured configuration (1 GPU, the published throughput)\n");
		md.append(String.format(Locale.ROOT,
				"- **Assumed GPU utilization:** none of the sources reports one; telemetry of a benchmark loop that keeps the GPU busy would show it high, so "
						+ "**%.2f** is assumed for every case (sensitivity below)\n\n", defaultUtil));

		// --- precision summary
		List<Double> allErr = precision.stream().map(r -> Math.abs(r.error())).toList();
		List<PrecisionResult> same = precision.stream().filter(PrecisionResult::sameBatch).toList();
		List<Double> sameErr = same.stream().map(r -> Math.abs(r.error())).toList();
		PrecisionResult worst = same.stream().max(Comparator.comparingDouble(r -> Math.abs(r.error()))).orElseThrow();
		md.append("#### Precision speedup (`PrecisionRecommender`: Amdahl over the catalog's dense peaks)\n\n");
		md.append("| group | cases | median \\|error\\| | worst | median signed error | within 20 % |\n|---|---:|---:|---|---:|---:|\n");
		summaryRow(md, "**all, same batch before and after** (the headline)", same);
		summaryRow(md, "all, including the batch-changed cases ¹", precision);
		Map<String, List<PrecisionResult>> groups = new LinkedHashMap<>();
		for (PrecisionResult r : same) {
			groups.computeIfAbsent(group(r.c()), x -> new ArrayList<>()).add(r);
		}
		groups.forEach((g, rs) -> summaryRow(md, g, rs));
		md.append("\n");
		md.append(String.format(Locale.ROOT,
				"**Target (issue): median error under 20 %% on precision speedup → %s**: %s on the %d same-batch cases (%s on all %d). "
						+ "Worst: %s (%s %s on %s, batch %d), predicted ×%.2f, measured ×%.2f.\n\n",
				median(sameErr) < 0.20 ? "met" : "missed", apct(median(sameErr)), same.size(), apct(median(allErr)),
				precision.size(), worst.c().id(), worst.c().kind().toLowerCase(Locale.ROOT), worst.c().model(), worst.c().gpu(),
				worst.c().batch(), worst.predicted(), worst.measured()));
		md.append("Sensitivity to the assumed utilization (median |error|, same-batch / all): ");
		md.append(sensitivity.entrySet()
			.stream()
			.map(e -> String.format(Locale.ROOT, "u = %.2f: %s / %s", e.getKey(), apct(e.getValue()[0]), apct(e.getValue()[1])))
			.collect(Collectors.joining("; ")));
		md.append(".\n\n");
		md.append("Model variants, computed by the runner for comparison only (**not** in the engine), each alone on the same-batch cases:\n\n");
		md.append("| variant | cases it changes | their median \\|error\\| now → with it | median \\|error\\| of all same-batch cases now → with it |\n|---|---:|---|---|\n");
		for (Variant v : Variant.values()) {
			List<PrecisionResult> affected = same.stream()
				.filter(r -> v == Variant.FIT_SHARE ? r.variants().containsKey(v) : v.affects(r.c()))
				.toList();
			md.append(String.format(Locale.ROOT, "| %s | %d | %s → %s | %s → %s |\n", v.label, affected.size(),
					apct(median(affected.stream().map(r -> Math.abs(r.error())).toList())),
					apct(median(affected.stream().map(r -> Math.abs(r.variants().get(v) - r.measured()) / r.measured()).toList())),
					apct(median(sameErr)),
					apct(median(same.stream().map(r -> Math.abs(r.variants().getOrDefault(v, r.predicted()) - r.measured()) / r.measured()).toList()))));
		}
		md.append("\n<details><summary>Every precision case (predicted vs measured)</summary>\n\n");
		md.append("| id | workload | GPU | change | batch | f | k | predicted | measured | error | the recommender proposes | f from the fit → S | source |\n");
		md.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---|\n");
		for (PrecisionResult r : precision) {
			Case c = r.c();
			Double fitShare = fitShares.get(c.id());
			md.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s→%s | %s | %.2f | %.2f | ×%.2f | ×%.2f | %s | %s | %s | [%s](%s) |\n",
					c.id(), c.inference() ? "infer" : "train", c.model(), c.gpu(), c.from(), c.to(),
					r.sameBatch() ? String.valueOf(c.batch()) : c.batch() + "→" + c.toBatch() + " ¹", r.f(), r.k(),
					r.predicted(), r.measured(), pct(r.error()), r.engineProposal(),
					fitShare == null ? "—" : String.format(Locale.ROOT, "%.2f → ×%.2f", fitShare, r.variants().get(Variant.FIT_SHARE)),
					c.sourceShort(), c.source()));
		}
		md.append("\n`f` = `computeShare` (the utilization, capped at 0.3 for inference at batch ≤ 2), `k` = `peakRatio` (dense peak ratio, capped at twice the bytes saving); "
				+ "predicted = `amdahl(f, k)`. \"The recommender proposes\" is `PrecisionRecommender.recommend` on the same telemetry: its best step, which may be "
				+ "another precision than the one measured (BF16 instead of FP16 on Ampere at the same modelled speedup, INT8 on a T4).\n\n"
				+ "¹ the source ran the lower precision at a larger batch, so the measured speedup includes the batch change; these are outside the headline.\n\n</details>\n\n");

		// --- batch size
		md.append("#### Batch size (`BatchSizeRecommender`: `t(b) = α + β·b` fitted to the measured points, smallest multiple of 8 within 2 % of the best)\n\n");
		List<BatchResult> rep = batch.stream().filter(BatchResult::representable).toList();
		List<BatchResult> unrep = batch.stream().filter(r -> !r.representable()).toList();
		List<BatchResult> repHeld = rep.stream().filter(r -> r.heldOut() != null).toList();
		md.append("| run (curves with a measured batch ≥ 8) | curves | picks the measured best | picks its neighbour | further | measured throughput at the pick ÷ best measured: median, worst |\n|---|---:|---:|---:|---:|---|\n");
		batchRow(md, "all measured points given, range bounded by the largest measured batch", rep.stream().map(BatchResult::inRange).toList());
		batchRow(md, "the measured best's throughput held out", repHeld.stream().map(BatchResult::heldOut).toList());
		md.append("\n");
		List<Double> looErr = batch.stream()
			.filter(r -> r.heldOutPredicted() != null)
			.map(r -> Math.abs(r.heldOutPredicted() - r.heldOutMeasured()) / r.heldOutMeasured())
			.toList();
		long proposesBeyond = batch.stream().filter(r -> beyond(r)).count();
		md.append(String.format(Locale.ROOT,
				"- **Fit quality:** throughput the engine's fit of the other points predicts at the held-out best batch, against the measured: "
						+ "median |error| **%s**, worst %s (%d curves).\n", apct(median(looErr)),
				apct(looErr.stream().mapToDouble(d -> d).max().orElse(Double.NaN)), looErr.size()));
		md.append(String.format(Locale.ROOT,
				"- **As the recommender runs** (`BatchSizeRecommender.recommend`, workload at its smallest measured batch, no memory telemetry in these sources, "
						+ "extrapolation allowed to %d× the largest measured batch): %d of %d proposals lie beyond the largest measured batch (flagged \"extrapolated\", confidence MEDIUM).\n",
				extrapolation, proposesBeyond, batch.size()));
		md.append(String.format(Locale.ROOT,
				"- **Not answerable:** %d curves were measured only at batch 1–4 (3D U-Net); the engine proposes multiples of 8 only, so it proposes 8 or 16 there%s.\n\n",
				unrep.size(), unrep.stream().anyMatch(r -> r.points().stream().anyMatch(Point::oom))
						? " — including a curve whose batch 4 ran out of memory (B19)" : ""));
		md.append("<details><summary>Every batch-size curve</summary>\n\n");
		md.append("| id | workload | GPU | precision | measured (batch: throughput/s) | best | engine's best in the measured range | ÷ best | same, best held out | ÷ best | fit at held-out best vs measured | the recommender proposes (from the smallest batch) |\n");
		md.append("|---|---|---|---|---|---:|---|---:|---|---:|---:|---|\n");
		for (BatchResult r : batch) {
			Case c = r.c();
			String curve = r.points()
				.stream()
				.map(p -> p.batch() + ": " + (p.oom() ? "OOM" : String.format(Locale.ROOT, "%.0f", p.throughput())))
				.collect(Collectors.joining(", "));
			md.append(String.format(Locale.ROOT, "| [%s](%s) | %s %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |\n", c.id(),
					c.source(), c.inference() ? "infer" : "train", c.model(), c.gpu(), c.from(), curve, r.measuredBest(),
					run(r.inRange()), r.inRange().ratio() == null ? "n/a" : apct(r.inRange().ratio()),
					r.heldOut() == null ? "—" : run(r.heldOut()),
					r.heldOut() == null || r.heldOut().ratio() == null ? "n/a" : apct(r.heldOut().ratio()),
					r.heldOutPredicted() == null ? "—" : String.format(Locale.ROOT, "%.0f vs %.0f (%s)", r.heldOutPredicted(),
							r.heldOutMeasured(), pct((r.heldOutPredicted() - r.heldOutMeasured()) / r.heldOutMeasured())),
					r.asRun()));
		}
		md.append("\n</details>\n");
		md.append("<!-- accuracy:end -->\n");
		return md.toString();
	}

	static String group(Case c) {
		String arch = switch (c.gpu().replaceAll("-.*", "")) {
			case "A100" -> "Ampere";
			case "V100" -> "Volta";
			case "T4" -> "Turing";
			case "H100" -> "Hopper";
			default -> c.gpu();
		};
		return (c.inference() ? "inference " : "training ") + c.from() + "→" + c.to() + " on " + arch
				+ (c.inference() && c.batch() < 16 && !c.to().equals("INT8") ? ", batch < 16" : c.inference() && !c.to().equals("INT8") ? ", batch ≥ 16" : "");
	}

	static boolean beyond(BatchResult r) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("→(\\d+)").matcher(r.asRun());
		int largest = r.points().stream().filter(p -> !p.oom()).mapToInt(Point::batch).max().orElse(0);
		return m.find() && Integer.parseInt(m.group(1)) > largest;
	}

	static String run(BatchRun run) {
		return run.pick() == null ? run.position() : run.pick() + " — " + run.position();
	}

	static void batchRow(StringBuilder md, String name, List<BatchRun> runs) {
		long best = runs.stream().filter(r -> r.position().startsWith("measured best")).count();
		long neighbour = runs.stream().filter(r -> r.position().startsWith("neighbour")).count();
		List<Double> ratios = runs.stream().map(BatchRun::ratio).filter(v -> v != null).toList();
		md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s, %s |\n", name, runs.size(), best, neighbour,
				runs.size() - best - neighbour, apct(median(ratios)), apct(ratios.stream().mapToDouble(d -> d).min().orElse(Double.NaN))));
	}

	void summaryRow(StringBuilder md, String name, List<PrecisionResult> rs) {
		if (rs.isEmpty()) {
			return;
		}
		List<Double> errs = rs.stream().map(r -> Math.abs(r.error())).toList();
		List<Double> signed = rs.stream().map(PrecisionResult::error).toList();
		PrecisionResult worst = rs.stream().max(Comparator.comparingDouble(r -> Math.abs(r.error()))).orElseThrow();
		long within = errs.stream().filter(e -> e < 0.20).count();
		md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s (%s: ×%.2f vs ×%.2f) | %s | %d of %d |\n", name, rs.size(),
				apct(median(errs)), pct(worst.error()), worst.c().id(), worst.predicted(), worst.measured(), pct(median(signed)),
				within, rs.size()));
	}
}
