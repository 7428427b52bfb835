package io.costwise;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Answers 409: the request is valid but clashes with what is stored.
 */
public class ConflictException extends ErrorResponseException {

	public ConflictException(String detail) {
		super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail), null);
	}

	/** A conflict caused by one field's value, such as an e-mail address already taken. */
	public ConflictException(String pointer, String detail) {
		this(detail);
		getBody().setProperty("errors", List.of(InvalidFieldsException.FieldProblem.body(pointer, detail)));
	}
}
