package io.costwise.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.costwise.demo.DemoWorkload.Job;
import io.costwise.demo.DemoWorkload.Phase;
import io.costwise.demo.DemoWorkload.Placement;
import io.costwise.demo.DemoWorkload.Serving;
import io.costwise.demo.DemoWorkload.Training;

/**
 * The telemetry one demo workload's collectors would have sent over the demo period: a sample per node
 * and window. The noise comes from a random source seeded by the workload's key, so the same period
 * always gives the same samples; that is what lets an interrupted seeding resume under the same
 * idempotency keys.
 */
final class DemoTelemetry {

	/** How often a spot node is reclaimed, per hour; it comes back within two hours. */
	private static final double SPOT_RECLAIMS_PER_HOUR = 0.01;

	/** Bytes of a KiB over bytes of a GiB. */
	private static final double GIB_PER_KIB = 1.0 / (1024 * 1024);

	private final DemoWorkload workload;

	private final Placement placement;

	private final Instant from;

	private final Instant to;

	private final Duration window;

	private final double windowHours;

	private final SplittableRandom random;

	private DemoTelemetry(DemoWorkload workload, Instant from, Instant to, Duration window) {
		this.workload = workload;
		this.placement = workload.placement();
		this.from = from;
		this.to = to;
		this.window = window;
		this.windowHours = window.toSeconds() / 3600.0;
		this.random = new SplittableRandom(workload.key().hashCode());
	}

	/**
	 * @param from the start of the first window
	 * @param to the end of the last window
	 * @return oldest first, the nodes of one window together
	 */
	static List<DemoSample> samples(DemoWorkload workload, Instant from, Instant to, Duration window) {
		return new DemoTelemetry(workload, from, to, window).generate();
	}

	private List<DemoSample> generate() {
		List<DemoSample> samples = new ArrayList<>();
		int[] reclaimedFor = new int[workload.nodes()];
		for (Instant start = from; !start.plus(window).isAfter(to); start = start.plus(window)) {
			if (!workload.schedule().active(start, from, to)) {
				continue;
			}
			double progress = workload.schedule().progress(start, from, to);
			for (int node = 0; node < workload.nodes(); node++) {
				if (reclaimed(node, reclaimedFor)) {
					continue;
				}
				Measured measured = measure(node, start.plus(window.dividedBy(2)), progress);
				samples.add(sample(node, start.plus(window), measured));
			}
		}
		return samples;
	}

	/** Spot capacity disappears now and then: the node sends nothing until a replacement is up. */
	private boolean reclaimed(int node, int[] windowsLeft) {
		if (!placement.spot()) {
			return false;
		}
		if (windowsLeft[node] > 0) {
			windowsLeft[node]--;
			return true;
		}
		if (random.nextDouble() < SPOT_RECLAIMS_PER_HOUR * windowHours) {
			windowsLeft[node] = (int) Math.ceil((0.25 + 1.5 * random.nextDouble()) / windowHours) - 1;
			return true;
		}
		return false;
	}

	/** What a node measured over one window, apart from where it runs. */
	private record Measured(double cpuUtil, double memoryUsedShare, Double gpuUtil, Double gpuMemoryUsedGiB,
			Double netEgressGiB, double storageGiB, Integer batchSize, String precision, double throughput,
			String workUnit, Double latencyP95Ms, Integer oomEvents) {
	}

	private Measured measure(int node, Instant at, double progress) {
		if (workload.behaviour() instanceof Training training) {
			return training(training, progress);
		}
		if (workload.behaviour() instanceof Serving serving) {
			return serving(serving, node, at, progress);
		}
		return job((Job) workload.behaviour());
	}

	/**
	 * A GPU's step takes {@code overhead + compute}; the compute share is what its SM activity shows.
	 * Larger batches amortize the overhead (more throughput, busier GPUs) and take more memory; where
	 * memory runs out the job crashes and loses part of the window to restarting from a checkpoint.
	 */
	private Measured training(Training training, double progress) {
		Phase phase = Phase.at(training.phases(), progress);
		int batch = phase.batchSize();
		boolean wide = wide(phase.precision());
		double compute = batch * training.fp32SecondsPerItem() / speedup(phase.precision());
		double overhead = training.stepOverheadSeconds() * (1 + 0.06 * (workload.nodes() - 1));
		double computeShare = compute / (compute + overhead);
		double total = placement.gpuMemoryGiB();
		double memory = Math.min(0.995 * total, (training.memoryBaseGiB() * (wide ? 1.5 : 1)
				+ training.memoryPerItemGiB() * (wide ? 2 : 1) * batch) * noise(0.01));
		int oomEvents = memory > 0.96 * total && random.nextDouble() < 0.3 ? 1 : 0;
		double lost = oomEvents * (0.25 + 0.25 * random.nextDouble());
		boolean evaluating = random.nextDouble() < 0.05;
		double busy = (1 - lost) * (evaluating ? 0.5 : 1);
		double itemsPerSecond = placement.gpuCount() * batch / (compute + overhead) * noise(0.03) * busy;
		double gpuUtil = share((0.22 + 0.72 * computeShare + 0.025 * gauss()) * (evaluating ? 0.6 : 1) * (1 - 0.8 * lost));
		return new Measured(share(0.15 + 0.25 * computeShare + 0.03 * gauss()), share(0.3 + 0.04 * gauss()), gpuUtil,
				memory, null, training.storageGiB(), batch, phase.precision(), itemsPerSecond * training.unitsPerItem(),
				training.workUnit(), null, oomEvents);
	}

