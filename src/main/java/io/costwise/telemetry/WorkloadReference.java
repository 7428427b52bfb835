package io.costwise.telemetry;

import java.util.Map;
import java.util.UUID;

/** What other modules need to name and group a workload. */
public record WorkloadReference(UUID id, String key, WorkloadKind kind, Map<String, String> labels) {
}
