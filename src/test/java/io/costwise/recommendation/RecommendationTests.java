package io.costwise.recommendation;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import io.costwise.identity.CurrentTenant;
import io.costwise.pricing.Catalog;
import io.costwise.pricing.InstanceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;

/**
 * The recommenders against telemetry whose answer is known: samples are generated from a step-time
 * line, a memory line, utilizations and prices, sent through the API, costed, and the engine's
 * proposals compared with what the model of DESIGN §6 gives by hand.
 */
@CostwiseTest
@TestPropertySource(properties = "costwise.costing.recompute-delay=300ms")
class RecommendationTests {

	static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

	@Autowired
	MockMvcTester mvc;

	@Autowired
	RecommendationEngine engine;

	@Autowired
	Verification verification;

	@Autowired
	RecommendationScheduling scheduling;

	@Autowired
	Recommendations recommendations;

	@Autowired
	Catalog catalog;

	@Autowired
	JdbcClient jdbc;

	Callers.Person owner;

	String telemetryKey;

	InstanceType a100;

	@BeforeEach
	void anOrganisationOnA100s() {
		var callers = new Callers(mvc);
		owner = callers.signUp();
		telemetryKey = callers.apiKey(owner, "telemetry:write");
		a100 = catalog.instanceTypes("aws", null, "A100-80GB").stream()
			.filter(type -> type.spotHourlyUsd() != null)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void trainingAtSeveralBatchSizesGetsTheSmallestBatchNearPeakThroughputThatFitsMemory() {
		// Step time 0.05 + 0.002·b s, memory 10 + 0.2·b GiB of 80: memory allows b ≤ 310, and throughput
		// b/(0.05 + 0.002·b) first reaches 98 % of its best allowed value (b = 304) at b = 240.
		trainerAtThreeBatchSizes();

		JsonNode recommendation = only("trainer", "BATCH_SIZE");

		assertThat(recommendation.get("proposed").get("batchSize").asInt()).isEqualTo(240);
		assertThat(recommendation.get("speedup").asDouble()).isCloseTo(throughput(240) / throughput(64), within(0.001));
		assertThat(recommendation.get("monthlySavings").decimalValue().doubleValue()).isCloseTo(
				recommendation.get("currentMonthlyCost").decimalValue().doubleValue() * (1 - throughput(64) / throughput(240)),
				within(0.01));
		// 240 lies beyond the largest measured batch (128): extrapolated, so not HIGH
		assertThat(recommendation.get("confidence").get("level").asString()).isEqualTo("MEDIUM");
		assertThat(recommendation.get("risks").toString()).contains("extrapolated");
		assertThat(recommendation.get("rationale").asString()).contains("learning rate");
		assertThat(recommendation.get("evidence").get("measured").size()).isEqualTo(3);
	}

	@Test
	void oneObservedBatchSizeGetsASweepExperimentRatherThanAGuess() {
		send(days(1, 4).stream().map(day -> sample("single", "n1", day, 64, "BF16", 0.4, 0)).toList());
		training("single");

		JsonNode sweep = only("single", "BATCH_SIZE_SWEEP");

		assertThat(sweep.get("evidence").get("sweepBatchSizes").valueStream().map(JsonNode::asInt).toList()).contains(64, 128);
		assertThat(sweep.get("confidence").get("level").asString()).isEqualTo("LOW");
		assertThat(sweep.get("rationale").asString()).contains("15 minutes");
	}

	@Test
	void outOfMemoryCrashesGetASmallerBatchWithGradientAccumulation() {
		send(days(1, 3).stream().map(day -> sample("crashy", "n1", day, 256, "BF16", 0.9, 1)).toList());
		training("crashy");

		JsonNode safety = only("crashy", "MEMORY_SAFETY");

		assertThat(safety.get("proposed").get("batchSize").asInt()).isLessThan(256).isPositive();
		assertThat(safety.get("proposed").get("batchSize").asInt() % 8).isZero();
		assertThat(safety.get("evidence").get("gradientAccumulationSteps").asInt()).isGreaterThan(1);
	}

	@Test
	void fp32TrainingOnAnAmpereGpuGetsBf16WithTheAmdahlSpeedup() {
		send(days(1, 3).stream().map(day -> sample("fp32", "n1", day, 64, "FP32", 0.8, 0)).toList());
		training("fp32");

		JsonNode precision = only("fp32", "PRECISION");
		// k = min(312 / 19.5, 2 · 4/2 bytes) = 4 for the matrix multiplications (g = 0.6 of the busy time), the
		// memory-bound rest moves half the bytes (r = 2): S = 1 / ((1 − 0.8) + 0.8·0.6/4 + 0.8·0.4/2) = 1 / 0.48
		assertThat(precision.get("proposed").get("precision").asString()).isEqualTo("BF16");
		assertThat(precision.get("speedup").asDouble()).isCloseTo(1 / 0.48, within(0.001));
		assertThat(precision.get("evidence").get("speedupRange").get("low").asDouble()).isLessThan(1 / 0.48);
		assertThat(precision.get("confidence").get("measured").asBoolean()).isFalse();
	}

	@Test
	void batchOneInferenceIsToldThatLowerPrecisionGainsLittle() {
		send(days(1, 3).stream().map(day -> inference("chat", "n1", day, 1, "FP16", 0.9, 100, 40)).toList());
		inferenceSettings("chat", false, 200);
		run();

		recommendations("chat").stream().filter(r -> r.get("type").asString().equals("PRECISION")).forEach(precision -> {
			assertThat(precision.get("rationale").asString()).contains("gains little");
			// compute share capped at 0.3 for batch-1 inference: S ≤ 1 / (0.7 + 0.3/max(k, r)) < 1.43
			assertThat(precision.get("speedup").asDouble()).isLessThan(1.43);
		});
	}

	@Test
	void anInterruptibleWorkloadOnDemandGetsSpotNetOfInterruptions() {
		send(days(1, 3).stream().map(day -> sample("batchjob", "n1", day, 64, "BF16", 0.7, 0)).toList());
		patch("batchjob", "{\"kind\": \"BATCH\", \"interruptible\": true}");
		run();

		JsonNode spot = only("batchjob", "SPOT");
		double ratio = a100.spotHourlyUsd().doubleValue() * 1.10 / a100.onDemandHourlyUsd().doubleValue();

		assertThat(spot.get("predictedMonthlyCost").decimalValue().doubleValue())
			.isCloseTo(spot.get("currentMonthlyCost").decimalValue().doubleValue() * ratio, within(0.01));
	}

	@Test
	void aGpuIdleMostOfTheTimeIsFlaggedToBeReleased() {
		send(days(1, 3).stream().map(day -> sample("forgotten", "n1", day, 64, "BF16", 0.01, 0)).toList());
		training("forgotten");

		JsonNode idle = only("forgotten", "IDLE_GPU");

		assertThat(idle.get("evidence").get("idleShare").asDouble()).isEqualTo(1.0);
		assertThat(idle.get("monthlySavings").decimalValue()).isEqualByComparingTo(idle.get("currentMonthlyCost").decimalValue());
	}

	@Test
	void theListFiltersByTheWorkloadsTeamAndProjectLabels() {
		idleGpusOfTwoTeams();

		assertThat(workloadsListed("team=search")).containsOnly("search-idle");
		assertThat(workloadsListed("project=ctr")).containsOnly("ads-idle", "search-idle");
		assertThat(workloadsListed("team=ads&project=ctr")).containsOnly("ads-idle");
		assertThat(workloadsListed("team=nobody")).isEmpty();
	}

	@Test
	void openSavingsAddUpTheWorkloadsOfATeam() {
		idleGpusOfTwoTeams();

		JsonNode all = Callers.body(mvc.get().uri("/api/v1/recommendations/savings").with(owner).exchange());
		JsonNode search = Callers.body(mvc.get().uri("/api/v1/recommendations/savings?team=search").with(owner).exchange());

		assertThat(search.get("workloads").valueStream().map(w -> w.get("workload").asString())).containsExactly("search-idle");
		assertThat(search.get("monthlySavings").decimalValue())
			.isEqualByComparingTo(search.get("workloads").get(0).get("monthlySavings").decimalValue())
			.isLessThan(all.get("monthlySavings").decimalValue());
	}

	@Test
	void newTelemetryWaitsOutTheDebounceUnlessItsSenderSaysItIsComplete() {
		send(days(1, 3).stream().map(day -> sample("backfilled", "n1", day, 64, "BF16", 0.01, 0)).toList());
		patch("backfilled", "{\"kind\": \"TRAINING\"}");
		awaitCosts();

		scheduling.runDue();
		assertThat(recommendations("backfilled")).isEmpty();

		CurrentTenant.callAs(owner.tenantId(), () -> {
			recommendations.recommendSoon();
			return null;
		});
		scheduling.runDue();
		assertThat(only("backfilled", "IDLE_GPU").get("monthlySavings").decimalValue()).isPositive();
	}

	@Test
	void aStreamOfBatchesDoesNotPushItsRecommendationRunBackForever() throws InterruptedException {
		send(List.of(sample("streaming", "n1", TODAY.minusDays(2), 64, "BF16", 0.6, 0)));
		Timestamp due = dueAt("streaming");

		Thread.sleep(20);
		send(List.of(sample("streaming", "n1", TODAY.minusDays(1), 64, "BF16", 0.6, 0)));

		assertThat(dueAt("streaming")).isEqualTo(due);
	}

	@Test
	void unevenInferenceNodesGetRoutingWeightsProportionalToCapacity() {
		unevenFleet();
		run();

		JsonNode balancing = only("fleet", "LOAD_BALANCING");
		// capacity = throughput / utilization = 1000 on every node: equal weights, balanced at 1500/3000 = 50 %
		assertThat(balancing.get("evidence").get("balancedUtilization").asDouble()).isCloseTo(0.5, within(1e-4));
		assertThat(balancing.get("evidence").get("routingWeights").get("fast").asDouble()).isCloseTo(1 / 3.0, within(1e-4));
		assertThat(balancing.get("evidence").get("imbalanceMse").asDouble()).isCloseTo(0.08, within(1e-4));
	}

	@Test
	void aWhatIfWithFewerInferenceNodesCostsInProportionAndWarnsWhenTheRestWouldBeOverloaded() {
		unevenFleet();
		awaitCosts();

		JsonNode two = Callers.body(post("/api/v1/workloads/fleet/what-if", "{\"nodes\": 2}"));
		JsonNode one = Callers.body(post("/api/v1/workloads/fleet/what-if", "{\"nodes\": 1}"));

		double now = two.get("currentMonthlyCost").decimalValue().doubleValue();
		// three nodes at a mean of 50 % GPU utilization: two carry the same requests at 75 %, one at 150 %
		assertThat(two.get("predictedMonthlyCost").decimalValue().doubleValue()).isCloseTo(now * 2 / 3, within(0.02));
		assertThat(two.get("risks").isEmpty()).isTrue();
		assertThat(one.get("predictedMonthlyCost").decimalValue().doubleValue()).isCloseTo(now / 3, within(0.02));
		assertThat(one.get("risks").toString()).contains("about 150 % GPU utilization");
	}

	@Test
	void aSecondRunUpdatesRecommendationsInPlace() {
		send(days(1, 3).stream().map(day -> sample("fp32", "n1", day, 64, "FP32", 0.8, 0)).toList());
		training("fp32");
		UUID first = UUID.fromString(only("fp32", "PRECISION").get("id").asString());

		run();

		assertThat(recommendations("fp32").stream().filter(r -> r.get("type").asString().equals("PRECISION")).toList()).hasSize(1);
		assertThat(only("fp32", "PRECISION").get("id").asString()).isEqualTo(first.toString());
	}

	@Test
	void openSavingsTakeTheBestAlternativeRatherThanAddingThemUp() {
		send(days(1, 2).stream().map(day -> sample("both", "n1", day, 32, "FP32", 0.8, 0)).toList());
		send(days(3, 8).stream().map(day -> sample("both", "n1", day, 64, "FP32", 0.8, 0)).toList());
		training("both");
		double cost = recommendations("both").get(0).get("currentMonthlyCost").decimalValue().doubleValue();
		double bestThroughputChange = recommendations("both").stream()
			.filter(r -> List.of("BATCH_SIZE", "PRECISION", "PRECISION_AND_BATCH_SIZE").contains(r.get("type").asString()))
			.mapToDouble(r -> r.get("monthlySavings").decimalValue().doubleValue())
			.max()
			.orElseThrow();

		JsonNode savings = Callers.body(mvc.get().uri("/api/v1/recommendations/savings").with(owner).exchange());
		JsonNode both = savings.get("workloads").valueStream().filter(w -> w.get("workload").asString().equals("both")).findFirst().orElseThrow();

		assertThat(both.get("monthlySavings").decimalValue().doubleValue()).isLessThanOrEqualTo(cost)
			.isGreaterThanOrEqualTo(bestThroughputChange - 0.01);
		double sumOfAll = recommendations("both").stream().mapToDouble(r -> r.get("monthlySavings").decimalValue().doubleValue()).sum();
		assertThat(both.get("monthlySavings").decimalValue().doubleValue()).isLessThan(sumOfAll);
	}

	@Test
	void anAcceptedAndAppliedRecommendationIsVerifiedAgainstTheUnitCostAfterIt() {
		// Ten days at batch 64, then ten days at the proposed batch: the same work units at less GPU time.
		send(days(11, 20).stream().map(day -> sample("tuned", "n1", day, 64, "BF16", 0.7, 0)).toList());
		training("tuned");
		JsonNode proposal = only("tuned", "BATCH_SIZE_SWEEP");
		String id = proposal.get("id").asString();
		assertThat(post("/api/v1/recommendations/" + id + "/accept", "{\"reason\": \"worth a try\"}")).hasStatusOk();
		assertThat(post("/api/v1/recommendations/" + id + "/apply", null)).hasStatusOk();
		send(days(1, 9).stream().map(day -> sample("tuned", "n1", day, 256, "BF16", 0.7, 0)).toList());
		awaitCosts();
		jdbc.sql("update recommendations set applied_at = ?, baseline_unit_cost = null, baseline_unit = null where id = ?")
			.params(Timestamp.from(TODAY.minusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant()), UUID.fromString(id))
			.update();

		int verified = CurrentTenant.callAs(owner.tenantId(), verification::verifyDue);

		JsonNode detail = Callers.body(mvc.get().uri("/api/v1/recommendations/" + id).with(owner).exchange());
		assertThat(verified).isEqualTo(1);
		assertThat(detail.get("recommendation").get("status").asString()).isEqualTo("VERIFIED");
		assertThat(detail.get("recommendation").get("verification").get("realizedMonthlySavings").decimalValue()).isPositive();
		assertThat(detail.get("history").valueStream().map(e -> e.get("status").asString()).toList())
			.containsExactly("ACCEPTED", "APPLIED", "VERIFIED");
		assertThat(detail.get("history").get(0).get("reason").asString()).isEqualTo("worth a try");
		JsonNode calibration = Callers.body(mvc.get().uri("/api/v1/recommendations/calibration").with(owner).exchange());
		assertThat(calibration.get("types").get(0).get("verified").asInt()).isEqualTo(1);
	}

	@Test
	void aDismissedRecommendationCannotBeApplied() {
		send(days(1, 3).stream().map(day -> sample("fp32", "n1", day, 64, "FP32", 0.8, 0)).toList());
		training("fp32");
		String id = only("fp32", "PRECISION").get("id").asString();

		assertThat(post("/api/v1/recommendations/" + id + "/dismiss", "{\"reason\": \"accuracy matters more\"}")).hasStatusOk();

		assertThat(post("/api/v1/recommendations/" + id + "/apply", null)).hasStatus(HttpStatus.CONFLICT);
	}

	@Test
	void whatIfPredictsAProposedPrecisionWithTheSameModel() {
		send(days(1, 3).stream().map(day -> sample("fp32", "n1", day, 64, "FP32", 0.8, 0)).toList());
		training("fp32");

		JsonNode prediction = Callers.body(post("/api/v1/workloads/fp32/what-if", "{\"precision\": \"BF16\"}"));

		// the precision recommender's model: S = 1 / ((1 − 0.8) + 0.8·0.6/4 + 0.8·0.4/2) = 1 / 0.48
		assertThat(prediction.get("speedup").asDouble()).isCloseTo(1 / 0.48, within(0.001));
		assertThat(prediction.get("predictedMonthlyCost").decimalValue().doubleValue())
			.isCloseTo(prediction.get("currentMonthlyCost").decimalValue().doubleValue() * 0.48, within(0.02));
		assertThat(prediction.get("explanation").valueStream().map(JsonNode::asString).collect(Collectors.joining(" "))).contains("Amdahl");
	}

	@Test
	void aWhatIfBatchBeyondTheGpuMemoryIsFlaggedAsARiskAndAMeasuredOneIsHighConfidence() {
		// memory 10 + 0.2·b GiB of 80: batch 512 needs about 112 GiB
		trainerAtThreeBatchSizes();

		JsonNode tooLarge = Callers.body(post("/api/v1/workloads/trainer/what-if", "{\"batchSize\": 512}"));
		JsonNode measured = Callers.body(post("/api/v1/workloads/trainer/what-if", "{\"batchSize\": 128}"));

		assertThat(tooLarge.get("risks").toString()).contains("112.4 GiB").contains("out-of-memory").contains("extrapolated");
		assertThat(tooLarge.get("confidence").asString()).isEqualTo("MEDIUM");
		assertThat(measured.get("risks").isEmpty()).isTrue();
		assertThat(measured.get("confidence").asString()).isEqualTo("HIGH");
		assertThat(measured.get("speedup").asDouble()).isCloseTo(throughput(128) / throughput(64), within(0.001));
	}

	@Test
	void aWhatIfOnSpotCountsInterruptionsAsTheSpotRecommenderDoes() {
		send(days(1, 3).stream().map(day -> sample("steady", "n1", day, 64, "BF16", 0.7, 0)).toList());
		training("steady");

		JsonNode spot = Callers.body(post("/api/v1/workloads/steady/what-if", "{\"purchaseOption\": \"SPOT\"}"));

		double ratio = a100.spotHourlyUsd().doubleValue() * 1.10 / a100.onDemandHourlyUsd().doubleValue();
		assertThat(spot.get("predictedMonthlyCost").decimalValue().doubleValue())
			.isCloseTo(spot.get("currentMonthlyCost").decimalValue().doubleValue() * ratio, within(0.02));
		assertThat(spot.get("risks").toString()).contains("not marked interruptible");
	}

	@Test
	void aWhatIfWithUnknownPartsNamesEachBadField() {
		send(days(1, 2).stream().map(day -> sample("fp32", "n1", day, 64, "FP32", 0.8, 0)).toList());
		awaitCosts();

		assertThat(post("/api/v1/workloads/fp32/what-if", "{\"gpuModel\": \"Voodoo 5\", \"precision\": \"FP12\", \"batchSize\": 0}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[*].pointer")
			.asArray()
			.containsExactlyInAnyOrder("/gpuModel", "/precision", "/batchSize");
	}

	@Test
	void anotherTenantSeesNoneOfTheRecommendations() {
		send(days(1, 3).stream().map(day -> sample("fp32", "n1", day, 64, "FP32", 0.8, 0)).toList());
		training("fp32");
		String id = only("fp32", "PRECISION").get("id").asString();
		var other = new Callers(mvc).signUp();

		assertThat(Callers.body(mvc.get().uri("/api/v1/recommendations").with(other).exchange()).get("items").size()).isZero();
		assertThat(mvc.get().uri("/api/v1/recommendations/" + id).with(other)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(mvc.post().uri("/api/v1/recommendations/" + id + "/accept").with(other)).hasStatus(HttpStatus.NOT_FOUND);
	}

	static double throughput(int batch) {
		return batch / (0.05 + 0.002 * batch);
	}

	/** "trainer": 2 days at batch 32, 6 at 64 (where it runs now), 2 at 128, on the step-time and memory lines. */
	private void trainerAtThreeBatchSizes() {
		send(days(1, 2).stream().map(day -> sample("trainer", "n1", day, 32, "BF16", 0.7, 0)).toList());
		send(days(3, 8).stream().map(day -> sample("trainer", "n1", day, 64, "BF16", 0.7, 0)).toList());
		send(days(9, 10).stream().map(day -> sample("trainer", "n1", day, 128, "BF16", 0.7, 0)).toList());
		training("trainer");
	}

	/** "fleet": three inference nodes of equal capacity, one at 90 % GPU utilization and two at 30 %. */
	private void unevenFleet() {
		List<String> samples = new ArrayList<>();
		for (Instant hour : hours(Instant.now().minus(Duration.ofHours(30)), 24)) {
			samples.add(inferenceAt("fleet", "fast", hour, 16, "FP16", 0.9, 900, 120));
			samples.add(inferenceAt("fleet", "slow-1", hour, 16, "FP16", 0.3, 300, 40));
			samples.add(inferenceAt("fleet", "slow-2", hour, 16, "FP16", 0.3, 300, 40));
		}
		send(samples);
		inferenceSettings("fleet", false, 500);
	}

	/** Two idle GPUs: "ads-idle" of team ads and "search-idle" of team search, both in project ctr. */
	private void idleGpusOfTwoTeams() {
		send(days(1, 3).stream().map(day -> sample("ads-idle", "n1", day, 64, "BF16", 0.01, 0)).toList());
		send(days(1, 3).stream().map(day -> sample("search-idle", "n1", day, 64, "BF16", 0.01, 0)).toList());
		patch("ads-idle", "{\"labels\": {\"team\": \"ads\", \"project\": \"ctr\"}}");
		patch("search-idle", "{\"labels\": {\"team\": \"search\", \"project\": \"ctr\"}}");
		run();
	}

	private void training(String workload) {
		patch(workload, "{\"kind\": \"TRAINING\"}");
		run();
	}

	private void inferenceSettings(String workload, boolean interruptible, double slo) {
		patch(workload, "{\"kind\": \"INFERENCE\", \"interruptible\": " + interruptible + ", \"latencySloP95Ms\": " + slo + "}");
	}

	private void run() {
		awaitCosts();
		CurrentTenant.callAs(owner.tenantId(), () -> engine.run(null));
	}

	private void awaitCosts() {
		long deadline = System.currentTimeMillis() + 20_000;
		while (System.currentTimeMillis() < deadline) {
			long pending = jdbc.sql("select count(*) from cost_pending_days where tenant_id = ?").param(owner.tenantId())
				.query(Long.class).single();
			if (pending == 0) {
				return;
			}
			sleep();
		}
		throw new AssertionError("costs were not recomputed in time");
	}

	private Timestamp dueAt(String workload) {
		return jdbc.sql("""
				select p.due_at from recommendation_pending p join workloads w on w.tenant_id = p.tenant_id and w.id = p.workload_id
				where p.tenant_id = ? and w.key = ?""").param(owner.tenantId()).param(workload).query(Timestamp.class).single();
	}

	private JsonNode only(String workload, String type) {
		List<JsonNode> matching = recommendations(workload).stream().filter(r -> r.get("type").asString().equals(type)).toList();
		assertThat(matching).as("%s recommendations of %s", type, workload).hasSize(1);
		return matching.get(0);
	}

	private List<String> workloadsListed(String query) {
		return Callers.body(mvc.get().uri("/api/v1/recommendations?" + query).with(owner).exchange())
			.get("items")
			.valueStream()
			.map(r -> r.get("workload").asString())
			.toList();
	}

	private List<JsonNode> recommendations(String workload) {
		JsonNode page = Callers.body(mvc.get().uri("/api/v1/recommendations?workload=" + workload).with(owner).exchange());
		return page.get("items").valueStream().toList();
	}

	private void patch(String workload, String body) {
		assertThat(mvc.patch().uri("/api/v1/workloads/" + workload).with(owner).contentType(MediaType.APPLICATION_JSON)
			.content(body)).hasStatusOk();
	}

	private org.springframework.test.web.servlet.assertj.MvcTestResult post(String uri, String body) {
		var request = mvc.post().uri(uri).with(owner);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		return request.exchange();
	}

	/** Days ago, from {@code first} to {@code last}. */
	static List<LocalDate> days(int first, int last) {
		List<LocalDate> days = new ArrayList<>();
		for (int ago = last; ago >= first; ago--) {
			days.add(TODAY.minusDays(ago));
		}
		return days;
	}

	static List<Instant> hours(Instant start, int count) {
		List<Instant> hours = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			hours.add(start.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(i + 1)));
		}
		return hours;
	}

	/** A day of hourly training samples following the step-time and memory lines. */
	private String sample(String workload, String node, LocalDate day, int batch, String precision, double gpuUtil, int ooms) {
		return hours(day.atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofHours(1)), 24).stream()
			.map(hour -> """
					{"workload": "%s", "node": "%s", "timestamp": "%s", "windowSeconds": 3600, "provider": "%s",
					 "region": "%s", "instanceType": "%s", "purchaseOption": "ON_DEMAND", "gpuModel": "%s",
					 "gpuCount": %s, "gpuUtil": %s, "gpuMemoryUsedGiB": %s, "gpuMemoryTotalGiB": 80, "batchSize": %d,
					 "precision": "%s", "throughput": %s, "workUnit": "samples", "oomEvents": %d}"""
				.formatted(workload, node, hour, a100.provider(), a100.region(), a100.name(), a100.gpuModel(),
						a100.gpuCount(), gpuUtil, ooms > 0 ? 79 : 10 + 0.2 * batch, batch, precision, throughput(batch),
						ooms))
			.collect(Collectors.joining(","));
	}

