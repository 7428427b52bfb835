package io.costwise.recommendation.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.costwise.CursorPage;
import io.costwise.identity.Permission;
import io.costwise.recommendation.Calibration;
import io.costwise.recommendation.Confidence;
import io.costwise.recommendation.Recommendation;
import io.costwise.recommendation.RecommendationFilter;
import io.costwise.recommendation.RecommendationStatus;
import io.costwise.recommendation.RecommendationType;
import io.costwise.recommendation.Recommendations;
import io.costwise.recommendation.Savings;
import io.costwise.recommendation.WhatIf;
import io.costwise.recommendation.WorkloadConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Recommendations", description = "Batch size, precision and placement changes in dollars, verified afterwards")
class RecommendationController {

	private final Recommendations recommendations;

	private final WhatIf whatIf;

	RecommendationController(Recommendations recommendations, WhatIf whatIf) {
		this.recommendations = recommendations;
		this.whatIf = whatIf;
	}

	@GetMapping("/api/v1/recommendations")
	@Permission.Read
	@Operation(operationId = "listRecommendations", summary = "Recommendations, largest monthly savings first")
	CursorPage<Recommendation> list(@Parameter(description = "a workload key") @RequestParam(required = false) String workload,
			@RequestParam(required = false) RecommendationType type, @RequestParam(required = false) RecommendationStatus status,
			@RequestParam(required = false) Confidence.Level confidence,
			@Parameter(description = "USD per month") @RequestParam(required = false) BigDecimal minSavings,
			@Parameter(description = "only workloads with this team label") @RequestParam(required = false) String team,
			@Parameter(description = "only workloads with this project label") @RequestParam(required = false) String project,
			@RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return recommendations.list(
				new RecommendationFilter(workload, type, status, confidence, minSavings, blankless(team), blankless(project)),
				cursor, limit);
	}

	@GetMapping("/api/v1/recommendations/{id}")
	@Permission.Read
	@Operation(operationId = "getRecommendation", summary = "A recommendation with its evidence and history")
	Detail get(@PathVariable UUID id) {
		return new Detail(recommendations.get(id), recommendations.history(id));
	}

	@PostMapping("/api/v1/recommendations/{id}/accept")
	@Permission.Write
	@Operation(operationId = "acceptRecommendation", summary = "Accept an open recommendation")
	Recommendation accept(@PathVariable UUID id, @RequestBody(required = false) Reason reason) {
		return recommendations.accept(id, reason == null ? null : reason.reason());
	}

	@PostMapping("/api/v1/recommendations/{id}/dismiss")
	@Permission.Write
	@Operation(operationId = "dismissRecommendation", summary = "Dismiss a recommendation, saying why")
	Recommendation dismiss(@PathVariable UUID id, @RequestBody(required = false) Reason reason) {
		return recommendations.dismiss(id, reason == null ? null : reason.reason());
	}

	@PostMapping("/api/v1/recommendations/{id}/apply")
	@Permission.Write
	@Operation(operationId = "applyRecommendation", summary = "Mark a recommendation applied; its savings are verified once settled")
	Recommendation apply(@PathVariable UUID id, @RequestBody(required = false) Reason reason) {
		return recommendations.apply(id, reason == null ? null : reason.reason());
	}

	@GetMapping("/api/v1/recommendations/savings")
	@Permission.Read
	@Operation(operationId = "getOpenSavings", summary = "Open monthly savings per workload and in total, without double counting")
	Savings savings(@Parameter(description = "only workloads with this team label") @RequestParam(required = false) String team,
			@Parameter(description = "only workloads with this project label") @RequestParam(required = false) String project) {
		return recommendations.savings(blankless(team), blankless(project));
	}

	@GetMapping("/api/v1/recommendations/calibration")
	@Permission.Read
	@Operation(operationId = "getCalibration", summary = "Predicted against realized savings, per recommendation type")
	Calibration calibration() {
		return recommendations.calibration();
	}

	@PostMapping("/api/v1/workloads/{key}/what-if")
	@Permission.Read
	@Operation(operationId = "whatIf", summary = "Predict throughput, unit cost and monthly cost of a proposed configuration",
			description = "Fields left out keep the workload's current value.")
	WhatIf.Prediction whatIf(@PathVariable String key, @RequestBody WorkloadConfiguration proposed) {
		return whatIf.predict(key, proposed);
	}

	/** @param reason why, kept in the recommendation's history */
	record Reason(@Schema(nullable = true) String reason) {
	}

	record Detail(Recommendation recommendation, List<Recommendation.Event> history) {
	}

	private static String blankless(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
