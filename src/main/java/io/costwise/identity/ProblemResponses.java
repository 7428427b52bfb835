package io.costwise.identity;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's 401 and 403, written as RFC 9457 problems like every other error.
 */
@Component
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer realm=\"costwise\"");
		write(request, response, HttpStatus.UNAUTHORIZED,
				"Sign in, or send an API key as 'Authorization: Bearer <key>'.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		String detail = accessDeniedException instanceof CsrfException
				? "The CSRF token is missing or does not match; send the XSRF-TOKEN cookie's value as the X-XSRF-TOKEN header."
				: "Your role or the API key's scopes do not allow this.";
		write(request, response, HttpStatus.FORBIDDEN, detail);
	}

	void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer realm=\"costwise\", error=\"invalid_token\"");
		write(request, response, HttpStatus.UNAUTHORIZED, detail);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}
}
