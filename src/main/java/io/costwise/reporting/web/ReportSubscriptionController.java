package io.costwise.reporting.web;

import java.util.List;
import java.util.UUID;

import io.costwise.identity.Permission;
import io.costwise.reporting.Delivery;
import io.costwise.reporting.ReportSubscription;
import io.costwise.reporting.ReportSubscriptions;
import io.costwise.reporting.SubscriptionRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Any member manages the reports sent to themselves; admins manage everyone's. */
@RestController
@RequestMapping("/api/v1/report-subscriptions")
@Tag(name = "Reports", description = "Scheduled e-mail reports: the cost and savings digest")
class ReportSubscriptionController {

	private final ReportSubscriptions subscriptions;

	ReportSubscriptionController(ReportSubscriptions subscriptions) {
		this.subscriptions = subscriptions;
	}

	@GetMapping
	@Permission.Read
	@Operation(operationId = "listReportSubscriptions", summary = "Report subscriptions (admins see all, others their own)")
	List<ReportSubscription> list() {
		return subscriptions.list();
	}

	@PostMapping
	@Permission.Read
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createReportSubscription", summary = "Subscribe to a scheduled report")
	ReportSubscription create(@RequestBody SubscriptionRequest request) {
		return subscriptions.create(request);
	}

	@GetMapping("/{id}")
	@Permission.Read
	@Operation(operationId = "getReportSubscription", summary = "A report subscription")
	ReportSubscription get(@PathVariable UUID id) {
		return subscriptions.get(id);
	}

	@PatchMapping("/{id}")
	@Permission.Read
	@Operation(operationId = "changeReportSubscription", summary = "Change a report subscription; fields left out stay")
	ReportSubscription change(@PathVariable UUID id, @RequestBody SubscriptionRequest request) {
		return subscriptions.change(id, request);
	}

	@DeleteMapping("/{id}")
	@Permission.Read
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteReportSubscription", summary = "Delete a report subscription with its delivery log")
	void delete(@PathVariable UUID id) {
		subscriptions.delete(id);
	}

	@GetMapping("/{id}/deliveries")
	@Permission.Read
	@Operation(operationId = "listReportDeliveries", summary = "The delivery log: sent, retrying with the reason, failed")
	List<Delivery> deliveries(@PathVariable UUID id) {
		return subscriptions.deliveries(id);
	}

	@PostMapping("/{id}/preview")
	@Permission.Read
	@Operation(operationId = "previewReport", summary = "Render the report as it would go out now")
	ReportSubscriptions.Preview preview(@PathVariable UUID id) {
		return subscriptions.preview(id);
	}
}
