package io.costwise.identity;

import java.util.Map;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.costwise.Callers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

@CostwiseTest
class SignUpTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void signUpCreatesTheOrganisationWithItsOwnerSignedIn() {
		String email = Callers.uniqueEmail("founder");
		var result = mvc.post()
			.uri("/api/v1/signup")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("organisationName", "Acme AI", "email", email, "password", Callers.PASSWORD)))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.CREATED).cookies().containsCookie("COSTWISE_SESSION");
		assertThat(result).bodyJson().extractingPath("$.currentTenant.name").isEqualTo("Acme AI");
		assertThat(result).bodyJson().extractingPath("$.currentTenant.role").isEqualTo("OWNER");
		assertThat(result).bodyJson().extractingPath("$.email").isEqualTo(email);
	}

	@Test
	void theNewSessionServesTheNextRequest() {
		var owner = new Callers(mvc).signUp();

		assertThat(mvc.get().uri("/api/v1/me").with(owner)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.currentTenant.id")
			.isEqualTo(owner.tenantId().toString());
	}

	@Test
	void signUpNamesEveryInvalidField() {
		var result = mvc.post()
			.uri("/api/v1/signup")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("organisationName", " ", "email", "not-an-address", "password", "short")))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].pointer")
			.asArray()
			.containsExactlyInAnyOrder("/organisationName", "/email", "/password");
	}

	@Test
	void signUpRefusesAnAddressThatAlreadyHasAnAccount() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.post()
			.uri("/api/v1/signup")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("organisationName", "Again", "email", owner.email().toUpperCase(), "password",
					Callers.PASSWORD)))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.CONFLICT).bodyJson().extractingPath("$.errors[0].pointer").isEqualTo("/email");
	}

	@Test
	void signUpFromAnotherSiteWithoutTheCsrfTokenIsRefused() {
		var result = mvc.post()
			.uri("/api/v1/signup")
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("organisationName", "Forged", "email", Callers.uniqueEmail("forged"), "password",
					Callers.PASSWORD)))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}
}
