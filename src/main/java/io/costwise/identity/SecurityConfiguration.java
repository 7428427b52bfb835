package io.costwise.identity;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;


/**
 * People sign in with a session cookie (sessions in PostgreSQL) and CSRF protection for the browser;
 * machines send an API key as a bearer token and need no CSRF token, since browsers never add that
 * header on their own. Everything under {@code /api} needs one or the other; what each caller may do
 * there is declared per endpoint with {@link Permission}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	static final String SESSION_COOKIE = "COSTWISE_SESSION";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final RequestMatcher PUBLIC_ENDPOINTS = new OrRequestMatcher(
			Stream.of("/api/v1/signup", "/api/v1/session", "/api/v1/invitations/preview", "/api/v1/invitations/accept")
				.map(path -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(HttpMethod.POST, path))
				.toList());

	/** Links that carry their own signature (a report's unsubscribe link): nothing to forge, nobody signed in. */
	private static final RequestMatcher SIGNED_LINKS = PathPatternRequestMatcher.pathPattern(HttpMethod.POST,
			"/api/v1/report-unsubscribe");

	@Bean
	SecurityFilterChain api(HttpSecurity http, ApiKeys apiKeys, ProblemResponses problems,
			MembershipRepository memberships, SystemAccess system, CookieCsrfTokenRepository csrfTokens)
			throws Exception {
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers(PUBLIC_ENDPOINTS)
			.permitAll()
			.requestMatchers(SIGNED_LINKS)
			.permitAll()
			.requestMatchers(HttpMethod.DELETE, "/api/v1/session")
			.permitAll()
			// The sign-in page offers a local installation's demo organisation before anyone signs in.
			.requestMatchers(HttpMethod.GET, "/api/v1/demo")
			.permitAll()
			.requestMatchers("/api/**", "/otlp/**")
			.authenticated()
			.anyRequest()
			.permitAll())
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
				.requireCsrfProtectionMatcher(SecurityConfiguration::mayRideOnBrowserCredentials))
			.securityContext(context -> context.securityContextRepository(securityContextRepository()))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, problems), CsrfFilter.class)
			.addFilterAfter(new MembershipRefreshFilter(memberships, system), SecurityContextHolderFilter.class)
			.addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")));
		return http.build();
	}

	/**
	 * A forged request rides on what the browser adds by itself: the session cookie. Requests with an
	 * API key, and requests to protected endpoints without a session (which answer 401 anyway), carry
	 * nothing to forge; sign-up and sign-in stay protected against login forgery.
	 */
	private static boolean mayRideOnBrowserCredentials(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod()) || ApiKeyAuthenticationFilter.presentsKey(request)
				|| SIGNED_LINKS.matches(request)) {
			return false;
		}
		return request.getRequestedSessionId() != null || PUBLIC_ENDPOINTS.matches(request);
	}

	@Bean
	CookieCsrfTokenRepository csrfTokenRepository() {
		CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		repository.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
		return repository;
	}

	/**
	 * The same session cookie whether or not an embedded server is configured (tests run without one).
	 */
	@Bean
	CookieSerializer sessionCookie(@Value("${server.servlet.session.cookie.secure:false}") boolean secure) {
		DefaultCookieSerializer cookie = new DefaultCookieSerializer();
		cookie.setCookieName(SESSION_COOKIE);
		cookie.setUseHttpOnlyCookie(true);
		cookie.setSameSite("Lax");
		cookie.setUseSecureCookie(secure);
		return cookie;
	}

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	@Bean
	SessionAuthenticationStrategy sessionAuthenticationStrategy(CookieCsrfTokenRepository csrfTokens) {
		return new CompositeSessionAuthenticationStrategy(
				List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens)));
	}
}
