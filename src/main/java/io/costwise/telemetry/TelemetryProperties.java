package io.costwise.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBatchSamples samples one batch may hold ({@code 413} beyond)
 * @param maxBodySize the largest request body, after decompression ({@code 413} beyond)
 * @param ingestRatePerSecond samples a tenant may send per second, on average
 * @param ingestBurst samples a tenant may send at once after a pause
 * @param rawRetention how long raw samples are kept (whole months are dropped once past it); rollups stay
 * @param tenants per-tenant exceptions to the rate, burst and retention, by tenant id (set by the
 * operator, e.g. {@code costwise.telemetry.tenants.<id>.ingest-rate-per-second=100000})
 */
@ConfigurationProperties("costwise.telemetry")
record TelemetryProperties(@DefaultValue("50000") int maxBatchSamples, @DefaultValue("64MB") DataSize maxBodySize,
		@DefaultValue("20000") double ingestRatePerSecond, @DefaultValue("200000") double ingestBurst,
		@DefaultValue("90d") Duration rawRetention, Map<UUID, TenantLimits> tenants) {

	TelemetryProperties {
		tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
	}

	/** What a tenant's contract changes; parts left out take the defaults. */
	record TenantLimits(@Schema(nullable = true) Double ingestRatePerSecond, @Schema(nullable = true) Double ingestBurst,
			@Schema(nullable = true) Duration rawRetention) {
	}

	double ingestRatePerSecond(UUID tenantId) {
		TenantLimits limits = tenants.get(tenantId);
		return limits != null && limits.ingestRatePerSecond() != null ? limits.ingestRatePerSecond() : ingestRatePerSecond;
	}

	double ingestBurst(UUID tenantId) {
		TenantLimits limits = tenants.get(tenantId);
		return limits != null && limits.ingestBurst() != null ? limits.ingestBurst() : ingestBurst;
	}

	Duration rawRetention(UUID tenantId) {
		TenantLimits limits = tenants.get(tenantId);
		return limits != null && limits.rawRetention() != null ? limits.rawRetention() : rawRetention;
	}

	/** Partitions can only go once no tenant keeps their months any longer. */
	Duration longestRetention() {
		return tenants.values()
			.stream()
			.map(TenantLimits::rawRetention)
			.filter(java.util.Objects::nonNull)
			.reduce(rawRetention, (a, b) -> a.compareTo(b) >= 0 ? a : b);
	}
}
