package io.costwise.costing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param recomputeDelay how long the recomputation rests between rounds; new usage is costed about
 * this long after it lands
 * @param recomputeChunkDays workload-days one transaction recomputes at most
 */
@ConfigurationProperties("costwise.costing")
record CostingProperties(@DefaultValue("2s") Duration recomputeDelay, @DefaultValue("5000") int recomputeChunkDays) {
}
