package io.costwise;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Input that is well-formed but wrong; answered as a problem naming every bad field.
 */
public class InvalidFieldsException extends RuntimeException {

	private final List<FieldProblem> problems;

	public InvalidFieldsException(List<FieldProblem> problems) {
		super(problems.size() + " invalid field(s)");
		this.problems = List.copyOf(problems);
	}

	public static InvalidFieldsException field(String pointer, String detail) {
		return new InvalidFieldsException(List.of(FieldProblem.body(pointer, detail)));
	}

	public static InvalidFieldsException parameter(String name, String detail) {
		return new InvalidFieldsException(List.of(new FieldProblem(null, name, detail)));
	}

	public List<FieldProblem> problems() {
		return problems;
	}

	/**
	 * One bad field: a JSON pointer into the request body, or the name of a query or path parameter.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FieldProblem(String pointer, String parameter, String detail) {

		public static FieldProblem body(String pointer, String detail) {
			return new FieldProblem(pointer, null, detail);
		}
	}
}
