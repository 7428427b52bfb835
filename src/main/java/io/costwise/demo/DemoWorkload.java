package io.costwise.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.costwise.telemetry.WorkloadKind;

/**
 * One workload of the demo organisation: what it is, where it runs, when, and how it behaves. The
 * behaviour is a small model of the real thing (step time, memory and queueing), so that the numbers
 * in the samples agree with each other the way measured ones do.
 *
 * @param nodes how many nodes it runs on at once
 * @param allowedRegions where it may be placed (empty: anywhere)
 */
record DemoWorkload(String key, WorkloadKind kind, Map<String, String> labels, Placement placement, int nodes,
		Schedule schedule, Behaviour behaviour, Double latencySloP95Ms, boolean interruptible,
		List<String> allowedRegions) {

	DemoWorkload withSlo(double latencySloP95Ms) {
		return new DemoWorkload(key, kind, labels, placement, nodes, schedule, behaviour, latencySloP95Ms, interruptible,
				allowedRegions);
	}

	DemoWorkload markedInterruptible() {
		return new DemoWorkload(key, kind, labels, placement, nodes, schedule, behaviour, latencySloP95Ms, true,
				allowedRegions);
	}

	DemoWorkload allowedIn(String... regions) {
		return new DemoWorkload(key, kind, labels, placement, nodes, schedule, behaviour, latencySloP95Ms, interruptible,
				List.of(regions));
	}

	/**
	 * Where a node runs. For cloud instances the shape comes from the shipped catalog, so that it
	 * matches what the instance type really has.
	 *
	 * @param instanceType {@code null} on premises
	 * @param purchaseOption {@code null} on premises
	 * @param gpuModel {@code null} for CPU-only nodes
	 * @param gpuMemoryGiB the memory of one GPU
	 */
	record Placement(String provider, String region, String instanceType, String purchaseOption, String gpuModel,
			double gpuCount, double vcpus, double memoryGiB, double gpuMemoryGiB) {

		boolean spot() {
			return "SPOT".equals(purchaseOption);
		}

		boolean hasGpu() {
			return gpuModel != null;
		}
	}

	/** When a workload runs within the demo period. */
	sealed interface Schedule {

		boolean active(Instant windowStart, Instant from, Instant to);

		/** How far along its own course the workload is at a moment, 0 to 1: phases are placed by it. */
		default double progress(Instant at, Instant from, Instant to) {
			return fraction(at, from, to);
		}

		static double fraction(Instant at, Instant from, Instant to) {
			return (double) ChronoUnit.SECONDS.between(from, at) / ChronoUnit.SECONDS.between(from, to);
		}
	}

	/** All the time: services. */
	record Always() implements Schedule {

		@Override
		public boolean active(Instant windowStart, Instant from, Instant to) {
			return true;
		}
	}

	/**
	 * Once, from one share of the demo period to another: training runs, so that they keep their place
	 * in the story whatever the period's length.
	 */
	record Run(double start, double end) implements Schedule {

		@Override
		public boolean active(Instant windowStart, Instant from, Instant to) {
			double at = Schedule.fraction(windowStart, from, to);
			return at >= start && at < end;
		}

		@Override
		public double progress(Instant at, Instant from, Instant to) {
			return (Schedule.fraction(at, from, to) - start) / (end - start);
		}
	}

	/**
	 * For some hours from a UTC hour on every {@code everyDays}-th day, counted back from the last
	 * whole day of the period, so that even a short period holds a weekly job once.
	 */
	record Daily(int startHourUtc, int hours, int everyDays) implements Schedule {

		@Override
		public boolean active(Instant windowStart, Instant from, Instant to) {
			ZonedDateTime start = windowStart.atZone(ZoneOffset.UTC);
			LocalDate lastWholeDay = to.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
			long daysBefore = ChronoUnit.DAYS.between(start.toLocalDate(), lastWholeDay);
			double hour = start.getHour() + start.getMinute() / 60.0;
			return Math.floorMod(daysBefore, everyDays) == 0 && hour >= startHourUtc && hour < startHourUtc + hours;
		}
	}

	/** How a workload uses its nodes. */
	sealed interface Behaviour {
	}

	/**
	 * A batch size and precision from a point of the workload's course on (0 to 1).
	 */
	record Phase(double from, int batchSize, String precision) {

		static Phase at(List<Phase> phases, double progress) {
			Phase current = phases.get(0);
			for (Phase phase : phases) {
				if (progress >= phase.from()) {
					current = phase;
				}
			}
			return current;
		}
	}

	/**
	 * A training run. One step of a GPU takes {@code t(b) = overhead + b · fp32SecondsPerItem / speedup}
	 * (the linear step-time model the batch-size recommender fits); GPU memory is
	 * {@code m(b) = memoryBase + memoryPerItem · b} at 16 bits, more at 32.
	 *
	 * @param unitsPerItem work units per item, such as tokens per sequence
	 */
	record Training(List<Phase> phases, double stepOverheadSeconds, double fp32SecondsPerItem, double unitsPerItem,
			String workUnit, double memoryBaseGiB, double memoryPerItemGiB, double storageGiB) implements Behaviour {
	}

	/**
	 * A service behind a load balancer that sends each node the same share of requests (unless
	 * {@code traffic} says otherwise), whatever the node can take: a slower node queues, so its GPU
	 * runs hotter and its latency climbs at peak.
	 *
	 * @param peakRequestsPerNode requests per second a node gets at the daily peak, at the start
	 * @param capacityPerNode requests per second a node of speed 1 serves at the first phase's batch size
	 * @param speed each node's speed relative to the others (its count is the number of nodes)
	 * @param traffic each node's share of requests relative to the others
	 * @param burstChance the chance that a window sees a burst of test traffic (on a service hardly used)
	 */
	record Serving(Traffic pattern, double peakRequestsPerNode, double capacityPerNode, List<Double> speed,
			List<Double> traffic, List<Phase> phases, double baseLatencyMs, String workUnit, double unitsPerRequest,
			double kibPerResponse, double memoryBaseGiB, double memoryPerItemGiB, double burstChance)
			implements Behaviour {
	}

	/**
	 * A batch job that runs flat out while it runs.
	 *
	 * @param batchSize {@code null} for work without batches
	 * @param precision {@code null} for work without a model
	 * @param gpuUtil its typical GPU utilization; ignored on CPU-only nodes
	 */
	record Job(Integer batchSize, String precision, double gpuUtil, double cpuUtil, double itemsPerSecondPerNode,
			String workUnit, double gpuMemoryGiB, double storageGiB) implements Behaviour {
	}

	/**
	 * A daily load curve: a cosine from {@code trough} at night to 1 at {@code peakHourUtc}, lower on
	 * weekends, growing by {@code growth} over the demo period.
	 */
	record Traffic(double peakHourUtc, double trough, double weekend, double growth) {

		static final Traffic US_CONSUMER = new Traffic(19, 0.3, 0.85, 0.15);

		static final Traffic US_BUSINESS = new Traffic(17, 0.15, 0.35, 0.1);

		static final Traffic EU_CONSUMER = new Traffic(18, 0.25, 0.9, 0.12);

		static final Traffic EU_BUSINESS = new Traffic(10, 0.1, 0.2, 0.05);

		/** Two shifts on a factory floor; the line stands still on Sundays. */
		static final Traffic FACTORY = new Traffic(13, 0.15, 0.4, 0);

		double factor(Instant at, double progress) {
			ZonedDateTime time = at.atZone(ZoneOffset.UTC);
			double hour = time.getHour() + time.getMinute() / 60.0;
			double daily = trough + (1 - trough) * (0.5 + 0.5 * Math.cos(2 * Math.PI * (hour - peakHourUtc) / 24));
			boolean weekendDay = time.getDayOfWeek() == DayOfWeek.SATURDAY || time.getDayOfWeek() == DayOfWeek.SUNDAY;
			return daily * (weekendDay ? weekend : 1) * (1 + growth * progress);
		}
	}
}
