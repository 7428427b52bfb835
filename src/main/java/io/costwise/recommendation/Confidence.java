package io.costwise.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How sure a recommendation is, and the numbers behind that.
 *
 * @param sampleCount the samples the evidence rests on
 * @param lookbackDays the days of telemetry read
 * @param fitError the relative RMS error of the fitted model against the measured points, where a
 * model was fitted
 * @param measured whether the predicted effect was measured on this workload (it ran that way) rather
 * than modelled from the GPU catalog
 */
public record Confidence(Level level, long sampleCount, int lookbackDays, @Schema(nullable = true) Double fitError,
		boolean measured) {

	public enum Level {

		HIGH, MEDIUM, LOW

	}
}
