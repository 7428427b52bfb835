/**
 * The cost model {@code Cost = Σ C·T / R}: daily cost records per workload, breakdowns, unit costs
 * and the FOCUS export.
 */
@ApplicationModule(allowedDependencies = { "identity", "pricing", "telemetry" })
package io.costwise.costing;

import org.springframework.modulith.ApplicationModule;
