package io.costwise.costing.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

import io.costwise.InvalidFieldsException;
import io.costwise.costing.CostExplanations;
import io.costwise.costing.CostExport;
import io.costwise.costing.CostQuery;
import io.costwise.costing.CostQuery.GroupBy;
import io.costwise.costing.CostQuery.Step;
import io.costwise.costing.CostReport;
import io.costwise.costing.Costs;
import io.costwise.costing.WorkloadCost;
import io.costwise.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Costs", description = "The cost model Σ C·T / R over the stored daily cost records")
class CostController {

	private final Costs costs;

	private final CostExplanations explanations;

	private final CostExport export;

	private final Clock clock;

	CostController(Costs costs, CostExplanations explanations, CostExport export, Clock clock) {
		this.costs = costs;
		this.explanations = explanations;
		this.export = export;
		this.clock = clock;
	}

	@GetMapping("/api/v1/costs")
	@Permission.Read
	@Operation(operationId = "getCosts", summary = "Billed, utilization-adjusted and idle cost, utilization and unit cost, with totals",
			description = "Grouped by workload, team, project, kind, GPU model, provider, region, instance type, purchase option or day; "
					+ "a step gives each group a series. Days are UTC; to is exclusive.")
	CostReport costs(@Parameter(description = "first day, YYYY-MM-DD; default 30 days before to") @RequestParam(required = false) LocalDate from,
			@Parameter(description = "the day after the last, YYYY-MM-DD; default tomorrow") @RequestParam(required = false) LocalDate to,
			@Parameter(schema = @Schema(allowableValues = { "workload", "team", "project", "kind", "gpuModel", "provider",
					"region", "instanceType", "purchaseOption", "day" })) @RequestParam(required = false) String groupBy,
			@Parameter(schema = @Schema(allowableValues = { "day", "week", "month" })) @RequestParam(required = false) String step,
			@Parameter(description = "a workload key") @RequestParam(required = false) String workload,
			@Parameter(description = "the team label") @RequestParam(required = false) String team,
			@Parameter(description = "the project label") @RequestParam(required = false) String project,
			@Parameter(description = "name:value a workload's labels must hold, e.g. model:llama-3-8b") @RequestParam(required = false) String label,
			@Parameter(schema = @Schema(allowableValues = { "TRAINING", "INFERENCE", "BATCH" })) @RequestParam(required = false) String kind,
			@RequestParam(required = false) String provider, @RequestParam(required = false) String region,
			@RequestParam(required = false) String gpuModel) {
		LocalDate end = to == null ? today().plusDays(1) : to;
		LocalDate start = from == null ? end.minusDays(30) : from;
		return costs.report(new CostQuery(start, end, option("groupBy", groupBy, GroupBy.class),
				option("step", step, Step.class), workload, team, project, label, kind, provider, region, gpuModel));
	}

	@GetMapping("/api/v1/workloads/{key}/cost")
	@Permission.Read
	@Operation(operationId = "getWorkloadCost", summary = "Explain a workload's cost: per configuration and price, each resource's C·T")
	WorkloadCost workloadCost(@PathVariable String key,
			@Parameter(description = "first day, YYYY-MM-DD; default 30 days before to") @RequestParam(required = false) LocalDate from,
			@Parameter(description = "the day after the last, YYYY-MM-DD; default tomorrow") @RequestParam(required = false) LocalDate to) {
		LocalDate end = to == null ? today().plusDays(1) : to;
		return explanations.explain(key, from == null ? end.minusDays(30) : from, end);
	}

	@GetMapping("/api/v1/costs/export")
	@Permission.Read
	@Operation(operationId = "exportCosts", summary = "Download cost records as CSV: FinOps FOCUS 1.2 columns, or a plain layout",
			description = "One row per workload, day, configuration and resource, of the records the filters select: the same "
					+ "filters as GET /api/v1/costs, checked and applied the same way, so the BilledCost column sums to its "
					+ "billed cost for the same period and filters. Streams; any period up to 800 days.",
			responses = @ApiResponse(responseCode = "200", description = "CSV",
					content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
	void export(@Parameter(schema = @Schema(allowableValues = { "focus", "csv" })) @RequestParam(defaultValue = "focus") String format,
			@RequestParam LocalDate from, @RequestParam LocalDate to,
			@Parameter(description = "a workload key") @RequestParam(required = false) String workload,
			@Parameter(description = "the team label") @RequestParam(required = false) String team,
			@Parameter(description = "the project label") @RequestParam(required = false) String project,
			@Parameter(description = "name:value a workload's labels must hold, e.g. model:llama-3-8b") @RequestParam(required = false) String label,
			@Parameter(schema = @Schema(allowableValues = { "TRAINING", "INFERENCE", "BATCH" })) @RequestParam(required = false) String kind,
			@RequestParam(required = false) String provider, @RequestParam(required = false) String region,
			@RequestParam(required = false) String gpuModel, HttpServletResponse response) throws IOException {
		CostExport.Format chosen = option("format", format, CostExport.Format.class);
		CostQuery query = new CostQuery(from, to, null, null, workload, team, project, label, kind, provider, region, gpuModel);
		export.write(chosen, query, () -> {
			response.setContentType("text/csv;charset=UTF-8");
			response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"costwise-costs-%s-%s-%s.csv\""
				.formatted(chosen.name().toLowerCase(Locale.ROOT), from, to));
			return new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		});
	}

	private LocalDate today() {
		return LocalDate.now(clock.withZone(ZoneOffset.UTC));
	}

	/** {@code gpuModel}, {@code GPU_MODEL} and {@code gpu-model} all name {@link GroupBy#GPU_MODEL}. */
	private static <E extends Enum<E>> E option(String name, String value, Class<E> type) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String normalized = value.strip().replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
		return Arrays.stream(type.getEnumConstants())
			.filter(constant -> constant.name().equals(normalized))
			.findFirst()
			.orElseThrow(() -> InvalidFieldsException.parameter(name, "must be one of " + Arrays.stream(type.getEnumConstants())
				.map(constant -> camel(constant.name()))
				.toList()));
	}

	private static String camel(String constant) {
		String[] parts = constant.toLowerCase(Locale.ROOT).split("_");
		StringBuilder name = new StringBuilder(parts[0]);
		for (int i = 1; i < parts.length; i++) {
			name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
		}
		return name.toString();
	}
}
