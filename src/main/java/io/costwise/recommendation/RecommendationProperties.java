package io.costwise.recommendation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lookback how much telemetry each run reads
 * @param debounce how long after the first new samples a workload's recommendations are recomputed, so a
 * burst of batches causes one run and a continuous stream one run per period
 * @param schedule when every tenant's live recommendations are refreshed (cron)
 * @param settleDays days of telemetry after APPLIED before savings are verified
 * @param spotInterruptionOverhead extra run time spot interruptions cost (checkpoint and restart), as a share
 * @param oomRestartMinutes work lost per out-of-memory crash
 * @param minimumMonthlySavings savings below this are not worth a recommendation (USD)
 */
@ConfigurationProperties("costwise.recommendation")
record RecommendationProperties(@DefaultValue("30d") Duration lookback, @DefaultValue("10m") Duration debounce,
		@DefaultValue("0 41 3 * * *") String schedule, @DefaultValue("3") int settleDays,
		@DefaultValue("0.10") double spotInterruptionOverhead, @DefaultValue("20") double oomRestartMinutes,
		@DefaultValue("5") double minimumMonthlySavings) {
}
