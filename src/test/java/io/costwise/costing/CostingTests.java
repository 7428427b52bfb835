package io.costwise.costing;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import io.costwise.pricing.Catalog;
import io.costwise.pricing.InstanceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;

/**
 * Costs from telemetry to the API: recorded per day as batches land, recomputed when prices change,
 * explained per resource, exported as FOCUS. Prices come from the shipped catalog, so the expected
 * figures are computed from it here rather than written down.
 */
@CostwiseTest
class CostingTests {

	static final LocalDate DAY = LocalDate.of(2026, 9, 7);

	@Autowired
	MockMvcTester mvc;

	@Autowired
	CostRecomputation recomputation;

	@Autowired
	Catalog catalog;

	@Autowired
	JdbcClient jdbc;

	Callers.Person owner;

	String telemetryKey;

	InstanceType gpuInstance;

	@BeforeEach
	void anOrganisationWithAGpuInstance() {
		var callers = new Callers(mvc);
		owner = callers.signUp();
		telemetryKey = callers.apiKey(owner, "telemetry:write");
		gpuInstance = catalog.instanceTypes("aws", "us-east-1", null)
			.stream()
			.filter(type -> type.gpuModel() != null && type.spotHourlyUsd() != null)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void eachDaysBilledCostIsTheInstancePriceTimesItsHours() {
		sendHours("trainer", DAY, 0, 10, "ON_DEMAND", 0.5);
		sendHours("trainer", DAY.plusDays(1), 0, 4, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();

		JsonNode report = costs("from=" + DAY + "&to=" + DAY.plusDays(2) + "&groupBy=day");

		assertThat(money(report.get("totals").get("billedCost"))).isCloseTo(hourly(14), within(new BigDecimal("0.000002")));
		assertThat(report.get("groups").valueStream().map(group -> group.get("key").asString()).toList())
			.containsExactly(DAY.toString(), DAY.plusDays(1).toString());
		assertThat(money(report.get("groups").get(0).get("totals").get("billedCost")))
			.isCloseTo(hourly(10), within(new BigDecimal("0.000002")));
	}

	@Test
	void theApisTotalsEqualADirectAggregateOfTheCostRecords() {
		sendHours("trainer", DAY, 0, 6, "ON_DEMAND", 0.3);
		sendHours("server", DAY, 0, 6, "SPOT", 0.9);
		recomputation.recomputeAll();

		JsonNode report = costs("from=" + DAY + "&to=" + DAY.plusDays(1));
		BigDecimal stored = jdbc.sql("select sum(billed_cost) from cost_records where tenant_id = ?")
			.param(owner.tenantId())
			.query(BigDecimal.class)
			.single();

		assertThat(money(report.get("totals").get("billedCost"))).isEqualByComparingTo(CostFigures.money(stored));
		assertThat(money(report.get("totals").get("billedCost")))
			.isCloseTo(hourly(6).add(gpuInstance.spotHourlyUsd().multiply(BigDecimal.valueOf(6))), within(new BigDecimal("0.000002")));
	}

	@Test
	void utilizationAdjustedAndIdleCostFollowFromTheMeasuredUtilization() {
		sendHours("trainer", DAY, 0, 2, "ON_DEMAND", 0.25);
		recomputation.recomputeAll();

		JsonNode totals = costs("from=" + DAY + "&to=" + DAY.plusDays(1)).get("totals");
		BigDecimal billed = money(totals.get("billedCost"));
		double r = totals.get("utilization").asDouble();

		assertThat(r).isLessThan(1).isGreaterThan(0.01);
		assertThat(money(totals.get("idleCost"))).isCloseTo(billed.multiply(BigDecimal.valueOf(1 - r)), within(new BigDecimal("0.00002")));
		assertThat(money(totals.get("utilizationAdjustedCost")))
			.isCloseTo(billed.divide(BigDecimal.valueOf(r), MathContext.DECIMAL64), within(new BigDecimal("0.0002")));
		assertThat(totals.get("utilizationKnown").asBoolean()).isTrue();
		assertThat(totals.get("workUnit").asString()).isEqualTo("tokens");
		assertThat(money(totals.get("costPerMillionUnits"))).isPositive();
	}

	@Test
	void lateSamplesUpdateTheirDaysCost() {
		sendHours("trainer", DAY, 0, 3, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();
		sendHours("trainer", DAY, 10, 2, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();

		JsonNode totals = costs("from=" + DAY + "&to=" + DAY.plusDays(1)).get("totals");

		assertThat(money(totals.get("billedCost"))).isCloseTo(hourly(5), within(new BigDecimal("0.000002")));
	}

	@Test
	void costsGroupByTheWorkloadsLabels() {
		sendHours("search-ranker", DAY, 0, 2, "ON_DEMAND", 0.5);
		sendHours("ads-trainer", DAY, 0, 1, "ON_DEMAND", 0.5);
		sendHours("unlabelled", DAY, 0, 1, "ON_DEMAND", 0.5);
		label("search-ranker", "search");
		label("ads-trainer", "ads");
		recomputation.recomputeAll();

		JsonNode report = costs("from=" + DAY + "&to=" + DAY.plusDays(1) + "&groupBy=team&step=day");

		assertThat(report.get("groups").valueStream().map(group -> group.get("key").isNull() ? null : group.get("key").asString()).toList())
			.containsExactly("search", "ads", null);
		assertThat(report.get("groups").get(0).get("points").get(0).get("start").asString()).isEqualTo(DAY.toString());
		assertThat(costs("from=" + DAY + "&to=" + DAY.plusDays(1) + "&team=ads").get("totals").get("billedCost").decimalValue())
			.isCloseTo(hourly(1), within(new BigDecimal("0.000002")));
		assertThat(costs("from=" + DAY + "&to=" + DAY.plusDays(1) + "&label=team:search").get("totals").get("billedCost").decimalValue())
			.isCloseTo(hourly(2), within(new BigDecimal("0.000002")));
	}

	@Test
	void aDiscountSetForAPastDayRepricesTheDaysFromThenOn() {
		sendHours("trainer", DAY, 0, 4, "ON_DEMAND", 0.5);
		sendHours("trainer", DAY.plusDays(1), 0, 4, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();

		assertThat(mvc.put()
			.uri("/api/v1/pricing/discounts/aws")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"discountPercent\": 20, \"effectiveFrom\": \"" + DAY.plusDays(1) + "\", \"note\": \"EDP 2026\"}"))
			.hasStatusOk();
		recomputation.recomputeAll();

		JsonNode report = costs("from=" + DAY + "&to=" + DAY.plusDays(2) + "&groupBy=day");
		assertThat(money(report.get("groups").get(0).get("totals").get("billedCost")))
			.isCloseTo(hourly(4), within(new BigDecimal("0.000002")));
		assertThat(money(report.get("groups").get(1).get("totals").get("billedCost")))
			.isCloseTo(hourly(4).multiply(new BigDecimal("0.8")), within(new BigDecimal("0.000002")));
		assertThat(money(report.get("groups").get(1).get("totals").get("listCost")))
			.isCloseTo(hourly(4), within(new BigDecimal("0.000002")));
	}

	@Test
	void aWorkloadsCostIsExplainedByResourceWithItsPricesAndUsage() {
		sendHours("trainer", DAY, 0, 5, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();

		JsonNode explained = Callers.body(mvc.get()
			.uri("/api/v1/workloads/trainer/cost?from=" + DAY + "&to=" + DAY.plusDays(1))
			.with(owner)
			.exchange());
		JsonNode line = explained.get("lines").get(0);
		BigDecimal resourcesTotal = line.get("resources")
			.valueStream()
			.map(resource -> resource.get("cost").decimalValue())
			.reduce(BigDecimal.ZERO, BigDecimal::add);

		assertThat(line.get("basis").asString()).isEqualTo("INSTANCE");
		assertThat(line.get("instanceType").asString()).isEqualTo(gpuInstance.name());
		assertThat(money(line.get("instanceHourlyUsd"))).isEqualByComparingTo(gpuInstance.onDemandHourlyUsd());
		assertThat(line.get("resources").valueStream().map(resource -> resource.get("resource").asString()).toList())
			.contains("CPU", "MEMORY", "GPU");
		assertThat(resourcesTotal).isCloseTo(hourly(5), within(new BigDecimal("0.00001")));
		assertThat(explained.get("formula").asString()).contains("Σ C·T").contains("R =");
	}

	@Test
	void theFocusExportHasTheSpecificationsColumnsAndTheApisTotal() throws Exception {
		sendHours("trainer", DAY, 0, 3, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();

		var result = mvc.get()
			.uri("/api/v1/costs/export?format=focus&from=" + DAY + "&to=" + DAY.plusDays(1))
			.with(owner)
			.exchange();
		List<String> lines = Arrays.asList(result.getResponse().getContentAsString().split("\r\n"));
		List<String> header = Arrays.asList(lines.get(0).split(","));
		int billed = header.indexOf("BilledCost");
		BigDecimal total = lines.stream()
			.skip(1)
			.map(row -> new BigDecimal(fields(row)[billed]))
			.reduce(BigDecimal.ZERO, BigDecimal::add);

		assertThat(result).hasStatusOk().hasContentType("text/csv;charset=UTF-8");
		assertThat(header).containsAll(List.of("BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd",
				"BillingPeriodStart", "ChargeCategory", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
				"EffectiveCost", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "RegionId", "ResourceId",
				"ServiceName", "Tags", "x_UtilizationAdjustedCost", "x_IdleCost", "x_Utilization", "x_WorkloadKey",
				"x_GpuModel"));
		assertThat(lines.stream().skip(1)).allSatisfy(row -> assertThat(fields(row)).hasSize(header.size()));
		assertThat(CostFigures.money(total)).isEqualByComparingTo(
				money(costs("from=" + DAY + "&to=" + DAY.plusDays(1)).get("totals").get("billedCost")));
	}

	@Test
	void anExportLargerThanTheResponseBufferStreamsWholeAndKeepsTheSessionSignedIn() throws Exception {
		for (int workload = 0; workload < 12; workload++) {
			sendHours("service-" + workload, DAY, 0, 2, "ON_DEMAND", 0.5);
			sendHours("service-" + workload, DAY.plusDays(1), 0, 2, "ON_DEMAND", 0.5);
		}
		recomputation.recomputeAll();

		var result = mvc.get()
			.uri("/api/v1/costs/export?format=focus&from=" + DAY + "&to=" + DAY.plusDays(2))
			.with(owner)
			.exchange();
		String csv = result.getResponse().getContentAsString();

		assertThat(result).hasStatusOk();
		assertThat(csv.length()).isGreaterThan(result.getResponse().getBufferSize());
		assertThat(csv.split("\r\n")).filteredOn(row -> row.contains("service-11")).hasSizeGreaterThanOrEqualTo(2);
		assertThat(mvc.get().uri("/api/v1/me").with(owner)).hasStatusOk();
	}

	@Test
	void aFilteredExportHoldsOnlyTheFilteredRowsAndTheReportsTotalForTheSameFilter() throws Exception {
		sendHours("search-ranker", DAY, 0, 2, "ON_DEMAND", 0.5);
		sendHours("search-ranker", DAY.plusDays(1), 0, 3, "SPOT", 0.5);
		sendHours("ads-trainer", DAY, 0, 1, "ON_DEMAND", 0.5);
		sendHours("unlabelled", DAY, 0, 4, "ON_DEMAND", 0.5);
		label("search-ranker", "search");
		label("ads-trainer", "ads");
		recomputation.recomputeAll();
		String period = "from=" + DAY + "&to=" + DAY.plusDays(2);

		for (String filter : List.of("team=search", "label=team:ads",
				"team=search&provider=AWS&region=us-east-1&gpuModel=" + gpuInstance.gpuModel())) {
			List<Map<String, String>> plain = export("format=csv&" + period + "&" + filter);
			List<Map<String, String>> focus = export("format=focus&" + period + "&" + filter);
			BigDecimal report = money(costs(period + "&" + filter).get("totals").get("billedCost"));
			String team = filter.startsWith("team=") ? "search" : "ads";

			assertThat(plain).as(filter).isNotEmpty().allSatisfy(row -> assertThat(row.get("team")).isEqualTo(team));
			assertThat(focus).as(filter).isNotEmpty().allSatisfy(row -> assertThat(row.get("x_WorkloadKey"))
				.isEqualTo(team.equals("search") ? "search-ranker" : "ads-trainer"));
			assertThat(CostFigures.money(sum(plain, "billedCostUsd"))).as(filter).isEqualByComparingTo(report);
			assertThat(CostFigures.money(sum(focus, "BilledCost"))).as(filter).isEqualByComparingTo(report);
		}
		assertThat(money(costs(period + "&team=search").get("totals").get("billedCost")))
			.isCloseTo(hourly(2).add(gpuInstance.spotHourlyUsd().multiply(BigDecimal.valueOf(3))), within(new BigDecimal("0.000002")));
		assertThat(export("format=csv&" + period + "&team=nobody")).isEmpty();
		assertThat(export("format=csv&" + period).stream().map(row -> row.get("workload")).distinct())
			.containsExactlyInAnyOrder("search-ranker", "ads-trainer", "unlabelled");
	}

	@Test
	void anExportRefusesWhatTheReportRefusesNamingTheParameter() {
		for (String query : List.of("from=" + DAY + "&to=" + DAY.plusDays(1) + "&label=team",
				"from=" + DAY.plusDays(1) + "&to=" + DAY, "from=" + DAY + "&to=" + DAY.plusDays(1) + "&format=xlsx")) {
			String parameter = query.contains("label") ? "label" : query.contains("format") ? "format" : "to";
			var exported = mvc.get().uri("/api/v1/costs/export?" + query).with(owner).exchange();

			assertThat(exported).as(query).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(exported.getResponse().getHeader("Content-Disposition")).as(query).isNull();
			assertThat(exported).bodyJson().extractingPath("$.errors[0].parameter").isEqualTo(parameter);
			if (!parameter.equals("format")) {
				assertThat(mvc.get().uri("/api/v1/costs?" + query).with(owner))
					.hasStatus(HttpStatus.BAD_REQUEST)
					.bodyJson()
					.extractingPath("$.errors[0].parameter")
					.isEqualTo(parameter);
			}
		}
	}

	@Test
	void aPeriodThatEndsBeforeItStartsIsRefusedNamingTheParameter() {
		assertThat(mvc.get().uri("/api/v1/costs?from=2026-10-10&to=2026-10-01").with(owner))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].parameter")
			.isEqualTo("to");
		assertThat(mvc.get().uri("/api/v1/costs?groupBy=colour").with(owner))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].parameter")
			.isEqualTo("groupBy");
	}

	@Test
	void anotherTenantsCostsNeverAppear() throws Exception {
		sendHours("trainer", DAY, 0, 3, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();
		var other = new Callers(mvc).signUp();

		var result = mvc.get().uri("/api/v1/costs?from=" + DAY + "&to=" + DAY.plusDays(1) + "&groupBy=workload").with(other).exchange();

		assertThat(Callers.body(result).get("totals").get("billedCost").decimalValue()).isZero();
		assertThat(Callers.body(result).get("groups").size()).isZero();
		assertThat(mvc.get().uri("/api/v1/workloads/trainer/cost").with(other)).hasStatus(HttpStatus.NOT_FOUND);
		var exported = mvc.get()
			.uri("/api/v1/costs/export?format=csv&from=" + DAY + "&to=" + DAY.plusDays(1) + "&workload=trainer")
			.with(other)
			.exchange();
		assertThat(exported).hasStatusOk();
		assertThat(exported.getResponse().getContentAsString().split("\r\n")).hasSize(1);
	}

	@Test
	void deletingAWorkloadDeletesItsCosts() {
		sendHours("trainer", DAY, 0, 3, "ON_DEMAND", 0.5);
		sendHours("server", DAY, 0, 1, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();

		mvc.delete().uri("/api/v1/workloads/trainer").with(owner).exchange();

		assertThat(jdbc.sql("select count(*) from cost_records where tenant_id = ? and workload_id not in "
				+ "(select id from workloads where tenant_id = ?)").param(owner.tenantId()).param(owner.tenantId())
			.query(Long.class).single()).isZero();
		String month = "from=" + DAY.withDayOfMonth(1) + "&to=" + DAY.withDayOfMonth(1).plusMonths(1);
		assertThat(money(costs(month).get("totals").get("billedCost"))).isCloseTo(hourly(1), within(new BigDecimal("0.000002")));
		assertThat(costs(month + "&groupBy=workload").get("groups").valueStream().map(group -> group.get("key").asString()))
			.containsExactly("server");
	}

	/**
	 * The reports read sums of the cost records (per month and workload, per day), and the records
	 * themselves for the parts of months a period covers only in part: whichever way a period cuts the
	 * months, every group and point equals the records' own sum.
	 */
	@Test
	void everyGroupAndPointEqualsTheSumOfItsCostRecordsHoweverThePeriodCutsTheMonths() {
		sendHours("search-ranker", LocalDate.of(2026, 7, 30), 0, 2, "ON_DEMAND", 0.5);
		sendHours("search-ranker", LocalDate.of(2026, 8, 15), 0, 3, "SPOT", 0.5);
		sendHours("ads-trainer", LocalDate.of(2026, 9, 1), 0, 4, "ON_DEMAND", 0.5);
		sendHours("ads-trainer", LocalDate.of(2026, 9, 7), 0, 1, "ON_DEMAND", 0.5);
		sendHours("search-ranker", LocalDate.of(2026, 9, 30), 0, 5, "ON_DEMAND", 0.5);
		sendHours("unlabelled", LocalDate.of(2026, 8, 31), 20, 4, "SPOT", 0.5);
		label("search-ranker", "search");
		label("ads-trainer", "ads");
		recomputation.recomputeAll();
		// a late batch for a day already priced, and a price change from a past day on
		sendHours("ads-trainer", LocalDate.of(2026, 9, 7), 5, 2, "ON_DEMAND", 0.5);
		recomputation.recomputeAll();
		assertThat(mvc.put()
			.uri("/api/v1/pricing/discounts/aws")
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"discountPercent\": 10, \"effectiveFrom\": \"2026-08-20\"}"))
			.hasStatusOk();
		recomputation.recomputeAll();

		record Grouping(String query, String key, String bucket, String filter) {
		}
		List<Grouping> groupings = List.of(new Grouping("", null, null, ""),
				new Grouping("&groupBy=workload", "w.key", null, ""),
				new Grouping("&groupBy=team&step=month", "w.labels->>'team'", "date_trunc('month', c.day)::date", ""),
				new Grouping("&groupBy=team&step=week", "w.labels->>'team'", "date_trunc('week', c.day)::date", ""),
				new Grouping("&groupBy=purchaseOption", "c.purchase_option", null, ""),
				new Grouping("&groupBy=gpuModel&step=day", "c.catalog_gpu_model", "c.day", ""),
				new Grouping("&groupBy=day", "c.day::text", null, ""),
				new Grouping("&step=month", null, "date_trunc('month', c.day)::date", ""),
				new Grouping("&team=search&groupBy=workload&step=month", "w.key", "date_trunc('month', c.day)::date",
						" and w.labels->>'team' = 'search'"));
		List<String> periods = List.of("from=2026-07-31&to=2026-09-08", "from=2026-07-01&to=2026-10-01",
				"from=2026-08-01&to=2026-09-08", "from=2026-07-31&to=2026-10-01", "from=2026-09-02&to=2026-09-30",
				"from=2026-09-07&to=2026-09-08", "from=2026-08-31&to=2026-09-01", "from=2026-06-15&to=2026-10-15");
		for (String period : periods) {
			LocalDate from = LocalDate.parse(period.substring(5, 15));
			LocalDate to = LocalDate.parse(period.substring(19, 29));
			for (Grouping grouping : groupings) {
				JsonNode report = costs(period + grouping.query());
				Map<String, BigDecimal> expected = new TreeMap<>();
				jdbc.sql("select %s, %s, sum(c.billed_cost) from cost_records c join workloads w on w.tenant_id = c.tenant_id and w.id = c.workload_id where c.tenant_id = ? and c.day >= ? and c.day < ?%s group by 1, 2"
					.formatted(grouping.key() == null ? "null::text" : grouping.key(),
							grouping.bucket() == null ? "null::date" : grouping.bucket(), grouping.filter()))
					.param(owner.tenantId())
					.param(Date.valueOf(from))
					.param(Date.valueOf(to))
					.query((rs, row) -> {
						String key = rs.getString(1) == null || rs.getString(1).isEmpty() ? "-" : rs.getString(1);
						expected.merge("total", rs.getBigDecimal(3), BigDecimal::add);
						if (grouping.key() != null) {
							expected.merge(key, rs.getBigDecimal(3), BigDecimal::add);
						}
						if (rs.getDate(2) != null) {
							expected.merge(key + "@" + rs.getDate(2), rs.getBigDecimal(3), BigDecimal::add);
						}
						return null;
					})
					.list();
				expected.replaceAll((key, sum) -> CostFigures.money(sum));
				expected.putIfAbsent("total", CostFigures.money(BigDecimal.ZERO));
				Map<String, BigDecimal> answered = new TreeMap<>();
				answered.put("total", money(report.get("totals").get("billedCost")));
				report.get("groups").valueStream().forEach(group -> {
					String key = group.get("key").isNull() ? "-" : group.get("key").asString();
					if (grouping.key() != null) {
						answered.put(key, money(group.get("totals").get("billedCost")));
					}
					group.get("points").valueStream().forEach(point -> answered
						.put(key + "@" + point.get("start").asString(), money(point.get("figures").get("billedCost"))));
				});
				answered.replaceAll((key, amount) -> amount.stripTrailingZeros());
				expected.replaceAll((key, amount) -> amount.stripTrailingZeros());
				assertThat(answered).as(period + grouping.query()).isEqualTo(expected);
			}
		}
	}

	/** An export's rows by column name, after a 200. */
	private List<Map<String, String>> export(String query) throws Exception {
		var result = mvc.get().uri("/api/v1/costs/export?" + query).with(owner).exchange();
		assertThat(result).hasStatusOk().hasContentType("text/csv;charset=UTF-8");
		List<String> lines = Arrays.asList(result.getResponse().getContentAsString().split("\r\n"));
		List<String> header = Arrays.asList(fields(lines.get(0)));
		return lines.stream().skip(1).map(line -> {
			String[] fields = fields(line);
			assertThat(fields).hasSize(header.size());
			Map<String, String> row = new TreeMap<>();
			IntStream.range(0, fields.length).forEach(i -> row.put(header.get(i), fields[i]));
			return row;
		}).toList();
	}

	private static BigDecimal sum(List<Map<String, String>> rows, String column) {
		return rows.stream().map(row -> new BigDecimal(row.get(column))).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** A CSV line's fields, commas inside quotes kept. */
	private static String[] fields(String row) {
		return row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
	}

	private BigDecimal hourly(int hours) {
		return gpuInstance.onDemandHourlyUsd().multiply(BigDecimal.valueOf(hours));
	}

	/** One sample per hour from {@code startHour} on, as the whole instance. */
	private void sendHours(String workload, LocalDate day, int startHour, int hours, String purchaseOption,
			double gpuUtil) {
		List<String> samples = new ArrayList<>();
		IntStream.range(startHour, startHour + hours).forEach(hour -> {
			Instant end = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600L * (hour + 1));
			samples.add("""
					{"workload": "%s", "node": "n1", "timestamp": "%s", "windowSeconds": 3600, "provider": "aws",
					 "region": "us-east-1", "instanceType": "%s", "purchaseOption": "%s", "gpuModel": "%s",
					 "gpuUtil": %s, "cpuUtil": 0.2, "throughput": 1000, "workUnit": "tokens"}"""
				.formatted(workload, end, gpuInstance.name(), purchaseOption, gpuInstance.gpuModel(), gpuUtil));
		});
		assertThat(mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(bearer(telemetryKey))
			.contentType(MediaType.APPLICATION_JSON)
			.content(samples.stream().collect(Collectors.joining(",", "[", "]"))))
			.hasStatus(HttpStatus.ACCEPTED);
	}

	private void label(String workload, String team) {
		mvc.patch()
			.uri("/api/v1/workloads/" + workload)
			.with(owner)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"labels\": {\"team\": \"" + team + "\"}}")
			.exchange();
	}

	private JsonNode costs(String query) {
		var result = mvc.get().uri("/api/v1/costs?" + query).with(owner).exchange();
		assertThat(result).hasStatusOk();
		return Callers.body(result);
	}

	private static BigDecimal money(JsonNode value) {
		return value.decimalValue();
	}
}
