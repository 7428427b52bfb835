package io.costwise.telemetry;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

import static io.costwise.Callers.bearer;
import static io.costwise.telemetry.TelemetryIngestionTests.sample;
import static org.assertj.core.api.Assertions.assertThat;

@CostwiseTest
@RecordApplicationEvents
class SamplePartitionsTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SamplePartitions partitions;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ApplicationEvents events;

	@Test
	void theComingMonthsArePartitionedAhead() {
		YearMonth inThreeMonths = YearMonth.now(ZoneOffset.UTC).plusMonths(3);

		assertThat(exists("samples_%d_%02d".formatted(inThreeMonths.getYear(), inThreeMonths.getMonthValue()))).isTrue();
	}

	@Test
	void monthsPastTheRetentionAreDroppedWholeAndTheirRollupsKept() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		String key = callers.apiKey(owner, "telemetry:write");
		ingest(key, "[" + sample("ancient", "n", Instant.parse("2003-03-10T10:00:00Z")) + "]");

		var dropped = transactions.execute(status -> partitions.dropBefore(Instant.parse("2003-05-01T00:00:00Z")));

		assertThat(dropped).contains("samples_2003_03");
		assertThat(exists("samples_2003_03")).isFalse();
		assertThat(jdbc.sql("select count(*) from usage_rollups where tenant_id = ?")
			.param(owner.tenantId())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void anIngestedBatchIsAnnounced() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		Instant at = Instant.parse("2026-02-01T10:00:00Z");
		ingest(callers.apiKey(owner, "telemetry:write"), "[" + sample("announced", "n", at) + "]");

		assertThat(events.stream(SamplesIngested.class)).singleElement().satisfies(event -> {
			assertThat(event.tenantId()).isEqualTo(owner.tenantId());
			assertThat(event.workloadIds()).hasSize(1);
			assertThat(event.from()).isEqualTo(at);
		});
	}

	private void ingest(String key, String body) {
		assertThat(mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(key))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).hasStatus(HttpStatus.ACCEPTED);
	}

	private boolean exists(String table) {
		return jdbc.sql("select to_regclass(?) is not null").param(table).query(Boolean.class).single();
	}
}
