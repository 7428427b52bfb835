package io.costwise.recommendation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.costwise.pricing.Catalog;
import io.costwise.pricing.PriceBook;
import io.costwise.telemetry.OperatingPoint;
import io.costwise.telemetry.WorkloadKind;
import io.costwise.telemetry.WorkloadReference;

/**
 * Hand-built evidence for the recommenders' unit tests: operating points on one GPU of the shipped
 * catalog, as the usage ledger would aggregate them, without a database.
 */
final class Telemetry {

	static final Catalog CATALOG = Catalog.read("pricing");

	static final LocalDate TO = LocalDate.of(2026, 11, 24);

	static final LocalDate FROM = TO.minusDays(30);

	private final UUID workload = UUID.randomUUID();

	private final WorkloadKind kind;

	private final String gpu;

	private final List<OperatingPoint> points = new ArrayList<>();

	private Telemetry(WorkloadKind kind, String gpu) {
		this.kind = kind;
		this.gpu = gpu;
	}

	static Telemetry training(String gpu) {
		return new Telemetry(WorkloadKind.TRAINING, gpu);
	}

	static Telemetry inference(String gpu) {
		return new Telemetry(WorkloadKind.INFERENCE, gpu);
	}

	/** {@code hours} GPU-hours at a batch size and precision with a throughput (items/s) and GPU utilization. */
	Telemetry ran(int batch, String precision, double throughput, double gpuUtil, double hours) {
		points.add(point(batch, precision, throughput, gpuUtil, hours, 0));
		return this;
	}

	/** A batch size that was tried and ran out of memory: no throughput, {@code ooms} crashes. */
	Telemetry outOfMemory(int batch, String precision, long ooms) {
		points.add(point(batch, precision, Double.NaN, 0.9, 0.1, ooms));
		return this;
	}

	private OperatingPoint point(int batch, String precision, double throughput, double gpuUtil, double hours, long ooms) {
		boolean measured = !Double.isNaN(throughput);
		return new OperatingPoint(workload, FROM, TO.minusDays(1), null, null, null, "ON_DEMAND", gpu, batch, precision,
				60, hours, hours, 0, 0, gpuUtil, 0, null, null, measured ? throughput * hours * 3600 : 0,
				measured ? hours * 3600 : 0, "items", null, null, ooms);
	}

	WorkloadEvidence evidence() {
		WorkloadReference reference = new WorkloadReference(workload, "w", kind, Map.of(), null, false, List.of(), List.of());
		return new WorkloadEvidence(reference, BigDecimal.valueOf(1000), List.copyOf(points), List.of(),
				new PriceBook(CATALOG, List.of()), FROM, TO,
				new RecommendationProperties(Duration.ofDays(30), Duration.ofMinutes(10), "0 41 3 * * *", 3, 0.10, 20, 5));
	}
}
