package io.costwise.demo;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.costwise.Callers;
import io.costwise.TestInfrastructure;
import io.costwise.identity.Accounts;
import io.costwise.identity.CurrentTenant;
import io.costwise.identity.FirstOrganisation;
import io.costwise.telemetry.WorkloadKind;
import io.costwise.telemetry.Workloads;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The first start of a fresh local installation seeds the demo organisation through the real
 * ingestion path, on real PostgreSQL; a short period with hourly windows keeps it quick. Costs are
 * left to the background recomputation, as in a running installation.
 */
@SpringBootTest(properties = { "costwise.demo.enabled=true", "costwise.demo.days=3", "costwise.demo.window-minutes=60",
		"costwise.costing.recompute-delay=1s", "costwise.recommendation.poll-delay=1s" })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.EmptyDatabase.class)
@DirtiesContext
class DemoTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Demo demo;

	@Autowired
	DemoSeeding seeding;

	@Autowired
	DemoFleet fleet;

	@Autowired
	Workloads workloads;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void theDemoIsReady() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (!demo.signIn().map(DemoSignIn::ready).orElse(false) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(demo.signIn()).hasValueSatisfying(signIn -> assertThat(signIn.ready()).isTrue());
	}

	@Test
	void theSignInPageIsOfferedTheDemoAccountWhichSignsIn() {
		assertThat(mvc.get().uri("/api/v1/demo")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"email\": \"demo@costwise.local\", \"password\": \"costwise-demo\", \"ready\": true}");

		var me = Callers.body(signIn());

		assertThat(me.get("email").asString()).isEqualTo("demo@costwise.local");
		assertThat(me.get("currentTenant").get("name").asString()).isEqualTo("Costwise Demo");
		assertThat(me.get("currentTenant").get("role").asString()).isEqualTo("OWNER");
	}

	@Test
	void everyDemoWorkloadHasItsKindLabelsAndSettings() {
		Cookie session = signIn().getResponse().getCookie("COSTWISE_SESSION");

		JsonNode items = Callers.body(mvc.get().uri("/api/v1/workloads?limit=100").cookie(session).exchange()).get("items");

		assertThat(items.size()).isEqualTo(fleet.workloads().size()).isBetween(25, 35);
		assertThat(items.valueStream().map(item -> item.get("kind").asString()).distinct())
			.containsExactlyInAnyOrder("TRAINING", "INFERENCE", "BATCH");
		assertThat(items.valueStream()).allSatisfy(item -> {
			assertThat(item.get("labels").has("team")).isTrue();
			assertThat(item.get("labels").has("project")).isTrue();
		});
		assertThat(items.valueStream().filter(item -> item.get("kind").asString().equals("INFERENCE")))
			.allSatisfy(item -> assertThat(item.get("latencySloP95Ms").asDouble()).isPositive());
		assertThat(items.valueStream().filter(item -> item.get("interruptible").asBoolean())).isNotEmpty();
		JsonNode recsys = Callers.body(mvc.get().uri("/api/v1/workloads/recsys-candidate-gen").cookie(session).exchange());
		assertThat(recsys.get("allowedRegions").valueStream().map(JsonNode::asString)).contains("eu-west-1");
	}

	@Test
	void theTelemetryArrivedThroughIngestionAndTellsItsStories() {
		UUID tenant = tenant();

		assertThat(count("select count(*) from ingest_batches where tenant_id = ? and idempotency_key like 'demo-%'", tenant))
			.isGreaterThanOrEqualTo(fleet.workloads().size());
		assertThat(count("select count(*) from samples where tenant_id = ?", tenant)).isGreaterThan(1000);
		assertThat(count("select count(distinct provider) from samples where tenant_id = ?", tenant)).isEqualTo(4);
		assertThat(count("select count(distinct purchase_option) from samples where tenant_id = ?", tenant)).isEqualTo(2);
		assertThat(count("select count(distinct precision) from samples where tenant_id = ? and gpu_model in ('A100-40GB', 'A100-80GB', 'H100')", tenant))
			.isGreaterThanOrEqualTo(2);
		assertThat(count("select count(distinct batch_size) from samples s join workloads w on w.tenant_id = s.tenant_id and w.id = s.workload_id where s.tenant_id = ? and w.key = 'llama3-8b-sft'", tenant))
			.isGreaterThanOrEqualTo(2);
		assertThat(average("gpu_util", "summarizer-staging", null)).isLessThan(0.05);
		assertThat(average("gpu_util", "search-ranker-api", "search-ranker-api-3"))
			.isGreaterThan(average("gpu_util", "search-ranker-api", "search-ranker-api-0") * 1.5);
		assertThat(average("latency_p95_ms", "search-ranker-api", "search-ranker-api-3"))
			.isGreaterThan(average("latency_p95_ms", "search-ranker-api", "search-ranker-api-0") * 1.5);
		assertThat(count("select coalesce(sum(oom_events), 0) from samples s join workloads w on w.tenant_id = s.tenant_id and w.id = s.workload_id where s.tenant_id = ? and w.key = 'sdxl-lora-finetune'", tenant))
			.isPositive();
		assertThat(count("select count(*) from samples where tenant_id = ? and provider = 'onprem' and gpu_model is not null", tenant))
			.isPositive();
	}

	@Test
	void costsAreComputedFromTheTelemetry() throws InterruptedException {
		Cookie session = signIn().getResponse().getCookie("COSTWISE_SESSION");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		String period = "from=" + today.minusDays(4) + "&to=" + today.plusDays(1);

		JsonNode totals = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			totals = Callers.body(mvc.get().uri("/api/v1/costs?" + period).cookie(session).exchange()).get("totals");
			if (totals.get("billedCost").decimalValue().signum() > 0 && count(
					"select count(*) from cost_pending_days where tenant_id = ?", tenant()) == 0) {
				break;
			}
			Thread.sleep(250);
		}

		assertThat(totals.get("billedCost").decimalValue()).isPositive();
		assertThat(totals.get("idleCost").decimalValue()).isPositive();
		assertThat(totals.get("utilization").asDouble()).isBetween(0.05, 0.95);
		JsonNode byKind = Callers.body(mvc.get().uri("/api/v1/costs?" + period + "&groupBy=kind").cookie(session).exchange());
		assertThat(byKind.get("groups").valueStream().map(group -> group.get("key").asString()))
			.containsExactlyInAnyOrder("TRAINING", "INFERENCE", "BATCH");
	}

	@Test
	void recommendationsFollowTheFinishedSeedingWithoutWaitingOutTheDebounce() throws InterruptedException {
		Cookie session = signIn().getResponse().getCookie("COSTWISE_SESSION");

		JsonNode items = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			items = Callers.body(mvc.get().uri("/api/v1/recommendations?limit=100").cookie(session).exchange()).get("items");
			if (!items.isEmpty()) {
				break;
			}
			Thread.sleep(250);
		}

		assertThat(items.valueStream())
			.anySatisfy(item -> assertThat(item.get("workload").asString()).isEqualTo("summarizer-staging"));
		assertThat(items.valueStream()).allSatisfy(item -> assertThat(item.get("monthlySavings").decimalValue()).isPositive());
	}

	@Test
	void seedingAgainCreatesNothingNew() {
		Map<String, Long> before = counts();
		FirstOrganisation organisation = seeding.organisation().orElseThrow();

		seeding.seed(organisation);
		seeding.seed(organisation);

		assertThat(organisation.tenantId()).isEqualTo(tenant());
		assertThat(counts()).isEqualTo(before);
	}

	@Test
	void aDatabaseInUseGetsNoOtherFirstOrganisation(@Autowired Accounts accounts) {
		long users = count("select count(*) from users");

		assertThat(accounts.firstOrganisation("Another", Callers.uniqueEmail("late"), Callers.PASSWORD)).isEmpty();
		assertThat(count("select count(*) from users")).isEqualTo(users);
	}

	@Test
	void aWorkloadLeftUnfinishedIsSentAgainUnderTheSameIdempotencyKeys() {
		FirstOrganisation organisation = seeding.organisation().orElseThrow();
		List<DemoWorkload> plan = fleet.workloads();
		String last = plan.get(plan.size() - 1).key();
		CurrentTenant.callAs(organisation.tenantId(),
				() -> workloads.change(last, Callers.JSON.readTree("{\"kind\": null}")));
		Map<String, Long> before = counts();

		seeding.seed(organisation);

		assertThat(counts()).isEqualTo(before);
		assertThat(CurrentTenant.callAs(organisation.tenantId(), () -> workloads.describe(last).kind()))
			.isEqualTo(WorkloadKind.BATCH);
	}

	private MvcTestResult signIn() {
		MvcTestResult result = mvc.post()
			.uri("/api/v1/session")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"demo@costwise.local\", \"password\": \"costwise-demo\"}")
			.exchange();
		assertThat(result).hasStatusOk();
		return result;
	}

	private UUID tenant() {
		return jdbc.sql("select id from tenants where name = 'Costwise Demo'").query(UUID.class).single();
	}

	private Map<String, Long> counts() {
		return Map.of("tenants", count("select count(*) from tenants"), "users", count("select count(*) from users"),
				"workloads", count("select count(*) from workloads"), "samples", count("select count(*) from samples"),
				"batches", count("select count(*) from ingest_batches"));
	}

	private long count(String sql, Object... params) {
		var statement = jdbc.sql(sql);
		for (Object param : params) {
			statement = statement.param(param);
		}
		return statement.query(Long.class).single();
	}

	/** @param node {@code null} for all the workload's nodes */
	private double average(String column, String workload, String node) {
		return jdbc.sql("select avg(s." + column + ") from samples s join workloads w on w.tenant_id = s.tenant_id"
				+ " and w.id = s.workload_id where w.key = ? and (cast(? as text) is null or s.node = ?)")
			.param(workload)
			.param(node)
			.param(node)
			.query(Double.class)
			.single();
	}
}
