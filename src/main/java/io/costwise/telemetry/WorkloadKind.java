package io.costwise.telemetry;

/** What a workload is; the recommenders treat each differently (latency SLOs apply to inference). */
public enum WorkloadKind {
	TRAINING, INFERENCE, BATCH
}
