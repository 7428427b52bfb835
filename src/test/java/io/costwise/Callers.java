package io.costwise;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.Cookie;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Signs up organisations and hands out the credentials of the people and machines in them, through
 * the real API.
 */
public final class Callers {

	public static final String PASSWORD = "correct horse battery staple";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private final MockMvcTester mvc;

	public Callers(MockMvcTester mvc) {
		this.mvc = mvc;
	}

	public static String uniqueEmail(String who) {
		return who + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8)
				+ "@example.com";
	}

	/** A new organisation and its owner, signed in. */
	public Person signUp() {
		return signUp("Org " + SEQUENCE.incrementAndGet(), uniqueEmail("owner"));
	}

	public Person signUp(String organisation, String email) {
		MvcTestResult result = mvc.post()
			.uri("/api/v1/signup")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("organisationName", organisation, "email", email, "password", PASSWORD)))
			.exchange();
		return person(result, email);
	}

	public Person signIn(String email) {
		MvcTestResult result = mvc.post()
			.uri("/api/v1/session")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("email", email, "password", PASSWORD)))
			.exchange();
		return person(result, email);
	}

	/** An API key with the given scopes, created by the person. */
	public String apiKey(Person creator, String... scopes) {
		MvcTestResult result = mvc.post()
			.uri("/api/v1/api-keys")
			.with(creator)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", "test key", "scopes", scopes)))
			.exchange();
		return body(result).get("key").asString();
	}

	/** Someone added to the person's organisation with a role, by invitation, and signed in there. */
	public Person member(Person admin, String role) {
		String email = uniqueEmail(role.toLowerCase());
		Person newcomer = signUp("Own org of " + email, email);
		mvc.post()
			.uri("/api/v1/invitations")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("email", email, "role", role)))
			.exchange();
		String token = Mailbox.invitationToken(email);
		MvcTestResult accepted = mvc.post()
			.uri("/api/v1/invitations/accept")
			.with(newcomer)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("token", token)))
			.exchange();
		return person(accepted, email);
	}

	public static JsonNode body(MvcTestResult result) {
		try {
			return JSON.readTree(result.getResponse().getContentAsString());
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	private static Person person(MvcTestResult result, String email) {
		if (result.getResponse().getStatus() >= 300) {
			throw new IllegalStateException("sign-in failed with " + result.getResponse().getStatus());
		}
		Cookie session = result.getResponse().getCookie("COSTWISE_SESSION");
		JsonNode me = body(result);
		return new Person(session, UUID.fromString(me.get("userId").asString()),
				UUID.fromString(me.get("currentTenant").get("id").asString()), email);
	}

	/** A signed-in person: their session cookie, sent with a valid CSRF token. */
	public record Person(Cookie session, UUID userId, UUID tenantId, String email) implements RequestPostProcessor {

		@Override
		public org.springframework.mock.web.MockHttpServletRequest postProcessRequest(
				org.springframework.mock.web.MockHttpServletRequest request) {
			request.setCookies(session);
			return csrf().postProcessRequest(request);
		}
	}

	/** A machine's API key as a bearer token. */
	public static RequestPostProcessor bearer(String apiKey) {
		return request -> {
			request.addHeader("Authorization", "Bearer " + apiKey);
			return request;
		};
	}
}
