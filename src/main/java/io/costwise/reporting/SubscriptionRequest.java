package io.costwise.reporting;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A subscription as a client sends it. In a PATCH, fields left out (or {@code null}) stay as they
 * are, and an empty {@code team}, {@code project} or {@code label} clears that filter.
 *
 * @param recipients e-mail addresses of members or anyone else; only admins may subscribe others
 * @param timeZone an IANA zone; default UTC
 * @param content the sections; default all
 */
public record SubscriptionRequest(@Schema(nullable = true) String name, @Schema(nullable = true) List<String> recipients,
		@Schema(nullable = true) Cadence cadence, @Schema(nullable = true) DayOfWeek dayOfWeek,
		@Schema(nullable = true) Integer dayOfMonth,
		@Schema(nullable = true, type = "string", example = "08:00") LocalTime timeOfDay,
		@Schema(nullable = true) String timeZone, @Schema(nullable = true) String team,
		@Schema(nullable = true) String project, @Schema(nullable = true) String label,
		@Schema(nullable = true) List<ReportContent> content) {
}
