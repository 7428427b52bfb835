package io.costwise.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A workload as its tenant describes it. The recommenders read the SLO, interruptibility and the
 * allowed regions and providers from here.
 *
 * @param key the client-chosen key samples name it by
 * @param kind unknown until someone sets it
 * @param latencySloP95Ms the inference latency target the batch-size recommender respects
 * @param interruptible whether the workload tolerates spot interruptions
 * @param allowedRegions where it may be placed; empty means anywhere
 * @param allowedProviders which clouds it may use; empty means any
 */
public record Workload(String key, @Schema(nullable = true) WorkloadKind kind, Map<String, String> labels,
		@Schema(nullable = true) Double latencySloP95Ms, boolean interruptible, List<String> allowedRegions,
		List<String> allowedProviders, Instant firstSeenAt, @Schema(nullable = true) Instant lastSampleAt) {
}
