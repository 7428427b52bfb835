package io.costwise.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates machines by {@code Authorization: Bearer <api key>}. A request that presents a key
 * is judged by that key alone: a wrong or revoked key answers 401 even beside a session cookie.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final ApiKeys apiKeys;

	private final ProblemResponses problems;

	ApiKeyAuthenticationFilter(ApiKeys apiKeys, ProblemResponses problems) {
		this.apiKeys = apiKeys;
		this.problems = problems;
	}

	static boolean presentsKey(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!presentsKey(request)) {
			problems.unauthorized(request, response, "Only 'Authorization: Bearer <api key>' is accepted.");
			return;
		}
		var machine = apiKeys.authenticate(authorization.substring(BEARER.length()).trim());
		if (machine.isEmpty()) {
			problems.unauthorized(request, response, "The API key is unknown or has been revoked.");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(machine.get());
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}
}
