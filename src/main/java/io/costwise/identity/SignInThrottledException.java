package io.costwise.identity;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Answers 429 with {@code Retry-After} once too many sign-ins have failed.
 */
class SignInThrottledException extends ErrorResponseException {

	SignInThrottledException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, problem(), null);
		long seconds = Math.max(1, retryAfter.toSeconds());
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		getBody().setProperty("retryAfterSeconds", seconds);
	}

	private static ProblemDetail problem() {
		return ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Too many failed sign-in attempts. Try again later.");
	}
}
