package io.costwise;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Answers 404. Another tenant's data answers exactly this too, as if it did not exist.
 */
public class NotFoundException extends ErrorResponseException {

	public NotFoundException(String what) {
		super(HttpStatus.NOT_FOUND, problem(what), null);
	}

	private static ProblemDetail problem(String what) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, what + " was not found.");
		problem.setTitle("Not Found");
		return problem;
	}
}
