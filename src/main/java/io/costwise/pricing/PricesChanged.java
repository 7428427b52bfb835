package io.costwise.pricing;

import java.time.LocalDate;
import java.util.UUID;

/** A tenant's prices changed from a day on: costs from that day must be recomputed. */
public record PricesChanged(UUID tenantId, LocalDate effectiveFrom) {
}
