package io.costwise.telemetry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
import static io.costwise.telemetry.TelemetryIngestionTests.sample;
import static org.assertj.core.api.Assertions.assertThat;

@CostwiseTest
class WorkloadTests {

	static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	Callers.Person owner;

	String key;

	@BeforeEach
	void anOrganisationThatSentTelemetry() {
		var callers = new Callers(mvc);
		owner = callers.signUp();
		key = callers.apiKey(owner, "telemetry:write");
		send("[" + sample("llama-train", "n1", HOUR.plusSeconds(60)) + "," + sample("llama-train", "n2", HOUR.plusSeconds(60))
				+ "," + sample("llama-train", "n1", HOUR.plusSeconds(3660)) + "," + sample("ranker", "n1", HOUR.plusSeconds(60))
				+ "]");
	}

	@Test
	void workloadsAreCreatedOnFirstSight() {
		assertThat(mvc.get().uri("/api/v1/workloads").with(owner)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.items[*].key")
			.asArray()
			.containsExactlyInAnyOrder("llama-train", "ranker");
		assertThat(mvc.get().uri("/api/v1/workloads/llama-train").with(owner)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.lastSampleAt")
			.isNotNull();
	}

	@Test
	void settingsChangeByMergePatchAndFilterTheList() {
		var changed = patch("llama-train", """
				{"kind": "TRAINING", "labels": {"team": "search", "model": "llama-3-8b"}, "interruptible": true,
				 "allowedRegions": ["us-east-1", "eu-west-1"], "allowedProviders": ["aws"], "latencySloP95Ms": 250}""");
		var cleared = patch("llama-train", "{\"latencySloP95Ms\": null}");

		assertThat(changed).hasStatusOk().bodyJson().extractingPath("$.labels.team").isEqualTo("search");
		assertThat(cleared).hasStatusOk().bodyJson().extractingPath("$.latencySloP95Ms").isNull();
		assertThat(cleared).bodyJson().extractingPath("$.kind").isEqualTo("TRAINING");
		assertThat(mvc.get().uri("/api/v1/workloads?label=team:search").with(owner)).bodyJson()
			.extractingPath("$.items[*].key")
			.asArray()
			.containsExactly("llama-train");
		assertThat(mvc.get().uri("/api/v1/workloads?kind=TRAINING&q=LLAMA").with(owner)).bodyJson()
			.extractingPath("$.items[*].key")
			.asArray()
			.containsExactly("llama-train");
	}

	@Test
	void aBadPatchNamesEveryBadFieldAndChangesNothing() {
		var result = patch("llama-train", """
				{"kind": "SERVING", "latencySloP95Ms": -1, "allowedProviders": ["aws", "ibm"], "key": "renamed"}""");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[*].pointer")
			.asArray()
			.containsExactlyInAnyOrder("/kind", "/latencySloP95Ms", "/allowedProviders/1", "/key");
		assertThat(mvc.get().uri("/api/v1/workloads/llama-train").with(owner)).bodyJson()
			.extractingPath("$.kind")
			.isNull();
	}

	@Test
	void deletingAWorkloadDeletesItsSamplesAndRollups() {
		assertThat(mvc.delete().uri("/api/v1/workloads/llama-train").with(owner)).hasStatus(HttpStatus.NO_CONTENT);

		assertThat(mvc.get().uri("/api/v1/workloads/llama-train").with(owner)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(jdbc.sql("select count(*) from samples where tenant_id = ?").param(owner.tenantId()).query(Long.class).single())
			.isEqualTo(1);
		assertThat(jdbc.sql("select count(distinct workload_id) from usage_rollups where tenant_id = ?")
			.param(owner.tenantId())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void usageIsAnHourlySeriesFromTheRollups() {
		var result = mvc.get()
			.uri("/api/v1/workloads/llama-train/usage?from={from}&to={to}&step=1h", HOUR, HOUR.plus(3, ChronoUnit.HOURS))
			.with(owner)
			.exchange();

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.resolution").isEqualTo("HOUR");
		assertThat(result).bodyJson().extractingPath("$.points[*].samples").asArray().containsExactly(2, 1);
		assertThat(Callers.body(result).get("points").get(0).get("gpuHours").asDouble()).isCloseTo(16 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void aDailyStepReadsTheDailyRollups() {
		var result = mvc.get()
			.uri("/api/v1/workloads/llama-train/usage?from={from}&to={to}&step=1d",
					HOUR.truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS), HOUR.plus(2, ChronoUnit.DAYS))
			.with(owner)
			.exchange();

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.resolution").isEqualTo("DAY");
		assertThat(Callers.body(result).get("points").valueStream().mapToLong(point -> point.get("samples").asLong()).sum())
			.isEqualTo(3);
	}

	@Test
	void aStepShorterThanTheRollupsIsRefused() {
		assertThat(mvc.get().uri("/api/v1/workloads/llama-train/usage?step=PT5M").with(owner))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].parameter")
			.isEqualTo("step");
	}

	@Test
	void aWorkloadKeyWithASlashIsRefused() {
		var result = mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(key))
			.contentType(MediaType.APPLICATION_JSON)
			.content("[" + sample("team/job", "n", HOUR) + "]")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].pointer").isEqualTo("/0/workload");
	}

	private MvcTestResult patch(String workload, String body) {
		return mvc.patch()
			.uri("/api/v1/workloads/{key}", workload)
			.with(owner)
			.contentType(MediaType.parseMediaType("application/merge-patch+json"))
			.content(body)
			.exchange();
	}

	private void send(String body) {
		mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(key))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}
}
