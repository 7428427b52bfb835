/**
 * The demo organisation of a fresh local installation: a tenant with a few dozen realistic AI
 * workloads and two months of their telemetry, sent through the real ingestion path so that costs
 * (and recommendations) are computed from it exactly as from a customer's. Never in production.
 */
@ApplicationModule(allowedDependencies = { "identity", "telemetry", "pricing", "recommendation" })
package io.costwise.demo;

import org.springframework.modulith.ApplicationModule;
