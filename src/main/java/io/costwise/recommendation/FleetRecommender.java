package io.costwise.recommendation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.costwise.pricing.GpuModel;
import io.costwise.recommendation.Confidence.Level;
import io.costwise.telemetry.NodeLoad;
import org.springframework.stereotype.Component;

/**
 * Multi-node inference fleets (DESIGN §6): under-used GPUs bin-packed onto fewer, by measured GPU
 * memory and utilization; and load imbalance, {@code MSE = 1/N Σ(Pᵢ − P̄)²} over node loads, fixed by
 * routing weights proportional to measured node capacity instead of round robin.
 */
@Component
class FleetRecommender implements Recommender {

	/** A packed GPU is planned up to this utilization, leaving room for bursts. */
	static final double TARGET_UTILIZATION = 0.75;

	/** Imbalance worth fixing: the busiest node this much above the mean load. */
	static final double IMBALANCE = 1.25;

	@Override
	public List<Candidate> recommend(WorkloadEvidence evidence) {
		List<NodeLoad> nodes = evidence.nodes().stream().filter(node -> node.gpuUtil() != null).toList();
		if (!evidence.inference() || nodes.size() < 2) {
			return List.of();
		}
		List<Candidate> candidates = new ArrayList<>();
		consolidation(evidence, nodes).ifPresent(candidates::add);
		loadBalancing(evidence, nodes).ifPresent(candidates::add);
		return candidates;
	}

	/** First-fit decreasing by utilization, with GPU memory as the second dimension. */
	private Optional<Candidate> consolidation(WorkloadEvidence evidence, List<NodeLoad> nodes) {
		GpuModel gpu = evidence.gpu();
		double memory = gpu == null ? Double.MAX_VALUE : 0.9 * gpu.memoryGiB();
		List<double[]> bins = new ArrayList<>();
		nodes.stream().sorted(Comparator.comparingDouble(NodeLoad::gpuUtil).reversed()).forEach(node -> {
			double used = node.gpuMemoryUsedGiBMax() == null ? memory / 2 : node.gpuMemoryUsedGiBMax();
			for (double[] bin : bins) {
				if (bin[0] + node.gpuUtil() <= TARGET_UTILIZATION && bin[1] + used <= memory) {
					bin[0] += node.gpuUtil();
					bin[1] += used;
					return;
				}
			}
			bins.add(new double[] { node.gpuUtil(), used });
		});
		if (bins.size() >= nodes.size()) {
			return Optional.empty();
		}
		double ratio = bins.size() / (double) nodes.size();
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("nodes", nodes.stream().map(FleetRecommender::node).toList());
		shown.put("packedNodes", bins.size());
		shown.put("targetUtilization", TARGET_UTILIZATION);
		return Optional.of(new Candidate(RecommendationType.CONSOLIDATION,
				"Consolidate %d under-used GPU nodes onto %d".formatted(nodes.size(), bins.size()),
				("Bin-packing the measured load (GPU utilization up to %.0f %% and GPU memory up to 90 %% per GPU) fits the %d nodes' "
						+ "work on %d (MIG or time-slicing where one GPU hosts several replicas).").formatted(100 * TARGET_UTILIZATION,
								nodes.size(), bins.size()),
				List.of("Co-located replicas share a GPU: tail latency rises under bursts; keep autoscaling on."),
				List.of("Load stays as measured over the last 7 days."), evidence.currentConfiguration(),
				evidence.currentConfiguration().withNodes(bins.size()), shown,
				new Confidence(Level.MEDIUM, evidence.sampleCount(), evidence.lookbackDays(), null, true), null,
				evidence.monthlyCost(), Candidate.scaled(evidence.monthlyCost(), ratio)));
	}