	private String inference(String workload, String node, LocalDate day, int batch, String precision, double gpuUtil,
			double throughput, double latency) {
		return hours(day.atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofHours(1)), 24).stream()
			.map(hour -> inferenceAt(workload, node, hour, batch, precision, gpuUtil, throughput, latency))
			.collect(Collectors.joining(","));
	}

	private String inferenceAt(String workload, String node, Instant hour, int batch, String precision, double gpuUtil,
			double throughput, double latency) {
		return """
				{"workload": "%s", "node": "%s", "timestamp": "%s", "windowSeconds": 3600, "provider": "%s", "region": "%s",
				 "instanceType": "%s", "gpuModel": "%s", "gpuCount": %s, "gpuUtil": %s, "gpuMemoryUsedGiB": 20,
				 "gpuMemoryTotalGiB": 80, "batchSize": %d, "precision": "%s", "throughput": %s, "workUnit": "requests",
				 "latencyP95Ms": %s}""".formatted(workload, node, hour, a100.provider(), a100.region(), a100.name(),
				a100.gpuModel(), a100.gpuCount(), gpuUtil, batch, precision, throughput, latency);
	}

	private void send(List<String> samples) {
		assertThat(mvc.post().uri("/api/v1/telemetry/samples").with(bearer(telemetryKey))
			.contentType(MediaType.APPLICATION_JSON)
			.content(samples.stream().collect(Collectors.joining(",", "[", "]")))).hasStatus(HttpStatus.ACCEPTED);
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
