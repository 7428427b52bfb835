package io.costwise.telemetry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What other modules need to name, group and place a workload.
 *
 * @param latencySloP95Ms the inference latency target, {@code null} where none is set
 * @param allowedRegions where it may run; empty means anywhere
 * @param allowedProviders which clouds it may use; empty means any
 */
public record WorkloadReference(UUID id, String key, WorkloadKind kind, Map<String, String> labels,
		Double latencySloP95Ms, boolean interruptible, List<String> allowedRegions, List<String> allowedProviders) {
}