	/**
	 * Capacity {@code cᵢ = throughputᵢ / utilizationᵢ}; weights {@code cᵢ / Σc}; at balance every node
	 * runs at {@code ΣP / Σc}, and the hottest node's queueing delay falls as {@code (1 − ρ_max)/(1 − ρ)}.
	 */
	private Optional<Candidate> loadBalancing(WorkloadEvidence evidence, List<NodeLoad> nodes) {
		List<NodeLoad> measured = nodes.stream().filter(node -> node.throughput() != null && node.gpuUtil() > 0.01).toList();
		if (measured.size() < 2) {
			return Optional.empty();
		}
		double mean = measured.stream().mapToDouble(NodeLoad::gpuUtil).average().orElse(0);
		double mse = measured.stream().mapToDouble(node -> Math.pow(node.gpuUtil() - mean, 2)).sum() / measured.size();
		NodeLoad hottest = measured.stream().max(Comparator.comparingDouble(NodeLoad::gpuUtil)).orElseThrow();
		if (hottest.gpuUtil() < IMBALANCE * mean) {
			return Optional.empty();
		}
		double capacity = measured.stream().mapToDouble(node -> node.throughput() / node.gpuUtil()).sum();
		double load = measured.stream().mapToDouble(NodeLoad::throughput).sum();
		double balanced = load / capacity;
		Map<String, Double> weights = new LinkedHashMap<>();
		measured.forEach(node -> weights.put(node.node(), BatchSizeRecommender.round(node.throughput() / node.gpuUtil() / capacity)));
		Double latency = hottest.latencyP95Ms();
		Double predictedLatency = latency == null || hottest.gpuUtil() >= 0.999 ? null
				: latency * (1 - Math.min(0.95, hottest.gpuUtil())) / (1 - balanced);
		// With the load spread by capacity, the fleet reaches the hottest node's utilization with fewer nodes.
		int needed = (int) Math.ceil(measured.size() * balanced / hottest.gpuUtil());
		double ratio = Math.min(1, needed / (double) measured.size());
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("nodes", measured.stream().map(FleetRecommender::node).toList());
		shown.put("imbalanceMse", BatchSizeRecommender.round(mse));
		shown.put("routingWeights", weights);
		shown.put("balancedUtilization", BatchSizeRecommender.round(balanced));
		shown.put("hottestNodeLatencyP95Ms", latency);
		shown.put("predictedLatencyP95Ms", predictedLatency == null ? null : BatchSizeRecommender.round(predictedLatency));
		return Optional.of(new Candidate(RecommendationType.LOAD_BALANCING, "Route by node capacity instead of round robin",
				("Node loads are uneven: utilization from %.0f %% to %.0f %% (MSE %.4f). Routing weights proportional to each node's measured "
						+ "capacity (throughput / utilization) put every node at %.0f %%%s%s.").formatted(
								100 * measured.stream().mapToDouble(NodeLoad::gpuUtil).min().orElse(0), 100 * hottest.gpuUtil(), mse,
								100 * balanced,
								predictedLatency == null ? "" : ", cutting the hottest node's p95 latency from %.0f to about %.0f ms"
									.formatted(latency, predictedLatency),
								ratio < 1 ? "; the same peak utilization then needs %d nodes instead of %d".formatted(needed, measured.size()) : ""),
				List.of("Capacity is measured under the current mix of requests; re-weight when the mix changes."),
				List.of("Queueing delay follows an M/M/1 queue: it scales with 1/(1 − utilization)."),
				evidence.currentConfiguration(), evidence.currentConfiguration().withNodes(needed), shown,
				new Confidence(Level.MEDIUM, evidence.sampleCount(), evidence.lookbackDays(), null, true), null,
				evidence.monthlyCost(), Candidate.scaled(evidence.monthlyCost(), ratio)));
	}

	private static Map<String, Object> node(NodeLoad node) {
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("node", node.node());
		shown.put("gpuUtil", node.gpuUtil() == null ? null : BatchSizeRecommender.round(node.gpuUtil()));
		shown.put("throughput", node.throughput() == null ? null : BatchSizeRecommender.round(node.throughput()));
		shown.put("gpuMemoryUsedGiB", node.gpuMemoryUsedGiBMax());
		shown.put("latencyP95Ms", node.latencyP95Ms() == null ? null : BatchSizeRecommender.round(node.latencyP95Ms()));
		return shown;
	}
}
