package io.costwise;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error is an RFC 9457 problem, and none shows what is inside the server.
 */
@CostwiseTest
@ExtendWith(OutputCaptureExtension.class)
class ErrorResponseTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void anUnknownApiPathAnswers404() {
		var owner = new Callers(mvc).signUp();

		assertProblem(mvc.get().uri("/api/v1/no-such-thing").with(owner).exchange(), HttpStatus.NOT_FOUND);
	}

	@Test
	void anUnsupportedMethodAnswers405() {
		var owner = new Callers(mvc).signUp();

		assertProblem(mvc.put().uri("/api/v1/members").with(owner).exchange(), HttpStatus.METHOD_NOT_ALLOWED);
	}

	@Test
	void anUnsupportedMediaTypeAnswers415() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.post()
			.uri("/api/v1/api-keys")
			.with(owner)
			.contentType(MediaType.TEXT_PLAIN)
			.content("name=x")
			.exchange();

		assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
	}

	@Test
	void malformedJsonSaysWhereWithoutEchoingTheParser() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.post()
			.uri("/api/v1/api-keys")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"x\", ")
			.exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(Callers.body(result).get("detail").asString()).contains("line 1");
	}

	@Test
	void aValueOfTheWrongTypeIsNamedByItsPointer() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.patch()
			.uri("/api/v1/members/{id}", owner.userId())
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"role\": \"EMPEROR\"}")
			.exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].pointer").isEqualTo("/role");
		assertThat(result).bodyJson().extractingPath("$.errors[0].detail").asString().contains("OWNER", "VIEWER");
	}

	@Test
	void aMalformedPathVariableIsNamed() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.delete().uri("/api/v1/api-keys/not-a-uuid").with(owner).exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].parameter").isEqualTo("apiKeyId");
	}

	@Test
	void aForgedCursorIsNamed() {
		var owner = new Callers(mvc).signUp();

		var result = mvc.get().uri("/api/v1/members?cursor=bm9wZQ").with(owner).exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].parameter").isEqualTo("cursor");
	}

	@Test
	void errorsLeaveNoStackTraceSqlOrSecretInTheLog(CapturedOutput output) {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		String key = callers.apiKey(owner, "read");
		mvc.post().uri("/api/v1/api-keys").with(owner).contentType(MediaType.APPLICATION_JSON).content("{").exchange();
		mvc.get().uri("/api/v1/members").with(Callers.bearer(key + "tampered")).exchange();
		mvc.post()
			.uri("/api/v1/session")
			.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + owner.email() + "\",\"password\":\"wrong password here\"}")
			.exchange();

		assertThat(output.getAll()).doesNotContain("\tat ", key, Callers.PASSWORD, "wrong password here")
			.doesNotContainIgnoringCase("insert into")
			.doesNotContainIgnoringCase("select ");
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		String body = new String(result.getResponse().getContentAsByteArray());
		assertThat(body).contains("\"status\":" + status.value())
			.doesNotContain("Exception", "at io.costwise", "at org.", "SQL", "select ", "insert ");
	}
}
