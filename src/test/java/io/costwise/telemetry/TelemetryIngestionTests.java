package io.costwise.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.GZIPOutputStream;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;

@CostwiseTest
class TelemetryIngestionTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

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
	void aJsonArrayIsStoredAndItsWorkloadsCreated() {
		var result = post(MediaType.APPLICATION_JSON, "[" + sample("trainer", "node-1", NOW) + ","
				+ sample("trainer", "node-2", NOW) + "," + sample("server", "node-1", NOW) + "]");

		assertThat(result).hasStatus(HttpStatus.ACCEPTED).bodyJson().extractingPath("$.stored").isEqualTo(3);
		assertThat(result).bodyJson().extractingPath("$.workloadsCreated").isEqualTo(2);
		assertThat(storedSamples()).isEqualTo(3);
	}

	@Test
	void anEnvelopeNdjsonCsvAndGzipAreAccepted() throws IOException {
		assertThat(post(MediaType.APPLICATION_JSON, "{\"samples\": [" + sample("a", "n", NOW) + "]}"))
			.hasStatus(HttpStatus.ACCEPTED);
		assertThat(post(MediaType.parseMediaType("application/x-ndjson"),
				sample("b", "n", NOW) + "\n" + sample("b", "m", NOW) + "\n")).hasStatus(HttpStatus.ACCEPTED);
		assertThat(post(MediaType.parseMediaType("text/csv"), """
				workload,timestamp,windowSeconds,node,gpuModel,gpuCount,gpuUtil,precision
				c,%s,60,n1,A100-80GB,8,0.73,BF16
				"c",%s,60,"n,2",H100,0.5,,FP8
				""".formatted(NOW, NOW))).hasStatus(HttpStatus.ACCEPTED);
		var gzipped = mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(key))
			.contentType(MediaType.APPLICATION_JSON)
			.header("Content-Encoding", "gzip")
			.content(gzip("[" + sample("d", "n", NOW) + "]"))
			.exchange();
		assertThat(gzipped).hasStatus(HttpStatus.ACCEPTED);

		assertThat(storedSamples()).isEqualTo(6);
		assertThat(jdbc.sql("select node from samples where tenant_id = ? and gpu_count = 0.5")
			.param(owner.tenantId())
			.query(String.class)
			.single()).isEqualTo("n,2");
	}

	@Test
	void aBatchWithBadFieldsIsRejectedWholeNamingEveryOne() {
		String bad = "{\"workload\": \"x\", \"timestamp\": \"yesterday\", \"windowSeconds\": 0, \"gpuUtil\": 1.7,"
				+ " \"precision\": \"FP64\", \"memoryGiB\": 10, \"memoryUsedGiB\": 12, \"gpuUtilisation\": 0.5}";
		var result = post(MediaType.APPLICATION_JSON,
				"{\"samples\": [" + sample("good", "n", NOW) + "," + bad + ", {\"node\": \"n\"}]}");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].pointer")
			.asArray()
			.contains("/samples/1/timestamp", "/samples/1/windowSeconds", "/samples/1/gpuUtil", "/samples/1/precision",
					"/samples/1/memoryUsedGiB", "/samples/1/gpuUtilisation", "/samples/2/workload",
					"/samples/2/timestamp", "/samples/2/windowSeconds");
		assertThat(storedSamples()).isZero();
	}

	@Test
	void csvProblemsNameTheLineAndColumn() {
		var result = post(MediaType.parseMediaType("text/csv"), """
				workload,timestamp,windowSeconds,cpuUtil
				w,%s,60,0.5
				w,%s,60,2
				""".formatted(NOW, NOW));

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].detail")
			.asString()
			.contains("line 3, column 4");
	}

	@Test
	void aRetriedBatchIsStoredOnceAndAnswersTheOriginalReceipt() {
		String body = "[" + sample("retry", "n", NOW) + "]";
		var first = postWithKey(body, "batch-1");
		var retry = postWithKey(body, "batch-1");

		assertThat(retry).hasStatus(HttpStatus.ACCEPTED);
		assertThat(Callers.body(retry).get("batchId")).isEqualTo(Callers.body(first).get("batchId"));
		assertThat(storedSamples()).isEqualTo(1);
	}

	@Test
	void theSameKeyWithAnotherBodyIsAConflict() {
		postWithKey("[" + sample("retry", "n", NOW) + "]", "batch-2");

		assertThat(postWithKey("[" + sample("other", "n", NOW) + "]", "batch-2")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void duplicateSamplesWithinAndAcrossBatchesAreStoredOnce() {
		String one = sample("dup", "n", NOW);
		post(MediaType.APPLICATION_JSON, "[" + one + "," + one + "]");
		var again = post(MediaType.APPLICATION_JSON, "[" + one + "," + sample("dup", "n", NOW.minusSeconds(60)) + "]");

		assertThat(again).bodyJson().extractingPath("$.duplicates").isEqualTo(1);
		assertThat(storedSamples()).isEqualTo(2);
	}

	@Test
	void aBackfillCreatesTheMonthlyPartitionsItNeeds() {
		Instant longAgo = Instant.parse("2024-02-15T12:00:00Z");

		assertThat(post(MediaType.APPLICATION_JSON, "[" + sample("old", "n", longAgo) + "]")).hasStatus(HttpStatus.ACCEPTED);

		assertThat(jdbc.sql("select to_regclass('samples_2024_02') is not null").query(Boolean.class).single()).isTrue();
	}

	@Test
	void rollupsEqualADirectAggregateOfTheRawSamplesWhateverTheOrderOfArrival() {
		Instant hour = NOW.truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
		post(MediaType.APPLICATION_JSON, "[" + sample("roll", "a", hour.plusSeconds(600)) + ","
				+ sample("roll", "b", hour.plusSeconds(1200)) + "]");
		post(MediaType.APPLICATION_JSON, "[" + sample("roll", "a", hour.plusSeconds(60)) + ","
				+ sample("roll", "a", hour.plusSeconds(600)) + "]");

		var direct = jdbc.sql("""
				select count(*), sum(gpu_count * window_seconds) / 3600, sum(gpu_util * gpu_count * window_seconds)
				       / sum(gpu_count * window_seconds), sum(throughput * window_seconds)
				from samples where tenant_id = ?""").param(owner.tenantId()).query((rs, row) -> new double[] {
				rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4) }).single();
		var rolled = jdbc.sql("""
				select sample_count, gpu_hours, gpu_util_weighted / gpu_util_weight, work_units
				from usage_rollups where tenant_id = ? and resolution = ?""").param(owner.tenantId()).param("HOUR")
			.query((rs, row) -> new double[] { rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4) })
			.single();
		var daily = jdbc.sql("select sample_count from usage_rollups where tenant_id = ? and resolution = 'DAY'")
			.param(owner.tenantId())
			.query(Long.class)
			.list();

		assertThat(rolled).containsExactly(direct, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(daily.stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
	}

	@Test
	void withoutCredentialsOrWithAReadOnlyKeyNothingIsStored() {
		String readOnly = new Callers(mvc).apiKey(owner, "read");
		String body = "[" + sample("x", "n", NOW) + "]";

		assertThat(mvc.post().uri("/api/v1/telemetry/samples").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(readOnly))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(storedSamples()).isZero();
	}

	@Test
	void anotherTenantsSamplesNeverAppear() {
		var callers = new Callers(mvc);
		var other = callers.signUp();
		String otherKey = callers.apiKey(other, "telemetry:write");
		mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(otherKey))
			.contentType(MediaType.APPLICATION_JSON)
			.content("[" + sample("shared-name", "n", NOW) + "]")
			.exchange();

		post(MediaType.APPLICATION_JSON, "[" + sample("shared-name", "n", NOW) + "]");

		assertThat(storedSamples()).isEqualTo(1);
		assertThat(jdbc.sql("select count(distinct tenant_id) from workloads where key = 'shared-name' and tenant_id in (?, ?)")
			.param(owner.tenantId())
			.param(other.tenantId())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	static String sample(String workload, String node, Instant timestamp) {
		return """
				{"workload": "%s", "node": "%s", "timestamp": "%s", "windowSeconds": 60, "provider": "aws",
				 "region": "us-east-1", "instanceType": "p4d.24xlarge", "gpuModel": "A100-40GB", "gpuCount": 8,
				 "gpuUtil": 0.%d, "gpuMemoryUsedGiB": 30, "gpuMemoryTotalGiB": 40, "batchSize": 32, "precision": "BF16",
				 "throughput": 1850.5, "workUnit": "samples"}""".formatted(workload, node, timestamp,
				10 + Math.floorMod(node.hashCode() + timestamp.hashCode(), 89));
	}

	private MvcTestResult post(MediaType type, String body) {
		return mvc.post().uri("/api/v1/telemetry/samples").with(bearer(key)).contentType(type).content(body).exchange();
	}

	private MvcTestResult postWithKey(String body, String idempotencyKey) {
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

	private static byte[] gzip(String text) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes());
		}
		return bytes.toByteArray();
	}
}
