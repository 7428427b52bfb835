package io.costwise.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * New batches take the fast path (COPY straight into samples, rollup deltas computed from the batch);
 * batches that repeat stored samples take the staging path. Whatever the mix, the rollups and the
 * configuration ledger must equal what the SQL aggregates of the stored rows give.
 */
@CostwiseTest
class IngestFastPathTests {

	static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(30, ChronoUnit.HOURS);

	@Autowired
	MockMvcTester mvc;

	@Autowired
	DataSource dataSource;

	Callers.Person owner;

	String key;

	@BeforeEach
	void anOrganisationWithAnIngestKey() {
		var callers = new Callers(mvc);
		owner = callers.signUp();
		key = callers.apiKey(owner, "telemetry:write");
	}

	@Test
	void incrementalRollupsAndLedgerEqualTheSqlAggregatesOfTheStoredRows() throws SQLException {
		// new data (fast path), spanning two hours and a day boundary, with every kind of absent value
		assertThat(post(batch(0, 40))).hasStatus(HttpStatus.ACCEPTED);
		// more new data in the same buckets (fast path, the upserts add to existing rows)
		assertThat(post(batch(40, 80))).hasStatus(HttpStatus.ACCEPTED);
		// a batch repeating stored samples with new ones, and duplicates within itself (staging path)
		var mixed = post(batch(70, 100).replace("]", "," + one(99) + "]"));
		assertThat(mixed).hasStatus(HttpStatus.ACCEPTED).bodyJson().extractingPath("$.duplicates").isEqualTo(11);
		// late samples, out of order (fast path)
		assertThat(post(batch(-30, 0))).hasStatus(HttpStatus.ACCEPTED);

		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			try (PreparedStatement enter = c.prepareStatement(
					"select set_config('role', 'costwise_app', true), set_config('app.tenant_id', ?, true)")) {
				enter.setString(1, owner.tenantId().toString());
				enter.execute();
			}
			assertThat(rows(c, "select count(*) as n from samples")).containsExactly(Map.of("n", 130L));
			var rollups = rows(c, "select * from usage_rollups order by workload_id, resolution, bucket_start");
			var ledger = rows(c, """
					select * from configuration_usage order by workload_id, day, provider, region, instance_type,
					  purchase_option, gpu_model, batch_size, precision""");
			assertThat(rollups).hasSizeGreaterThan(4);
			assertThat(ledger).hasSizeGreaterThan(4);
			// Recompute both from scratch with the SQL statement, over every stored row.
			try (Statement s = c.createStatement()) {
				s.execute("create temporary table if not exists sample_staging (like samples) on commit delete rows");
				s.execute("insert into sample_staging select * from samples");
				s.execute("delete from samples");
				s.execute("delete from usage_rollups");
				s.execute("delete from configuration_usage");
				s.execute(SampleWriter.MOVE_SKIPPING_DUPLICATES);
			}
			assertSame(rows(c, "select * from usage_rollups order by workload_id, resolution, bucket_start"), rollups);
			assertSame(rows(c, """
					select * from configuration_usage order by workload_id, day, provider, region, instance_type,
					  purchase_option, gpu_model, batch_size, precision"""), ledger);
			c.rollback();
		}
	}

	@Test
	void theIngestRoleMayOnlyInsertSamples() throws SQLException {
		assertThat(post(batch(0, 3))).hasStatus(HttpStatus.ACCEPTED);
		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				s.execute("set local role costwise_ingest");
				s.execute("savepoint a");
				for (String forbidden : List.of("select count(*) from samples", "delete from samples",
						"update samples set node = 'x'", "select count(*) from usage_rollups",
						"select count(*) from workloads", "insert into usage_rollups (tenant_id) values (gen_random_uuid())")) {
					assertThatThrownBy(() -> s.execute(forbidden)).as(forbidden)
						.hasMessageContaining("permission denied");
					s.execute("rollback to savepoint a");
				}
			}
			c.rollback();
		}
	}

	private static void assertSame(List<Map<String, Object>> actual, List<Map<String, Object>> expected) {
		assertThat(actual).hasSameSizeAs(expected);
		for (int i = 0; i < actual.size(); i++) {
			Map<String, Object> a = actual.get(i);
			Map<String, Object> e = expected.get(i);
			assertThat(a.keySet()).isEqualTo(e.keySet());
			for (String column : a.keySet()) {
				Object av = a.get(column);
				Object ev = e.get(column);
				if (av instanceof Double ad && ev instanceof Double ed) {
					assertThat(ad).as("%s of row %d", column, i).isCloseTo(ed, org.assertj.core.data.Offset.offset(1e-9));
				}
				else {
					assertThat(av).as("%s of row %d", column, i).isEqualTo(ev);
				}
			}
		}
	}

	private static List<Map<String, Object>> rows(Connection c, String sql) throws SQLException {
		List<Map<String, Object>> rows = new ArrayList<>();
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			ResultSetMetaData meta = rs.getMetaData();
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					Object value = rs.getObject(i);
					row.put(meta.getColumnName(i), value instanceof UUID ? value.toString() : value);
				}
				rows.add(row);
			}
		}
		return rows;
	}

	private static String batch(int from, int to) {
		StringBuilder body = new StringBuilder("[");
		for (int i = from; i < to; i++) {
			body.append(i == from ? "" : ",").append(one(i));
		}
		return body.append("]").toString();
	}

	/** Sample i: 2.5-minute steps from 30 h ago, so a batch crosses hours and the batches cross a day. */
	private static String one(int i) {
		Instant ts = HOUR.plusSeconds(150L * i + (long) Math.floorMod(i, 3) * 86_400 / 3);
		return switch (Math.floorMod(i, 5)) {
			case 0 -> """
					{"workload": "train", "node": "n%d", "timestamp": "%s", "windowSeconds": 60, "provider": "aws",
					 "region": "us-east-1", "instanceType": "p4d.24xlarge", "gpuModel": "A100-40GB", "gpuCount": 8,
					 "gpuUtil": 0.%02d, "cpuUtil": 0.3, "vcpus": 96, "memoryGiB": 1152, "memoryUsedGiB": 400.5,
					 "gpuMemoryUsedGiB": 30, "gpuMemoryTotalGiB": 40, "batchSize": 32, "precision": "BF16",
					 "throughput": 1850.5, "workUnit": "samples", "storageGiB": 500, "netEgressGiB": 0.25}"""
				.formatted(Math.floorMod(i, 2), ts, Math.floorMod(i * 37, 100));
			case 1 -> """
					{"workload": "serve", "node": "m%d", "timestamp": "%s", "windowSeconds": 30, "provider": "gcp",
					 "region": "europe-west4", "gpuModel": "A100-80GB", "migProfile": "3g.40gb", "gpuUtil": 0.0%d,
					 "latencyP95Ms": %d.5, "throughput": 120, "workUnit": "tokens", "memoryGiB": 64, "oomEvents": %d}"""
				.formatted(Math.floorMod(i, 3), ts, Math.floorMod(i, 9), 40 + i, Math.floorMod(i, 2));
			case 2 -> """
					{"workload": "serve", "node": "k%d", "timestamp": "%s", "windowSeconds": 60, "gpuCount": 0.5,
					 "migProfile": "1g.10gb", "purchaseOption": "SPOT", "precision": "INT8", "batchSize": 4,
					 "latencyP95Ms": 12, "vcpus": 8}""".formatted(Math.floorMod(i, 2), ts);
			case 3 -> """
					{"workload": "etl", "node": "e", "timestamp": "%s", "windowSeconds": 120, "cpuUtil": 0.%02d,
					 "memoryGiB": 32, "netEgressGiB": 1.5}""".formatted(ts, Math.floorMod(i * 13, 100));
			default -> """
					{"workload": "etl", "node": "f", "timestamp": "%s", "windowSeconds": 60}""".formatted(ts);
		};
	}

	private MvcTestResult post(String body) {
		return mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(key))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}
}
