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
	void aTenantWithAShorterRetentionLosesOnlyItsOwnOlderSamples(@Autowired SampleWriter writer,
			@Autowired org.springframework.transaction.PlatformTransactionManager transactionManager) {
		var callers = new Callers(mvc);
		var brief = callers.signUp();
		var other = callers.signUp();
		ingest(callers.apiKey(brief, "telemetry:write"), "[" + sample("short-lived", "n", Instant.parse("2025-06-10T10:00:00Z")) + "]");
		ingest(callers.apiKey(other, "telemetry:write"), "[" + sample("kept", "n", Instant.parse("2025-06-10T10:00:00Z")) + "]");
		var limits = new TelemetryProperties.TenantLimits(null, null, java.time.Duration.ofDays(30));
		var properties = new TelemetryProperties(50000, org.springframework.util.unit.DataSize.ofMegabytes(64), 20000, 200000,
				java.time.Duration.ofDays(36500), java.util.Map.of(brief.tenantId(), limits));
		var maintenance = new SamplePartitions(writer, jdbc, transactionManager, properties, java.time.Clock.systemUTC());

		transactions.executeWithoutResult(status -> maintenance.expireShorterRetentions(properties.longestRetention()));

		assertThat(count("samples", brief)).isZero();
		assertThat(count("usage_rollups", brief)).isEqualTo(2);
		assertThat(count("samples", other)).isEqualTo(1);
	}

	@Test
	void aTenantsOwnLimitsReplaceTheDefaultsWhereSet() {
		java.util.UUID tenant = java.util.UUID.randomUUID();
		var properties = new TelemetryProperties(50000, org.springframework.util.unit.DataSize.ofMegabytes(64), 20000, 200000,
				java.time.Duration.ofDays(90),
				java.util.Map.of(tenant, new TelemetryProperties.TenantLimits(500.0, null, java.time.Duration.ofDays(400))));

		assertThat(properties.ingestRatePerSecond(tenant)).isEqualTo(500);
		assertThat(properties.ingestBurst(tenant)).isEqualTo(200000);
		assertThat(properties.ingestRatePerSecond(java.util.UUID.randomUUID())).isEqualTo(20000);
		assertThat(properties.longestRetention()).isEqualTo(java.time.Duration.ofDays(400));
	}

	private long count(String table, Callers.Person tenant) {
		return jdbc.sql("select count(*) from " + table + " where tenant_id = ?").param(tenant.tenantId()).query(Long.class).single();
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
