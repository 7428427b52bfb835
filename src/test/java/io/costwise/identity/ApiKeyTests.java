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

import static io.costwise.Callers.bearer;
import static io.costwise.Callers.json;
import static org.assertj.core.api.Assertions.assertThat;

@CostwiseTest
class ApiKeyTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aNewKeyIsShownOnceAndStoredOnlyAsAHash() throws Exception {
		var owner = new Callers(mvc).signUp();

		var created = mvc.post()
			.uri("/api/v1/api-keys")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", "ingest", "scopes", new String[] { "telemetry:write" })))
			.exchange();
		String key = Callers.body(created).get("key").asString();
		String prefix = Callers.body(created).get("prefix").asString();

		assertThat(created).hasStatus(HttpStatus.CREATED);
		assertThat(key).startsWith(prefix + "_");
		var listed = mvc.get().uri("/api/v1/api-keys").with(owner).exchange();
		assertThat(listed).hasStatusOk().bodyJson().extractingPath("$.items[0].prefix").isEqualTo(prefix);
		assertThat(listed.getResponse().getContentAsString()).doesNotContain(key);
		String stored = jdbc.sql("select concat_ws('|', name, prefix, key_hash) from api_keys where tenant_id = ?")
			.param(owner.tenantId())
			.query(String.class)
			.single();
		assertThat(stored).doesNotContain(key);
	}

	@Test
	void aKeyAuthenticatesItsMachineAndRecordsWhenItWasUsed() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		String key = callers.apiKey(owner, "read");

		assertThat(mvc.get().uri("/api/v1/members").with(bearer(key))).hasStatusOk()
			.bodyJson()
			.extractingPath("$.items[0].email")
			.isEqualTo(owner.email());
		assertThat(mvc.get().uri("/api/v1/api-keys").with(owner)).bodyJson()
			.extractingPath("$.items[0].lastUsedAt")
			.isNotNull();
	}

	@Test
	void aRevokedKeyIsRefused() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		String key = callers.apiKey(owner, "read");
		String id = Callers.body(mvc.get().uri("/api/v1/api-keys").with(owner).exchange()).get("items").get(0).get("id").asString();

		assertThat(mvc.delete().uri("/api/v1/api-keys/{id}", id).with(owner)).hasStatus(HttpStatus.NO_CONTENT);

		assertThat(mvc.get().uri("/api/v1/members").with(bearer(key))).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(mvc.get().uri("/api/v1/api-keys").with(owner)).bodyJson()
			.extractingPath("$.items[0].revokedAt")
			.isNotNull();
	}

	@Test
	void aKeyMayDoOnlyWhatItsScopesAllow() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		String telemetryOnly = callers.apiKey(owner, "telemetry:write");
		String readOnly = callers.apiKey(owner, "read");

		assertThat(mvc.get().uri("/api/v1/members").with(bearer(telemetryOnly))).hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(mvc.post()
			.uri("/api/v1/api-keys")
			.with(bearer(readOnly))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", "escalate", "scopes", new String[] { "admin" })))).hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void anAdminKeyManagesKeysWithoutACsrfToken() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		String admin = callers.apiKey(owner, "admin");

		assertThat(mvc.post()
			.uri("/api/v1/api-keys")
			.with(bearer(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", "from a script", "scopes", new String[] { "read" })))).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void anUnknownScopeIsNamedInTheProblem() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.post()
			.uri("/api/v1/api-keys")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", "typo", "scopes", new String[] { "reed" })))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].pointer").isEqualTo("/scopes/0");
	}
}
