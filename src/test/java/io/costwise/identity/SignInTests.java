package io.costwise.identity;

import java.util.Map;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.costwise.Callers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

@CostwiseTest
class SignInTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void signingInStartsASessionKeptInPostgres() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();

		var again = callers.signIn(owner.email());

		assertThat(mvc.get().uri("/api/v1/me").with(again)).hasStatusOk();
		long stored = jdbc.sql("select count(*) from spring_session where principal_name = ?")
			.param(owner.userId().toString())
			.query(Long.class)
			.single();
		assertThat(stored).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aWrongPasswordAnswers401WithoutSayingWhichPartWasWrong() {
		var owner = new Callers(mvc).signUp();

		var wrongPassword = attempt(owner.email(), "not the password at all");
		var unknownAddress = attempt(Callers.uniqueEmail("nobody"), "not the password at all");

		assertThat(wrongPassword).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(unknownAddress).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(wrongPassword.getResponse().getContentAsByteArray().length).isPositive();
		assertThat(Callers.body(wrongPassword).get("detail")).isEqualTo(Callers.body(unknownAddress).get("detail"));
	}

	@Test
	void repeatedFailuresLockTheAddressEvenForTheRightPassword() {
		var owner = new Callers(mvc).signUp();
		for (int i = 0; i < 5; i++) {
			attempt(owner.email(), "guess number " + i);
		}

		var result = attempt(owner.email(), Callers.PASSWORD);

		assertThat(result).hasStatus(HttpStatus.TOO_MANY_REQUESTS).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).headers().containsHeader("Retry-After");
	}

	@Test
	void signingInHandsTheBrowserAFreshCsrfToken() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.post()
			.uri("/api/v1/session")
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("email", owner.email(), "password", Callers.PASSWORD)))
			.exchange();

		assertThat(result).hasStatusOk().cookies().hasCookieSatisfying("XSRF-TOKEN",
				cookie -> assertThat(cookie.getValue()).isNotBlank());
	}

	@Test
	void signingOutEndsTheSession() {
		var owner = new Callers(mvc).signUp();

		assertThat(mvc.delete().uri("/api/v1/session").with(owner)).hasStatus(HttpStatus.NO_CONTENT);

		assertThat(mvc.get().uri("/api/v1/me").with(owner)).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void aPersonInSeveralOrganisationsSwitchesBetweenThem() {
		var owner = new Callers(mvc).signUp();
		var created = mvc.post()
			.uri("/api/v1/tenants")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", "Second org")))
			.exchange();
		String secondId = Callers.body(created).get("id").asString();

		var switched = mvc.put()
			.uri("/api/v1/session/tenant")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("tenantId", secondId)))
			.exchange();

		assertThat(switched).hasStatusOk().bodyJson().extractingPath("$.currentTenant.name").isEqualTo("Second org");
		assertThat(switched).bodyJson().extractingPath("$.tenants").asArray().hasSize(2);
	}

	@Test
	void switchingToAnOrganisationOneIsNoMemberOfAnswers404() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		var stranger = callers.signUp();

		var result = mvc.put()
			.uri("/api/v1/session/tenant")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("tenantId", stranger.tenantId().toString())))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void changingThePasswordNeedsTheCurrentOne() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();

		var wrong = mvc.put()
			.uri("/api/v1/me/password")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("currentPassword", "not it at all", "newPassword", "a brand new passphrase")))
			.exchange();
		var right = mvc.put()
			.uri("/api/v1/me/password")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("currentPassword", Callers.PASSWORD, "newPassword", "a brand new passphrase")))
			.exchange();

		assertThat(wrong).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].pointer")
			.isEqualTo("/currentPassword");
		assertThat(right).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(attempt(owner.email(), "a brand new passphrase")).hasStatusOk();
	}

	/** From a client address of its own, so that tests do not throttle each other. */
	private MvcTestResult attempt(String email, String password) {
		String clientAddress = "10.0." + (email.hashCode() & 0xff) + "." + (password.hashCode() & 0xff);
		return mvc.post()
			.uri("/api/v1/session")
			.with(csrf())
			.with(request -> {
				request.setRemoteAddr(clientAddress);
				return request;
			})
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("email", email, "password", password)))
			.exchange();
	}
}
