package io.costwise.reporting.web;

import io.costwise.reporting.ReportSubscriptions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The one-click unsubscribe link of every report (RFC 8058): signed, so it needs no sign-in. */
@RestController
@Tag(name = "Reports")
class UnsubscribeController {

	private final ReportSubscriptions subscriptions;

	UnsubscribeController(ReportSubscriptions subscriptions) {
		this.subscriptions = subscriptions;
	}

	@PostMapping("/api/v1/report-unsubscribe")
	@Operation(operationId = "unsubscribeFromReport", summary = "Stop a report for the recipient its signed link names")
	Unsubscribed unsubscribe(@RequestParam String token) {
		return new Unsubscribed(subscriptions.unsubscribe(token));
	}

	record Unsubscribed(String email) {
	}
}
