package io.costwise.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Binds a signed-in person to the HTTP session (stored in PostgreSQL by Spring Session), renewing the
 * session id and the CSRF token on every sign-in against fixation.
 */
@Component
public class Sessions {

	private final SecurityContextRepository contexts;

	private final SessionAuthenticationStrategy sessionStrategy;

	private final CookieCsrfTokenRepository csrfTokens;

	Sessions(SecurityContextRepository contexts, SessionAuthenticationStrategy sessionStrategy,
			CookieCsrfTokenRepository csrfTokens) {
		this.contexts = contexts;
		this.sessionStrategy = sessionStrategy;
		this.csrfTokens = csrfTokens;
	}

	public void start(SignedIn signedIn, HttpServletRequest request, HttpServletResponse response) {
		request.getSession(true);
		sessionStrategy.onAuthentication(signedIn.member(), request, response);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(signedIn.member());
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		renewCsrfToken(request, response);
	}

	public void end(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		renewCsrfToken(request, response);
	}

	/**
	 * The single-page app reads the token from its cookie, so a new one is written at once rather
	 * than only when something asks for it.
	 */
	private void renewCsrfToken(HttpServletRequest request, HttpServletResponse response) {
		csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
	}
}
