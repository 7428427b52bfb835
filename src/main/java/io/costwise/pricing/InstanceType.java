package io.costwise.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A cloud instance type in one region, with its public hourly prices.
 *
 * @param gpuModel the catalog's GPU model name, {@code null} for CPU-only types
 * @param spotHourlyUsd {@code null} where the provider publishes no spot price
 * @param asOf when the prices were read from {@code source}
 */
public record InstanceType(String provider, String name, String region, double vcpus, double memoryGiB,
		@Schema(nullable = true) String gpuModel, double gpuCount, BigDecimal onDemandHourlyUsd,
		@Schema(nullable = true) BigDecimal spotHourlyUsd, String source, LocalDate asOf) {
}
