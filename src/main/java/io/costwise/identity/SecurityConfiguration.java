package io.costwise.identity;

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

import java.util.List;

/**
 * People sign in with a session cookie (sessions in PostgreSQL) and CSRF protection for the browser;
 * machines send an API key as a bearer token and need no CSRF token, since browsers never add that
 * header on their own. Everything under {@code /api} needs one or the other; what each caller may do
 * there is declared per endpoint with {@link Permission}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, ApiKeys apiKeys, ProblemResponses problems,
			MembershipRepository memberships, SystemAccess system, CookieCsrfTokenRepository csrfTokens)
			throws Exception {
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers(HttpMethod.POST, "/api/v1/signup", "/api/v1/session", "/api/v1/invitations/preview",
					"/api/v1/invitations/accept")
			.permitAll()
			.requestMatchers(HttpMethod.DELETE, "/api/v1/session")
			.permitAll()
			.requestMatchers("/api/**")
			.authenticated()
			.anyRequest()
			.permitAll())
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
				.ignoringRequestMatchers(ApiKeyAuthenticationFilter::presentsKey))
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

	@Bean
	CookieCsrfTokenRepository csrfTokenRepository() {
		CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		repository.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
		return repository;
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
