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
 * from the jar's classes: {@code PrecisionRecommender.option} (with the model's constants,
 * {@code PerformanceModel.Assumptions}, refitted per held-out source for the cross-validation) and
 * {@code PrecisionRecommender.recommend} for precision, {@code BatchSizeRecommender.Fit.of},
 * {@code bestBatch} and {@code recommend} for batch size, and GPU peaks from
 * {@code Catalog.read("pricing")}. Nothing of the model is re-implemented here; the only arithmetic
 * of this file is turning the published numbers into throughput, comparing, fitting the constants per
 * fold, and (clearly marked) one model variant computed for comparison.
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

	/** {@code PerformanceModel.Assumptions}: the model's constants, its DEFAULT, and how to make others for cross-validation. */
	final Constructor<?> assumptionsConstructor;

	final Constructor<?> bandConstructor;

	final Object defaultAssumptions;

	final int extrapolation;

	final Object batchRecommender;

	final Method batchRecommend;

	AccuracyBenchmark() throws Exception {
		Class<?> assumptionsClass = Class.forName("io.costwise.recommendation.PerformanceModel$Assumptions");
		Class<?> bandClass = Class.forName("io.costwise.recommendation.PerformanceModel$Band");
		assumptionsConstructor = accessible(assumptionsClass.getDeclaredConstructor(double.class, bandClass, bandClass));
		bandConstructor = accessible(bandClass.getDeclaredConstructor(double.class, double.class));
		var defaultField = assumptionsClass.getDeclaredField("DEFAULT");
		defaultField.setAccessible(true);
		defaultAssumptions = defaultField.get(null);
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
				String.class, String.class, assumptionsClass));
		batchRecommender = accessible(batch.getDeclaredConstructor()).newInstance();
		batchRecommend = accessible(batch.getDeclaredMethod("recommend", evidence));
	}

	static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
		member.setAccessible(true);
		return member;
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

	/** What the engine is given for a precision case. */
	enum Evidence {

		/** The headline: the workload's measured batch sizes at the higher precision where its source publishes them. */
		CURVE("the batch-size curve where the source publishes one (else one operating point)"),

		/** One operating point: the workload ran at one batch size only. */
		SINGLE("one operating point (one batch size)");

		final String label;

		Evidence(String label) {
			this.label = label;
		}
	}

	/**
	 * One precision case as the engine predicts it.
	 *
	 * @param basis where the engine's compute share came from (PerformanceModel.ShareBasis)
	 * @param low and {@code high}: the engine's range around its prediction
	 */
	record PrecisionResult(Case c, Evidence evidence, double util, double f, String basis, double k, double g, double r,
			double predicted, double low, double high, double measured, String engineProposal) {

		boolean sameBatch() {
			return c.toBatch() == null || c.toBatch().equals(c.batch());
		}

		double error() {
			return (predicted - measured) / measured;
		}

		/** Measured ÷ modelled: what the range is made of. */
		double ratio() {
			return measured / predicted;
		}

		boolean inRange() {
			return measured >= low && measured <= high;
		}
	}

	/** The engine's assumptions (PerformanceModel.Assumptions) with another GEMM share and bands: for cross-validation. */
	Object assumptions(double matmulShare, double[] curveBand, double[] utilizationBand) throws Exception {
		return assumptionsConstructor.newInstance(matmulShare, bandConstructor.newInstance(curveBand[0], curveBand[1]),
				bandConstructor.newInstance(utilizationBand[0], utilizationBand[1]));
	}

	double defaultMatmulShare() throws Exception {
		return (double) call(defaultAssumptions, "matmulShare");
	}

	double[] defaultBand(String which) throws Exception {
		Object band = call(defaultAssumptions, which);
		return new double[] { (double) call(band, "low"), (double) call(band, "high") };
	}

	/** The batch-size curves of cases.csv, by workload, GPU and precision: the telemetry a workload that ran them would have. */
	final Map<String, Case> curves = new LinkedHashMap<>();

	static String curveKey(String kind, String model, String gpu, String precision) {
		return kind + "|" + model + "|" + gpu + "|" + precision;
	}

	PrecisionResult precision(Case c, double util, Evidence given, Object assumptions) throws Exception {
		GpuModel gpu = gpu(c);
		int batch = c.batch();
		int toBatch = c.toBatch() == null ? batch : c.toBatch();
		double fromThroughput = c.throughput(batch, c.fromValue());
		double toThroughput = c.throughput(toBatch, c.toValue());
		double measured = toThroughput / fromThroughput;
		// The telemetry: the measured configuration (most GPU-hours, so the engine's current one) and, with a curve,
		// the other batch sizes the source measured at the higher precision. Never the lower precision: that would be
		// the measured answer.
		UUID id = UUID.nameUUIDFromBytes(c.id().getBytes(StandardCharsets.UTF_8));
		OperatingPoint current = point(id, gpu, batch, c.from(), fromThroughput, util, 100);
		List<OperatingPoint> points = new ArrayList<>(List.of(current));
		Case curve = given == Evidence.CURVE ? curves.get(curveKey(c.kind(), c.model(), c.gpu(), c.from())) : null;
		if (curve != null) {
			for (Point p : curve(curve)) {
				if (!p.oom() && p.batch() != batch) {
					points.add(point(id, gpu, p.batch(), c.from(), p.throughput(), util, 1));
				}
			}
		}
		Object evidence = evidence(c, points);
		Optional<?> option = (Optional<?>) precisionOption.invoke(null, evidence, current, gpu, c.from(), c.to(), assumptions);
		if (option.isEmpty()) {
			throw new IllegalArgumentException(c.id() + ": the engine models no " + c.from() + "→" + c.to() + " step on " + gpu.model());
		}
		Object model = call(option.get(), "model");
		Object share = call(model, "computeShare");
		String proposal = "—";
		if (assumptions == defaultAssumptions) {
			// What the recommender itself proposes for this telemetry (its best precision step).
			for (Object candidate : (List<?>) precisionRecommend.invoke(precisionRecommender, evidence)) {
				if (String.valueOf(call(candidate, "type")).equals("PRECISION")) {
					WorkloadConfiguration proposed = (WorkloadConfiguration) call(candidate, "proposed");
					proposal = String.format(Locale.ROOT, "%s ×%.2f", proposed.precision(), (Double) call(candidate, "speedup"));
				}
			}
		}
		return new PrecisionResult(c, given, util, (double) call(share, "value"), String.valueOf(call(share, "basis")),
				(double) call(model, "peakRatio"), (double) call(model, "matmulShare"), (double) call(model, "memoryRatio"),
				(double) call(model, "speedup"), (double) call(model, "low"), (double) call(model, "high"), measured, proposal);
	}

	List<PrecisionResult> precisionRun(List<Case> all, Evidence given, Double util, Object assumptions) throws Exception {
		List<PrecisionResult> out = new ArrayList<>();
		for (Case c : all) {
			if (c.type().equals("precision")) {
				out.add(precision(c, c.util() != null ? c.util() : util != null ? util : defaultUtil, given, assumptions));
			}
		}
		return out;
	}

	static final Map<String, Double> BYTES = Map.of("FP32", 4.0, "TF32", 4.0, "FP16", 2.0, "BF16", 2.0, "FP8", 1.0,
			"INT8", 1.0, "INT4", 0.5);

	/**
	 * A variant computed here for comparison only, NOT the engine: the achievable fraction of the datasheet peak
	 * differs by unit, FP32 CUDA cores 1, TF32 tensor cores {@code eTf32}, FP16/BF16/FP8/INT8 tensor cores
	 * {@code eTc}, so the GEMM part gains {@code k' = min(peak ratio × e(to)/e(from), 2 × bytes ratio)}; f, g and r
	 * are the engine's.
	 */
	double efficiencyVariant(PrecisionResult r, double eTf32, double eTc) {
		GpuModel gpu = gpu(r.c());
		java.util.function.ToDoubleFunction<String> e = p -> p.equals("FP32") ? 1 : p.equals("TF32") ? eTf32 : eTc;
		double k = Math.min(gpu.peak(r.c().to()) * e.applyAsDouble(r.c().to()) / (gpu.peak(r.c().from()) * e.applyAsDouble(r.c().from())),
				2 * BYTES.get(r.c().from()) / BYTES.get(r.c().to()));
		return 1 / ((1 - r.f()) + r.f() * r.g() / k + r.f() * (1 - r.g()) / r.r());
	}

	/** The source a case comes from, for leave-one-source-out: one README (ResNet-50 and ResNeXt101 share a recipe, so one). */
	static String family(Case c) {
		String s = c.source();
		if (s.contains("/ConvNets/")) {
			return "DeepLearningExamples ConvNets (ResNet-50, ResNeXt101)";
		}
		if (s.contains("ELECTRA")) {
			return "DeepLearningExamples ELECTRA";
		}
		if (s.contains("nnUNet")) {
			return "DeepLearningExamples nnU-Net";
		}
		if (s.contains("llm-foundry")) {
			return "llm-foundry MPT";
		}
		if (s.contains("TensorRT")) {
			return "TensorRT BERT";
		}
		return c.sourceShort();
	}

	static final double[] MATMUL_SHARES = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };

	/**
	 * One held-out source: the constants fitted on the other sources (g by the headline's median error, the
	 * bands as the 10th–90th percentiles of their measured ÷ modelled) and how they do on it, with the batch-size
	 * curves ({@code curve}) and from one operating point ({@code single}).
	 */
	record Fold(String source, int cases, double g, double[] curveBand, double[] utilizationBand, List<PrecisionResult> curve,
			List<PrecisionResult> single, double inSampleCurveMedian, double inSampleSingleMedian) {

		double[] band(PrecisionResult r) {
			return r.basis().equals("BATCH_CURVE") ? curveBand : utilizationBand;
		}

		long inBand(List<PrecisionResult> results) {
			return results.stream().filter(r -> r.ratio() >= band(r)[0] && r.ratio() <= band(r)[1]).count();
		}
	}

	record CrossValidation(List<Fold> folds) {

		List<Double> errors(boolean curve) {
			return folds.stream().flatMap(f -> (curve ? f.curve() : f.single()).stream()).map(r -> Math.abs(r.error())).toList();
		}

		double median(boolean curve) {
			return AccuracyBenchmark.median(errors(curve));
		}

		long within20(boolean curve) {
			return errors(curve).stream().filter(e -> e < 0.20).count();
		}

		long inBand(boolean curve) {
			return folds.stream().mapToLong(f -> f.inBand(curve ? f.curve() : f.single())).sum();
		}
	}

	CrossValidation crossValidate(List<Case> all, List<PrecisionResult> engineCurve, List<PrecisionResult> engineSingle)
			throws Exception {
		Map<Double, List<PrecisionResult>> curveByG = new LinkedHashMap<>();
		Map<Double, List<PrecisionResult>> singleByG = new LinkedHashMap<>();
		for (double g : MATMUL_SHARES) {
			Object a = assumptions(g, defaultBand("fromBatchCurve"), defaultBand("fromUtilization"));
			curveByG.put(g, precisionRun(all, Evidence.CURVE, null, a).stream().filter(PrecisionResult::sameBatch).toList());
			singleByG.put(g, precisionRun(all, Evidence.SINGLE, null, a).stream().filter(PrecisionResult::sameBatch).toList());
		}
		List<String> sources = engineCurve.stream().filter(PrecisionResult::sameBatch).map(r -> family(r.c())).distinct().toList();
		List<Fold> folds = new ArrayList<>();
		for (String source : sources) {
			double bestG = Double.NaN;
			double bestMedian = Double.POSITIVE_INFINITY;
			for (var entry : curveByG.entrySet()) {
				double m = median(entry.getValue().stream().filter(r -> !family(r.c()).equals(source)).map(r -> Math.abs(r.error())).toList());
				if (m < bestMedian - 1e-12) {
					bestMedian = m;
					bestG = entry.getKey();
				}
			}
			List<PrecisionResult> curveOthers = curveByG.get(bestG).stream().filter(r -> !family(r.c()).equals(source)).toList();
			List<PrecisionResult> singleOthers = singleByG.get(bestG).stream().filter(r -> !family(r.c()).equals(source)).toList();
			double[] curveBand = band(curveOthers.stream().filter(r -> r.basis().equals("BATCH_CURVE")).toList());
			double[] utilizationBand = band(singleOthers);
			folds.add(new Fold(source, (int) curveByG.get(bestG).stream().filter(r -> family(r.c()).equals(source)).count(), bestG,
					curveBand, utilizationBand,
					curveByG.get(bestG).stream().filter(r -> family(r.c()).equals(source)).toList(),
					singleByG.get(bestG).stream().filter(r -> family(r.c()).equals(source)).toList(),
					median(engineCurve.stream().filter(r -> r.sameBatch() && family(r.c()).equals(source)).map(r -> Math.abs(r.error())).toList()),
					median(engineSingle.stream().filter(r -> r.sameBatch() && family(r.c()).equals(source)).map(r -> Math.abs(r.error())).toList())));
		}
		return new CrossValidation(folds);
	}

	/** The 10th and 90th percentiles of measured ÷ modelled. */
	static double[] band(List<PrecisionResult> results) {
		List<Double> ratios = results.stream().map(PrecisionResult::ratio).sorted().toList();
		return new double[] { percentile(ratios, 0.10), percentile(ratios, 0.90) };
	}

	/** Linear interpolation between order statistics (numpy's default). */
	static double percentile(List<Double> sorted, double q) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		double position = q * (sorted.size() - 1);
		int lower = (int) Math.floor(position);
		int upper = Math.min(sorted.size() - 1, lower + 1);
		return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
	}

	static Object call(Object target, String accessor) throws Exception {
		Method m = target.getClass().getDeclaredMethod(accessor);
		m.setAccessible(true);
		return m.invoke(target);
	}

	/** The efficiency variant's two constants fitted by grid search to the given cases (least median |error|). */
	double[] fitEfficiency(List<PrecisionResult> results) {
		double[] best = { 1, 1, Double.POSITIVE_INFINITY };
		for (double eTf32 = 0.5; eTf32 <= 1.0001; eTf32 += 0.1) {
			for (double eTc = 0.4; eTc <= 1.0001; eTc += 0.1) {
				final double a = eTf32;
				final double b = eTc;
				double m = median(results.stream().map(r -> Math.abs(efficiencyVariant(r, a, b) - r.measured()) / r.measured()).toList());
				if (m < best[2] - 1e-12) {
					best = new double[] { a, b, m };
				}
			}
		}
		return best;
	}

	/** The efficiency variant with its constants fitted on the other sources, judged on each held-out one. */
	double efficiencyHeldOut(List<PrecisionResult> results) {
		List<Double> errors = new ArrayList<>();
		for (String source : results.stream().map(r -> family(r.c())).distinct().toList()) {
			double[] fit = fitEfficiency(results.stream().filter(r -> !family(r.c()).equals(source)).toList());
			results.stream()
				.filter(r -> family(r.c()).equals(source))
				.forEach(r -> errors.add(Math.abs(efficiencyVariant(r, fit[0], fit[1]) - r.measured()) / r.measured()));
		}
		return median(errors);
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
		// Curves measured at a batch ≥ 8: the set earlier runs could judge, when the engine proposed multiples of 8 only.
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

	/**
	 * The telemetry of a workload that ran the given batch sizes, and tried those the source reports as out of
	 * memory (an operating point with out-of-memory events and no throughput).
	 */
	List<OperatingPoint> operatingPoints(Case c, GpuModel gpu, double util, List<Point> given) {
		UUID id = UUID.nameUUIDFromBytes(c.id().getBytes(StandardCharsets.UTF_8));
		int smallest = given.stream().mapToInt(Point::batch).min().orElseThrow();
		List<OperatingPoint> ops = new ArrayList<>();
		for (Point p : given) {
			// The workload runs at its smallest measured batch today (most GPU-hours: the dominant point).
			ops.add(point(id, gpu, p.batch(), c.from(), p.throughput(), util, p.batch() == smallest ? 10 : 1));
		}
		for (Point p : curve(c)) {
			if (p.oom()) {
				ops.add(new OperatingPoint(id, FROM, TO.minusDays(1), null, null, null, "ON_DEMAND", gpu.model(), p.batch(), c.from(),
						SAMPLES, 0.1, 0.1, 0, 0, util, 0, null, gpu.memoryGiB(), 0, 0, "items", null, null, 1));
			}
		}
		return ops;
	}

	/** The measured points by batch size, as the engine's fit takes them. */
	static Map<Integer, OperatingPoint> byBatch(List<OperatingPoint> ops) {
		Map<Integer, OperatingPoint> byBatch = new TreeMap<>();
		for (OperatingPoint op : ops) {
			if (op.throughputPerNode() != null) {
				byBatch.put(op.batchSize(), op);
			}
		}
		return byBatch;
	}

	Object fit(Case c, GpuModel gpu, double util, List<Point> given) throws Exception {
		return ((Optional<?>) fitOf.invoke(null, byBatch(operatingPoints(c, gpu, util, given)))).orElse(null);
	}

	/** The engine's bestBatch from the given points with the given ceiling, judged against the whole measured curve. */
	BatchRun pick(Case c, GpuModel gpu, double util, List<Point> given, List<Point> all, int ceiling) throws Exception {
		List<OperatingPoint> ops = operatingPoints(c, gpu, util, given);
		Map<Integer, OperatingPoint> byBatch = byBatch(ops);
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
				curves.put(curveKey(c.kind(), c.model(), c.gpu(), c.from()), c);
			}
		}
		List<PrecisionResult> curve = precisionRun(all, Evidence.CURVE, null, defaultAssumptions);
		List<PrecisionResult> single = precisionRun(all, Evidence.SINGLE, null, defaultAssumptions);
		List<BatchResult> batch = new ArrayList<>();
		for (Case c : all) {
			if (c.type().equals("batch")) {
				batch.add(batch(c, c.util() != null ? c.util() : defaultUtil));
			}
		}
		CrossValidation cv = crossValidate(all, curve, single);
		// Sensitivity to the assumed utilization and to the GEMM share g (median |error| of the same-batch cases).
		Map<Double, double[]> utilization = new LinkedHashMap<>();
		for (double u : new double[] { 0.7, 0.8, 0.9, 0.95 }) {
			utilization.put(u, new double[] { sameMedian(precisionRun(all, Evidence.CURVE, u, defaultAssumptions)),
					sameMedian(precisionRun(all, Evidence.SINGLE, u, defaultAssumptions)) });
		}
		Map<Double, double[]> matmul = new LinkedHashMap<>();
		for (double g : new double[] { 0.4, 0.5, 0.6, 0.7, 0.8, 1.0 }) {
			Object a = assumptions(g, defaultBand("fromBatchCurve"), defaultBand("fromUtilization"));
			matmul.put(g, new double[] { sameMedian(precisionRun(all, Evidence.CURVE, null, a)),
					sameMedian(precisionRun(all, Evidence.SINGLE, null, a)) });
		}
		String md = report(curve, single, cv, utilization, matmul, batch);
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

	static double sameMedian(List<PrecisionResult> results) {
		return median(results.stream().filter(PrecisionResult::sameBatch).map(r -> Math.abs(r.error())).toList());
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

	String report(List<PrecisionResult> curve, List<PrecisionResult> single, CrossValidation cv, Map<Double, double[]> utilization,
			Map<Double, double[]> matmul, List<BatchResult> batch) throws Exception {
		StringBuilder md = new StringBuilder();
		md.append("<!-- accuracy:begin (written by bench/accuracy/run.sh) -->\n");
		md.append("### Recommendation accuracy — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
		md.append("- **Command:** `bench/accuracy/run.sh` (no database, no app; about 10 s); cases in `bench/accuracy/cases.csv`: ")
			.append(curve.size())
			.append(" precision cases and ")
			.append(batch.size())
			.append(" batch-size curves, each with its source file at a fixed commit and the table it comes from\n");
		md.append("- **Predictions:** the packaged engine's own code, called reflectively from the jar's classes: `PrecisionRecommender.option` "
				+ "(with `PerformanceModel.Assumptions`, its constants, refitted for the cross-validation) and `PrecisionRecommender.recommend` for precision, "
				+ "`BatchSizeRecommender.Fit.of / bestBatch / recommend` for batch size, GPU peaks from `Catalog.read(\"pricing\")`; the telemetry is one "
				+ "operating point per measured configuration (1 GPU, the published throughput): for a precision case the measured configuration at the "
				+ "higher precision and, in the headline, the other batch sizes its source measured at that precision (never the lower precision)\n");
		md.append(String.format(Locale.ROOT,
				"- **Assumed GPU utilization:** none of the sources reports one; telemetry of a benchmark loop that keeps the GPU busy would show it high, so "
						+ "**%.2f** is assumed for every case (sensitivity below)\n\n", defaultUtil));

		// --- precision summary
		List<PrecisionResult> same = curve.stream().filter(PrecisionResult::sameBatch).toList();
		List<PrecisionResult> sameSingle = single.stream().filter(PrecisionResult::sameBatch).toList();
		List<Double> sameErr = same.stream().map(r -> Math.abs(r.error())).toList();
		long withCurve = same.stream().filter(r -> r.basis().equals("BATCH_CURVE")).count();
		PrecisionResult worst = same.stream().max(Comparator.comparingDouble(r -> Math.abs(r.error()))).orElseThrow();
		md.append("#### Precision speedup (`PrecisionRecommender`: `S = 1 / ((1 − f) + f·g/k + f·(1 − g)/r)`)\n\n");
		md.append(String.format(Locale.ROOT, "`f` the compute-bound share (where the workload ran at several batch sizes, the share of its step that grows "
				+ "with the batch, at most the utilization; else the utilization, capped at 0.3 for inference at batch ≤ 2), `g` = %.2f the "
				+ "matrix-multiplication share of the busy time, `k` the dense peak ratio (capped at twice the bytes ratio), `r` the bytes ratio "
				+ "(1 for FP8 training, which keeps activations in BF16). Error = (predicted − measured) ÷ measured. The range is the "
				+ "engine's: the prediction × [%.2f, %.2f] with a batch-size curve, × [%.2f, %.2f] without.\n\n", defaultMatmulShare(),
				defaultBand("fromBatchCurve")[0], defaultBand("fromBatchCurve")[1], defaultBand("fromUtilization")[0],
				defaultBand("fromUtilization")[1]));
		md.append("| what the engine is given | cases | median \\|error\\| | held out by source ² | within 20 % | worst | measured inside the engine's range (held out ²) |\n");
		md.append("|---|---:|---:|---:|---:|---|---:|\n");
		headlineRow(md, "**" + Evidence.CURVE.label + "** (the headline; " + withCurve + " of " + same.size() + " with a curve)", same,
				cv.median(true), cv.within20(true), cv.inBand(true));
		headlineRow(md, Evidence.SINGLE.label, sameSingle, cv.median(false), cv.within20(false), cv.inBand(false));
		md.append("\n");
		md.append(String.format(Locale.ROOT,
				"**Target (issue): median error under 20 %% on precision speedup → %s**: %s in-sample and %s with each source held out on the %d "
						+ "same-batch cases given what the sources publish; %s / %s from one operating point. Worst: %s (%s %s on %s, batch %d), "
						+ "predicted ×%.2f, measured ×%.2f.\n\n",
				median(sameErr) < 0.20 && cv.median(true) < 0.20
						? sameMedian(sameSingle) < 0.20 && cv.median(false) < 0.20 ? "met"
								: "met with the batch-size curves, missed from one operating point"
						: "missed",
				apct(median(sameErr)), apct(cv.median(true)), same.size(), apct(sameMedian(sameSingle)), apct(cv.median(false)),
				worst.c().id(), worst.c().kind().toLowerCase(Locale.ROOT), worst.c().model(), worst.c().gpu(), worst.c().batch(),
				worst.predicted(), worst.measured()));
		md.append("By group (the headline's evidence):\n\n");
		md.append("| group | cases | median \\|error\\| | worst | median signed error | within 20 % | in range |\n|---|---:|---:|---|---:|---:|---:|\n");
		summaryRow(md, "all, including the batch-changed cases ¹", curve);
		Map<String, List<PrecisionResult>> groups = new LinkedHashMap<>();
		for (PrecisionResult r : same) {
			groups.computeIfAbsent(group(r.c()), x -> new ArrayList<>()).add(r);
		}
		groups.forEach((g, rs) -> summaryRow(md, g, rs));
		md.append("\n");

		// --- cross-validation
		md.append("² **Leave one source out.** For each source the tunable constants are refitted on the other four: `g` by least median "
				+ "|error| of the headline over " + java.util.Arrays.toString(MATMUL_SHARES) + ", the bands as the 10th–90th percentiles of "
				+ "their measured ÷ modelled (per basis, as the engine keeps them); the held-out source is then predicted with them. The "
				+ "small-batch cap (0.3 at batch ≤ 2) and the `k` cap (twice the bytes ratio) are the engine's earlier rules, not refitted.\n\n");
		md.append("| held-out source | cases | `g` fitted on the others | band fitted on the others (curve; one point) | median \\|error\\| held out (in-sample): curve | one point | in the band held out: curve | one point |\n");
		md.append("|---|---:|---:|---|---:|---:|---:|---:|\n");
		for (Fold f : cv.folds()) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | [%.2f, %.2f]; [%.2f, %.2f] | %s (%s) | %s (%s) | %d of %d | %d of %d |\n",
					f.source(), f.cases(), f.g(), f.curveBand()[0], f.curveBand()[1], f.utilizationBand()[0], f.utilizationBand()[1],
					apct(median(f.curve().stream().map(r -> Math.abs(r.error())).toList())), apct(f.inSampleCurveMedian()),
					apct(median(f.single().stream().map(r -> Math.abs(r.error())).toList())), apct(f.inSampleSingleMedian()),
					f.inBand(f.curve()), f.curve().size(), f.inBand(f.single()), f.single().size()));
		}
		double[] curveBandNow = band(same.stream().filter(r -> r.basis().equals("BATCH_CURVE")).toList());
		double[] singleBandNow = band(sameSingle);
		md.append(String.format(Locale.ROOT, "\nThe engine's bands against this run's 10th–90th percentiles of measured ÷ modelled (all sources): with a "
				+ "curve [%.2f, %.2f] in the engine, [%.2f, %.2f] now; from one point [%.2f, %.2f] in the engine, [%.2f, %.2f] now.\n\n",
				defaultBand("fromBatchCurve")[0], defaultBand("fromBatchCurve")[1], curveBandNow[0], curveBandNow[1],
				defaultBand("fromUtilization")[0], defaultBand("fromUtilization")[1], singleBandNow[0], singleBandNow[1]));

		// --- sensitivity
		md.append("Sensitivity (median |error| of the same-batch cases, with the curve / from one point):\n\n");
		md.append("- **assumed utilization** (none of the sources reports one): ");
		md.append(utilization.entrySet()
			.stream()
			.map(e -> String.format(Locale.ROOT, "u = %.2f: %s / %s", e.getKey(), apct(e.getValue()[0]), apct(e.getValue()[1])))
			.collect(Collectors.joining("; ")));
		md.append(";\n- **the GEMM share `g`** (" + String.format(Locale.ROOT, "%.1f", defaultMatmulShare())
				+ " in the engine; 1.0 puts all busy time at the peak ratio, as the model did before, without its FP8 rule): ");
		md.append(matmul.entrySet()
			.stream()
			.map(e -> String.format(Locale.ROOT, "g = %.1f: %s / %s", e.getKey(), apct(e.getValue()[0]), apct(e.getValue()[1])))
			.collect(Collectors.joining("; ")));
		double[] efficiency = fitEfficiency(same);
		double efficiencyHeldOut = efficiencyHeldOut(same);
		md.append(String.format(Locale.ROOT, ".\n\n**Tried, not in the engine** (computed by the runner): the achievable fraction of the "
				+ "datasheet peak by unit (TF32 tensor cores `e_tf32`, FP16/BF16/INT8 tensor cores `e_tc`, relative to FP32 CUDA cores, "
				+ "grid 0.5–1.0 and 0.4–1.0) fitted to all cases (e_tf32 = %.1f, e_tc = %.1f) takes the headline's median |error| from %s "
				+ "to %s in-sample and to %s with each source held out (the engine without it: %s)%s\n\n",
				efficiency[0], efficiency[1], apct(median(sameErr)), apct(efficiency[2]), apct(efficiencyHeldOut), apct(cv.median(true)),
				efficiencyHeldOut < cv.median(true) - 0.02
						? "."
						: ": two more fitted constants that gain in-sample and not out of sample fit the case list, not the hardware."));

		md.append("\n<details><summary>Every precision case (predicted vs measured)</summary>\n\n");
		md.append("| id | workload | GPU | change | batch | f (from) | k | r | predicted (range) | measured | error | the recommender proposes | from one point: f → S | source |\n");
		md.append("|---|---|---|---|---:|---|---:|---:|---|---:|---:|---|---|---|\n");
		for (int i = 0; i < curve.size(); i++) {
			PrecisionResult r = curve.get(i);
			PrecisionResult s = single.get(i);
			Case c = r.c();
			md.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s→%s | %s | %.2f (%s) | %.2f | %.0f | ×%.2f (%.2f–%.2f) | ×%.2f | %s | %s | %s | [%s](%s) |\n",
					c.id(), c.inference() ? "infer" : "train", c.model(), c.gpu(), c.from(), c.to(),
					r.sameBatch() ? String.valueOf(c.batch()) : c.batch() + "→" + c.toBatch() + " ¹", r.f(), basis(r.basis()), r.k(), r.r(),
					r.predicted(), r.low(), r.high(), r.measured(), pct(r.error()), r.engineProposal(),
					s.basis().equals(r.basis()) ? "same" : String.format(Locale.ROOT, "%.2f → ×%.2f (%s)", s.f(), s.predicted(), pct(s.error())),
					c.sourceShort(), c.source()));
		}
		md.append("\n\"The recommender proposes\" is `PrecisionRecommender.recommend` on the same telemetry: its best step, which may be "
				+ "another precision than the one measured (BF16 instead of FP16 on Ampere at the same modelled speedup, INT8 on a T4).\n\n"
				+ "¹ the source ran the lower precision at a larger batch, so the measured speedup includes the batch change; these are outside the headline.\n\n</details>\n\n");

		// --- batch size
		md.append("#### Batch size (`BatchSizeRecommender`: `t(b) = α + β·b` fitted to the measured points, the smallest batch of the grid "
				+ "1, 2, 4, 8, 16, 24, … within 2 % of the best, below any batch that ran out of memory)\n\n");
		List<BatchResult> rep = batch.stream().filter(BatchResult::representable).toList();
		List<BatchResult> unrep = batch.stream().filter(r -> !r.representable()).toList();
		md.append("| run | curves | picks the measured best | picks its neighbour | further | measured throughput at the pick ÷ best measured: median, worst |\n|---|---:|---:|---:|---:|---|\n");
		batchRow(md, "curves with a measured batch ≥ 8 (the earlier runs' set): all measured points given, range bounded by the largest measured batch",
				rep.stream().map(BatchResult::inRange).toList());
		batchRow(md, "the same, the measured best's throughput held out",
				rep.stream().filter(r -> r.heldOut() != null).map(BatchResult::heldOut).toList());
		batchRow(md, "all curves, all measured points given", batch.stream().map(BatchResult::inRange).toList());
		batchRow(md, "all curves, the measured best's throughput held out",
				batch.stream().filter(r -> r.heldOut() != null).map(BatchResult::heldOut).toList());
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
				"- **Measured at batch 1–4 only** (%d curves, 3D U-Net): in the measured range the engine picks the best or its neighbour in %d; "
						+ "as the recommender runs it proposes %s.\n\n",
				unrep.size(),
				unrep.stream().filter(r -> r.inRange().position().startsWith("measured best") || r.inRange().position().startsWith("neighbour")).count(),
				unrep.stream().map(r -> r.c().id() + " " + r.asRun() + (r.points().stream().anyMatch(Point::oom)
						? " (batch " + r.points().stream().filter(Point::oom).findFirst().orElseThrow().batch() + " ran out of memory)" : ""))
					.collect(Collectors.joining("; "))));
		md.append("<details><summary>Every batch-size curve</summary>\n\n");
		md.append("| id | workload | GPU | precision | measured (batch: throughput/s) | best | engine's best in the measured range | ÷ best | same, best held out | ÷ best | fit at held-out best vs measured | the recommender proposes (from the smallest batch) |\n");
		md.append("|---|---|---|---|---|---:|---|---:|---|---:|---:|---|\n");
		for (BatchResult r : batch) {
			Case c = r.c();
			String measuredCurve = r.points()
				.stream()
				.map(p -> p.batch() + ": " + (p.oom() ? "OOM" : String.format(Locale.ROOT, "%.0f", p.throughput())))
				.collect(Collectors.joining(", "));
			md.append(String.format(Locale.ROOT, "| [%s](%s) | %s %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |\n", c.id(),
					c.source(), c.inference() ? "infer" : "train", c.model(), c.gpu(), c.from(), measuredCurve, r.measuredBest(),
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
		md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s (%s: ×%.2f vs ×%.2f) | %s | %d of %d | %d of %d |\n", name, rs.size(),
				apct(median(errs)), pct(worst.error()), worst.c().id(), worst.predicted(), worst.measured(), pct(median(signed)),
				within, rs.size(), rs.stream().filter(PrecisionResult::inRange).count(), rs.size()));
	}

	static void headlineRow(StringBuilder md, String name, List<PrecisionResult> rs, double heldOutMedian, long heldOutWithin,
			long heldOutInBand) {
		List<Double> errs = rs.stream().map(r -> Math.abs(r.error())).toList();
		PrecisionResult worst = rs.stream().max(Comparator.comparingDouble(r -> Math.abs(r.error()))).orElseThrow();
		md.append(String.format(Locale.ROOT, "| %s | %d | **%s** | **%s** | %d (%d) of %d | %s (%s: ×%.2f vs ×%.2f) | %d (%d) of %d |\n", name,
				rs.size(), apct(median(errs)), apct(heldOutMedian), errs.stream().filter(e -> e < 0.20).count(), heldOutWithin, rs.size(),
				pct(worst.error()), worst.c().id(), worst.predicted(), worst.measured(),
				rs.stream().filter(PrecisionResult::inRange).count(), heldOutInBand, rs.size()));
	}

	static String basis(String basis) {
		return switch (basis) {
			case "BATCH_CURVE" -> "curve";
			case "UTILIZATION" -> "util.";
			case "SMALL_BATCH" -> "util., capped";
			default -> "assumed";
		};
	}
}
