package io.costwise.reporting;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Who gets which report when.
 *
 * @param dayOfWeek for WEEKLY
 * @param dayOfMonth for MONTHLY, 1–28
 * @param timeOfDay local time in {@code timeZone}
 * @param timeZone an IANA zone such as Europe/Berlin
 * @param team only workloads with this team label; {@code null} for all
 * @param label only workloads holding this label, {@code name:value}
 * @param nextRunAt when it is due next
 */
public record ReportSubscription(UUID id, String name, List<String> recipients, Cadence cadence,
		@Schema(nullable = true) DayOfWeek dayOfWeek, @Schema(nullable = true) Integer dayOfMonth, LocalTime timeOfDay,
		String timeZone, @Schema(nullable = true) String team, @Schema(nullable = true) String project,
		@Schema(nullable = true) String label,
		List<ReportContent> content, String createdBy, Instant createdAt, Instant nextRunAt) {
}
