/**
 * Workloads and the telemetry they send: ingestion (JSON, CSV, OTLP), the sample store, rollups and
 * time-series queries.
 */
@ApplicationModule(allowedDependencies = "identity")
package io.costwise.telemetry;

import org.springframework.modulith.ApplicationModule;
