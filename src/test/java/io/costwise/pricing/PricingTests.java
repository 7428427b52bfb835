package io.costwise.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

@CostwiseTest
class PricingTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Catalog catalog;

	Callers callers;

	Callers.Person owner;

	InstanceType instance;

	@BeforeEach
	void anOrganisation() {
		callers = new Callers(mvc);
		owner = callers.signUp();
		instance = catalog.instanceTypes("aws", "us-east-1", null).get(0);
	}

	@Test
	void gpuModelsCarryDensePeaksPerPrecision() {
		JsonNode models = Callers.body(mvc.get().uri("/api/v1/pricing/gpu-models").with(owner).exchange());
		JsonNode h100 = models.valueStream().filter(model -> model.get("model").asString().equals("H100")).findFirst().orElseThrow();

		assertThat(h100.get("architecture").asString()).isEqualTo("Hopper");
		assertThat(h100.get("peakTflops").get("BF16").asDouble()).isGreaterThan(h100.get("peakTflops").get("FP32").asDouble());
		assertThat(h100.get("peakTflops").has("FP8")).isTrue();
	}

	@Test
	void instanceTypesFilterByProviderRegionAndAnyNameOfTheirGpu() {
		JsonNode types = Callers.body(mvc.get()
			.uri("/api/v1/pricing/instance-types?provider=aws&region=us-east-1&gpuModel=NVIDIA A100-SXM4-80GB")
			.with(owner)
			.exchange());

		assertThat(types.size()).isPositive();
		assertThat(types.valueStream().map(type -> type.get("catalog").get("gpuModel").asString())).containsOnly("A100-80GB");
		assertThat(types.valueStream().map(type -> type.get("catalog").get("region").asString())).containsOnly("us-east-1");
	}

	@Test
	void theEffectiveCatalogAppliesTheTenantsDiscountFromItsDay() {
		setDiscount("aws", "10", "2026-03-01");

		BigDecimal before = effectiveOnDemand("2026-02-28");
		BigDecimal after = effectiveOnDemand("2026-03-01");

		assertThat(before).isEqualByComparingTo(instance.onDemandHourlyUsd());
		assertThat(after).isEqualByComparingTo(instance.onDemandHourlyUsd().multiply(new BigDecimal("0.9")));
	}

	@Test
	void aNegotiatedInstancePriceWinsOverTheDiscount() {
		setDiscount("aws", "10", "2026-01-01");
		assertThat(put("/api/v1/pricing/instance-prices/aws/us-east-1/" + instance.name() + "/ON_DEMAND",
				"{\"hourlyPriceUsd\": 0.12345, \"effectiveFrom\": \"2026-01-01\"}", owner)).hasStatusOk();

		assertThat(effectiveOnDemand("2026-06-01")).isEqualByComparingTo("0.12345");
	}

	@Test
	void settingAPriceAgainKeepsTheEarlierOneInTheHistory() {
		setDiscount("gcp", "5", "2026-01-01");
		setDiscount("gcp", "8", "2026-07-01");

		JsonNode overrides = Callers.body(mvc.get().uri("/api/v1/pricing/overrides").with(owner).exchange());

		assertThat(overrides.valueStream().map(override -> override.get("discountPercent").decimalValue()))
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("8"), new BigDecimal("5"));
		assertThat(overrides.get(0).get("setBy").asString()).isNotBlank();
	}

	@Test
	void aBadPriceNamesEveryBadField() {
		var result = put("/api/v1/pricing/discounts/ibm", "{\"discountPercent\": 120}", owner);

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		JsonNode errors = Callers.body(result).get("errors");
		assertThat(errors.valueStream().map(error -> error.has("pointer") && !error.get("pointer").isNull()
				? error.get("pointer").asString() : error.get("parameter").asString()))
			.containsExactlyInAnyOrder("provider", "/discountPercent", "/effectiveFrom");
	}

	@Test
	void anInstancePriceForAnInstanceTypeTheCatalogDoesNotKnowIsRefused() {
		assertThat(put("/api/v1/pricing/instance-prices/aws/us-east-1/x9.imaginary/ON_DEMAND",
				"{\"hourlyPriceUsd\": 1, \"effectiveFrom\": \"2026-01-01\"}", owner))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].parameter")
			.isEqualTo("instanceType");
	}

	@Test
	void onlyAdminsSetPrices() {
		var member = callers.member(owner, "MEMBER");

		assertThat(put("/api/v1/pricing/gpu-hour-prices/T4", "{\"hourlyPriceUsd\": 0.3, \"effectiveFrom\": \"2026-01-01\"}",
				member)).hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void anotherTenantsPricesNeverApply() {
		var other = callers.signUp();
		setDiscount("aws", "30", "2026-01-01");

		assertThat(Callers.body(mvc.get().uri("/api/v1/pricing/overrides").with(other).exchange()).size()).isZero();
		assertThat(effectiveOnDemand("2026-06-01", other)).isEqualByComparingTo(instance.onDemandHourlyUsd());
	}

	private void setDiscount(String provider, String percent, String from) {
		assertThat(put("/api/v1/pricing/discounts/" + provider,
				"{\"discountPercent\": " + percent + ", \"effectiveFrom\": \"" + from + "\"}", owner)).hasStatusOk();
	}

	private BigDecimal effectiveOnDemand(String day) {
		return effectiveOnDemand(day, owner);
	}

	private BigDecimal effectiveOnDemand(String day, Callers.Person caller) {
		JsonNode types = Callers.body(mvc.get()
			.uri("/api/v1/pricing/instance-types?provider=aws&region=us-east-1&on=" + day)
			.with(caller)
			.exchange());
		return types.valueStream()
			.filter(type -> type.get("catalog").get("name").asString().equals(instance.name()))
			.findFirst()
			.orElseThrow()
			.get("onDemandHourlyUsd")
			.decimalValue();
	}

	private MvcTestResult put(String uri, String body, Callers.Person caller) {
		return mvc.put().uri(uri).with(caller).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}
}
