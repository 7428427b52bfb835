/**
 * Batch-size, precision and placement recommendations with the dollars each saves, their lifecycle,
 * and the verification of realized savings.
 */
@ApplicationModule(allowedDependencies = { "identity", "costing", "pricing", "telemetry" })
package io.costwise.recommendation;

import org.springframework.modulith.ApplicationModule;