	/**
	 * Requests follow the daily curve; a node's load is its requests over what it can serve, and
	 * latency grows with queueing as the load nears 1. A slow node gets as many requests as the others,
	 * so it is the one that saturates.
	 */
	private Measured serving(Serving serving, int node, Instant at, double progress) {
		Phase phase = Phase.at(serving.phases(), progress);
		Phase first = serving.phases().get(0);
		double speed = serving.speed().get(node);
		double share = serving.traffic() == null ? 1
				: serving.traffic().get(node) * serving.traffic().size()
						/ serving.traffic().stream().mapToDouble(Double::doubleValue).sum();
		double requests = serving.peakRequestsPerNode() * serving.pattern().factor(at, progress) * share * noise(0.06);
		if (serving.burstChance() > 0 && random.nextDouble() < serving.burstChance()) {
			requests += serving.capacityPerNode() * (0.1 + 0.25 * random.nextDouble());
		}
		int batch = phase.batchSize();
		double batching = 2.0 * batch / (batch + first.batchSize());
		double capacity = serving.capacityPerNode() * speed * batching * speedup(phase.precision())
				/ speedup(first.precision());
		double load = Math.min(requests / capacity, 1);
		double served = Math.min(requests, 0.97 * capacity);
		double queueing = Math.min(load, 0.97);
		double latency = serving.baseLatencyMs() / speed * (1 + 0.25 * log2((double) batch / first.batchSize()))
				* (1 + 0.3 * queueing / (1 - queueing)) * noise(0.05);
		double memory = Math.min(0.99 * placement.gpuMemoryGiB(),
				serving.memoryBaseGiB() + serving.memoryPerItemGiB() * batch * (0.6 + 0.4 * load) * noise(0.02));
		return new Measured(share(0.06 + 0.4 * load + 0.02 * gauss()), share(0.2 + 0.12 * load + 0.02 * gauss()),
				share(0.01 + 0.93 * load + 0.012 * gauss()), memory,
				served * window.toSeconds() * serving.kibPerResponse() * GIB_PER_KIB, 100, batch, phase.precision(),
				served * serving.unitsPerRequest(), serving.workUnit(), latency, null);
	}

	private Measured job(Job job) {
		boolean gpu = placement.hasGpu();
		Double gpuUtil = gpu ? share(job.gpuUtil() + 0.04 * gauss()) : null;
		double pace = gpu ? gpuUtil / job.gpuUtil() : 1;
		Double gpuMemory = gpu ? Math.min(0.99 * placement.gpuMemoryGiB(), job.gpuMemoryGiB() * noise(0.02)) : null;
		return new Measured(share(job.cpuUtil() + 0.04 * gauss()), share(0.45 + 0.05 * gauss()), gpuUtil, gpuMemory, null,
				job.storageGiB(), job.batchSize(), job.precision(), job.itemsPerSecondPerNode() * pace * noise(0.03),
				job.workUnit(), null, null);
	}

	private DemoSample sample(int node, Instant end, Measured measured) {
		boolean gpu = placement.hasGpu();
		return new DemoSample(workload.key(), workload.key() + "-" + node, end.toString(), window.toSeconds(),
				placement.provider(), placement.region(), placement.instanceType(), placement.purchaseOption(),
				placement.gpuModel(), gpu ? placement.gpuCount() : null, placement.vcpus(), placement.memoryGiB(),
				round(measured.cpuUtil()), round(measured.memoryUsedShare() * placement.memoryGiB()),
				round(measured.gpuUtil()), round(measured.gpuMemoryUsedGiB()), gpu ? placement.gpuMemoryGiB() : null,
				round(measured.netEgressGiB()), measured.storageGiB(), measured.batchSize(), measured.precision(),
				round(measured.throughput()), measured.workUnit(), round(measured.latencyP95Ms()), measured.oomEvents());
	}

	/**
	 * How much faster than FP32 a precision runs a typical model on GPUs that accelerate it: tensor
	 * cores speed up the compute-bound part, memory traffic and the rest do not.
	 */
	static double speedup(String precision) {
		return switch (precision) {
			case "TF32" -> 1.6;
			case "FP16", "BF16" -> 2.3;
			case "FP8" -> 3.2;
			case "INT8" -> 3.0;
			case "INT4" -> 3.6;
			default -> 1;
		};
	}

	/** 32-bit precisions hold twice the activations and half again the weights and optimizer state. */
	private static boolean wide(String precision) {
		return "FP32".equals(precision) || "TF32".equals(precision);
	}

	private double gauss() {
		return Math.max(-3, Math.min(3, random.nextGaussian()));
	}

	private double noise(double spread) {
		return Math.max(0, 1 + spread * gauss());
	}

	private static double share(double value) {
		return Math.max(0, Math.min(1, value));
	}

	private static double log2(double value) {
		return Math.log(value) / Math.log(2);
	}

	/** Four decimals are more than any collector reports, and keep the batches small. */
	private static Double round(Double value) {
		return value == null ? null : Math.round(value * 10_000) / 10_000.0;
	}
}
