package io.costwise.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * A workload's usage from {@code from} to {@code to} in steps of {@code stepSeconds}, read from the rollups.
 * A read model other modules may consume.
 *
 * @param resolution the rollup the series was read from: {@code HOUR} or {@code DAY}
 */
public record UsageSeries(String workload, Instant from, Instant to, long stepSeconds, String resolution,
		List<UsagePoint> points) {
}
