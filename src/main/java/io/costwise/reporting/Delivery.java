package io.costwise.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One due report and what became of it.
 *
 * @param status PENDING, SENT, RETRYING (failed, will retry at nextAttemptAt) or FAILED (gave up)
 * @param periodTo the day after the period
 */
public record Delivery(UUID id, Instant dueAt, LocalDate periodFrom, LocalDate periodTo, String status, int attempts,
		@Schema(nullable = true) Instant nextAttemptAt, @Schema(nullable = true) String lastError,
		@Schema(nullable = true) Instant sentAt, List<String> recipients) {
}
