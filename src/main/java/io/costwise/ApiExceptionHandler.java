package io.costwise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.InvalidFieldsException.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Every error of the API as an RFC 9457 problem. Validation problems list every bad field with a
 * JSON pointer; nothing internal (stack traces, SQL, class names) reaches a response or a log line.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidFieldsException.class)
	ResponseEntity<Object> invalidFields(InvalidFieldsException ex, WebRequest request) {
		return validationProblem(ex.problems(), request);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> accessDenied(AccessDeniedException ex, WebRequest request) {
		String detail = ex.getMessage() != null && ex.getMessage().startsWith("Only ") ? ex.getMessage()
				: "Your role or the API key's scopes do not allow this.";
		return problem(HttpStatus.FORBIDDEN, detail, request);
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> integrityViolation(DataIntegrityViolationException ex, WebRequest request) {
		log.info("Request conflicted with stored data: {}", ex.getClass().getSimpleName());
		return problem(HttpStatus.CONFLICT, "The request conflicts with data that is already stored.", request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		String incident = UUID.randomUUID().toString();
		log.error("Unexpected error, incident {}: {}", incident, ex.getClass().getName());
		log.debug("Incident " + incident, ex);
		ResponseEntity<Object> response = problem(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side. Quote incident " + incident + " when reporting it.", request);
		((ProblemDetail) response.getBody()).setProperty("incident", incident);
		return response;
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach(error -> problems.add(FieldProblem.body(pointer(error.getField()), message(error))));
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(error -> problems.add(FieldProblem.body("", message(error))));
		return validationProblem(problems, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach(error -> problems.add(new FieldProblem(null, name, message(error))));
		}
		return validationProblem(problems, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: ex.getPropertyName();
		String expected = ex.getRequiredType() == null ? "value" : describe(ex.getRequiredType());
		return validationProblem(List.of(new FieldProblem(null, name, "must be a " + expected)), request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = jacksonCause(ex);
		if (cause instanceof StreamReadException malformed && !(cause instanceof DatabindException)) {
			var location = malformed.getLocation();
			String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
			return problem(HttpStatus.BAD_REQUEST, "The request body is not well-formed JSON" + where + ".", request);
		}
		if (cause instanceof DatabindException mismatch && !mismatch.getPath().isEmpty()) {
			return validationProblem(List.of(FieldProblem.body(pointer(mismatch), mismatchDetail(mismatch))), request);
		}
		if (cause instanceof JacksonException) {
			return problem(HttpStatus.BAD_REQUEST, "The request body does not have the expected shape.", request);
		}
		return problem(HttpStatus.BAD_REQUEST, "The request body is missing or unreadable.", request);
	}

	private ResponseEntity<Object> validationProblem(List<FieldProblem> problems, WebRequest request) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				problems.size() == 1 ? "One field is invalid." : problems.size() + " fields are invalid.");
		body.setTitle("Invalid request");
		body.setProperty("errors", problems);
		return handleExceptionInternal(new InvalidFieldsException(problems), body, new HttpHeaders(),
				HttpStatus.BAD_REQUEST, request);
	}

	private ResponseEntity<Object> problem(HttpStatus status, String detail, WebRequest request) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		return handleExceptionInternal(new IllegalStateException(detail), body, new HttpHeaders(), status, request);
	}

	private static String message(MessageSourceResolvable error) {
		return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
	}

	/** {@code scopes[0].name} becomes {@code /scopes/0/name}. */
	static String pointer(String propertyPath) {
		return "/" + propertyPath.replace("[", ".").replace("]", "").replace(".", "/").replace("~", "~0");
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_FOUND, "There is nothing at this path.", request);
	}

	private static Throwable jacksonCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException) {
				return cause;
			}
		}
		return ex.getCause();
	}

	private static String pointer(DatabindException mismatch) {
		return mismatch.getPath()
			.stream()
			.map(reference -> reference.getPropertyName() != null ? reference.getPropertyName().replace("~", "~0").replace("/", "~1")
					: Integer.toString(reference.getIndex()))
			.collect(Collectors.joining("/", "/", ""));
	}

	private static String mismatchDetail(DatabindException exception) {
		if (exception instanceof UnrecognizedPropertyException) {
			return "is not a known field";
		}
		if (exception instanceof ValueInstantiationException instantiation) {
			return "must be one of " + allowedValues(instantiation.getType().getRawClass());
		}
		if (!(exception instanceof MismatchedInputException mismatch)) {
			return "is invalid";
		}
		Class<?> target = mismatch.getTargetType();
		if (target != null && target.isEnum()) {
			return "must be one of " + allowedValues(target);
		}
		if (mismatch instanceof InvalidFormatException || target != null) {
			return "must be a " + (target == null ? "valid value" : describe(target));
		}
		return "is invalid";
	}

	private static List<String> allowedValues(Class<?> type) {
		if (!type.isEnum()) {
			return List.of();
		}
		return Arrays.stream(type.getEnumConstants()).map(ApiExceptionHandler::enumValue).toList();
	}

	private static String enumValue(Object constant) {
		try {
			var value = constant.getClass().getMethod("value");
			return String.valueOf(value.invoke(constant));
		}
		catch (ReflectiveOperationException ex) {
			return ((Enum<?>) constant).name();
		}
	}

	private static String describe(Class<?> type) {
		if (type == UUID.class) {
			return "UUID";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "boolean";
		}
		if (type.isEnum()) {
			return "one of " + allowedValues(type);
		}
		return "valid " + type.getSimpleName();
	}
}
