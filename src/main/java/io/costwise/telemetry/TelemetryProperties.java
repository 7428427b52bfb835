package io.costwise.telemetry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBatchSamples samples one batch may hold ({@code 413} beyond)
 * @param maxBodySize the largest request body, after decompression ({@code 413} beyond)
 * @param ingestRatePerSecond samples a tenant may send per second, on average
 * @param ingestBurst samples a tenant may send at once after a pause
 * @param rawRetention how long raw samples are kept (whole months are dropped once past it); rollups stay
 */
@ConfigurationProperties("costwise.telemetry")
record TelemetryProperties(@DefaultValue("50000") int maxBatchSamples, @DefaultValue("64MB") DataSize maxBodySize,
		@DefaultValue("20000") double ingestRatePerSecond, @DefaultValue("200000") double ingestBurst,
		@DefaultValue("90d") Duration rawRetention) {
}
