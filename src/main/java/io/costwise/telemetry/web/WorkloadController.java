package io.costwise.telemetry.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.costwise.CursorPage;
import io.costwise.InvalidFieldsException;
import io.costwise.identity.Permission;
import io.costwise.telemetry.UsageSeries;
import io.costwise.telemetry.Workload;
import io.costwise.telemetry.WorkloadKind;
import io.costwise.telemetry.Workloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/workloads")
@Tag(name = "Workloads", description = "Training runs, inference services and batch jobs, created on first sight")
class WorkloadController {

	private final Workloads workloads;

	private final Clock clock;

	WorkloadController(Workloads workloads, Clock clock) {
		this.workloads = workloads;
		this.clock = clock;
	}

	@GetMapping
	@Permission.Read
	@Operation(operationId = "listWorkloads", summary = "List workloads, oldest first")
	CursorPage<Workload> list(@RequestParam(required = false) WorkloadKind kind,
			@Parameter(description = "name:value the labels must hold, e.g. team:search") @RequestParam(required = false) String label,
			@Parameter(description = "part of the key, ignoring case") @RequestParam(required = false) String q,
			@RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return workloads.list(kind, label, q, cursor, limit);
	}

	@GetMapping("/{key}")
	@Permission.Read
	@Operation(operationId = "getWorkload", summary = "Describe a workload")
	Workload describe(@PathVariable String key) {
		return workloads.describe(key);
	}

	@PatchMapping(path = "/{key}", consumes = { "application/merge-patch+json", "application/json" })
	@Permission.Write
	@Operation(operationId = "changeWorkload", summary = "Change a workload's settings",
			description = "A JSON merge patch: fields left out stay as they are; null clears.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = WorkloadChanges.class))))
	Workload change(@PathVariable String key, @RequestBody JsonNode patch) {
		return workloads.change(key, patch);
	}

	@DeleteMapping("/{key}")
	@Permission.Write
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteWorkload", summary = "Delete a workload with its samples and rollups")
	void delete(@PathVariable String key) {
		workloads.delete(key);
	}

	@GetMapping("/{key}/usage")
	@Permission.Read
	@Operation(operationId = "getWorkloadUsage", summary = "A workload's usage over time, from the rollups")
	UsageSeries usage(@PathVariable String key,
			@Parameter(description = "RFC 3339; default: 7 days before to") @RequestParam(required = false) String from,
			@Parameter(description = "RFC 3339; default: now") @RequestParam(required = false) String to,
			@Parameter(description = "1h, 6h, 1d, PT12H …; default: 1h up to 14 days, else 1d") @RequestParam(required = false) String step) {
		Instant end = to == null ? clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS) : instant("to", to);
		Instant start = from == null ? end.minus(Duration.ofDays(7)) : instant("from", from);
		Duration stepDuration = step == null ? defaultStep(start, end) : duration(step);
		return workloads.usage(key, start, end, stepDuration);
	}

	/** The fields a merge patch may change. */
	record WorkloadChanges(WorkloadKind kind, java.util.Map<String, String> labels, Double latencySloP95Ms,
			Boolean interruptible, java.util.List<String> allowedRegions, java.util.List<String> allowedProviders) {
	}

	private static Duration defaultStep(Instant from, Instant to) {
		return Duration.between(from, to).compareTo(Duration.ofDays(14)) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
	}

	private static Instant instant(String name, String value) {
		try {
			return java.time.OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw InvalidFieldsException.parameter(name, "must be an RFC 3339 date-time such as 2026-11-01T00:00:00Z");
		}
	}

	private static Duration duration(String value) {
		String text = value.strip().toLowerCase(Locale.ROOT);
		try {
			if (text.matches("\\d+[hd]")) {
				long amount = Long.parseLong(text.substring(0, text.length() - 1));
				return text.endsWith("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
			}
			return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw InvalidFieldsException.parameter("step", "must be a duration such as 1h, 6h, 1d or PT12H");
		}
	}
}
