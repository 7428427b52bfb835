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
 * @param dayOfWeek for WEEKLY, {@code null} for the other cadences
 * @param dayOfMonth for MONTHLY, 1–28, {@code null} for the other cadences
 * @param timeOfDay local time in {@code timeZone}
 * @param timeZone an IANA zone such as Europe/Berlin
 * @param team only workloads with this team label; {@code null} for all
 * @param label only workloads holding this label, {@code name:value}
 * @param createdBy the user id of the member who set it up, or {@code api-key:<id>}
 * @param createdByEmail that member's address; {@code null} for an API key or someone no longer a member
 * @param nextRunAt when it is due next
 * @param lastDelivery the newest entry of the delivery log; {@code null} before the first is due
 */
public record ReportSubscription(UUID id, String name, List<String> recipients, Cadence cadence,
		@Schema(nullable = true) DayOfWeek dayOfWeek, @Schema(nullable = true) Integer dayOfMonth, LocalTime timeOfDay,
		String timeZone, @Schema(nullable = true) String team, @Schema(nullable = true) String project,
		@Schema(nullable = true) String label,
		List<ReportContent> content, String createdBy,
		@Schema(nullable = true, description = "The address of the member who set it up; null for an API key or someone no longer a member") String createdByEmail,
		Instant createdAt, Instant nextRunAt,
		@Schema(nullable = true, description = "The newest entry of the delivery log, as /deliveries lists it; null before the first report is due") Delivery lastDelivery) {

	/** The same subscription, described for the API with its creator's address and its newest delivery. */
	ReportSubscription describedWith(String createdByEmail, Delivery lastDelivery) {
		return new ReportSubscription(id, name, recipients, cadence, dayOfWeek, dayOfMonth, timeOfDay, timeZone, team,
				project, label, content, createdBy, createdByEmail, createdAt, nextRunAt, lastDelivery);
	}
}
