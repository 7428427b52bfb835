package io.costwise.telemetry;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.costwise.Callers.bearer;
import static io.costwise.telemetry.TelemetryIngestionTests.NOW;
import static io.costwise.telemetry.TelemetryIngestionTests.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-tenant ingest rate: a batch beyond the allowance is refused whole with 429 and Retry-After and
 * takes nothing from it; a retry of a stored batch is answered whatever is left.
 */
@CostwiseTest
@TestPropertySource(properties = { "costwise.telemetry.ingest-burst=3", "costwise.telemetry.ingest-rate-per-second=0.001" })
class IngestRateLimitTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	Callers.Person owner;

	String key;

	@BeforeEach
	void anOrganisationWithAnIngestKey() {
		var callers = new Callers(mvc);
		owner = callers.signUp();
		key = callers.apiKey(owner, "telemetry:write");
	}

	@Test
	void aBatchBeyondTheAllowanceIsRefusedAndARetryIsStillAnswered() {
		String first = "[" + sample("w", "a", NOW) + "," + sample("w", "b", NOW) + "]";
		MvcTestResult stored = post(first, "k1");
		assertThat(stored).hasStatus(HttpStatus.ACCEPTED);

		MvcTestResult refused = post("[" + sample("w", "c", NOW) + "," + sample("w", "d", NOW) + "]", "k2");
		assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getResponse().getHeader("Retry-After")).isNotBlank();
		assertThat(storedSamples()).isEqualTo(2);

		// the retry of the stored batch is answered with its receipt although the allowance is spent
		MvcTestResult retry = post(first, "k1");
		assertThat(retry).hasStatus(HttpStatus.ACCEPTED);
		assertThat(Callers.body(retry).get("batchId")).isEqualTo(Callers.body(stored).get("batchId"));

		// the refused batch took nothing: one sample is left
		assertThat(post("[" + sample("w", "e", NOW) + "]", "k3")).hasStatus(HttpStatus.ACCEPTED);
		assertThat(post("[" + sample("w", "f", NOW) + "]", "k4")).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(storedSamples()).isEqualTo(3);
	}

	private MvcTestResult post(String body, String idempotencyKey) {
		return mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(key))
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private long storedSamples() {
		return jdbc.sql("select count(*) from samples where tenant_id = ?").param(owner.tenantId()).query(Long.class).single();
	}
}
