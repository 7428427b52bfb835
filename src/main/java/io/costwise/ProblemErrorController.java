package io.costwise;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Errors that happen outside a controller (in a filter, or in the servlet container) become problems
 * too, with nothing of the underlying exception in them.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value)
				: HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (path instanceof String uri) {
			problem.setInstance(java.net.URI.create(uri.replace(" ", "%20")));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static String detail(HttpStatus status) {
		return status.is5xxServerError() ? "Something went wrong on our side." : status.getReasonPhrase() + ".";
	}
}
