package io.costwise.costing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.costwise.pricing.Catalog;
import io.costwise.pricing.PriceBook;
import io.costwise.pricing.PriceOverride;
import io.costwise.pricing.PriceOverride.Kind;
import io.costwise.pricing.PriceQuote.Basis;
import io.costwise.pricing.Resource;
import io.costwise.telemetry.ConfigurationUsage;
import io.costwise.telemetry.ConfigurationUsage.ResourceUsage;
import org.junit.jupiter.api.Test;

/**
 * The cost model against hand-computed examples. The test catalog has one GPU instance type,
 * {@code gpu.test} (8 vCPU, 64 GiB, one A100-80GB, $4.00 on demand, $1.20 spot), and reference prices
 * of $0.04 per vCPU-hour, $0.005 per GiB-hour and $3.00 per A100-hour: one instance-hour is worth
 * $3.64 at reference prices, so every reference price is scaled by 4.00 / 3.64.
 */
class CostModelTests {

	static final Catalog CATALOG = Catalog.read("test-pricing");

	static final LocalDate DAY = LocalDate.of(2026, 3, 14);

	static final BigDecimal SCALE = new BigDecimal("4.00").divide(new BigDecimal("3.64"), MathContext.DECIMAL128);

	final PriceBook catalogPrices = new PriceBook(CATALOG, List.of());

	@Test
	void oneInstanceHourSplitIntoResourcesAddsUpToTheInstancePriceExactly() {
		CostRecord record = CostModel.price(instanceHour(DAY, "ON_DEMAND", measured(1), measured(8), measured(64)),
				catalogPrices);

		assertThat(record.basis()).isEqualTo(Basis.INSTANCE);
		assertThat(record.billedCost()).isCloseTo(new BigDecimal("4.00"), within(new BigDecimal("1e-25")));
		assertThat(record.resources().get(Resource.GPU).unitPrice())
			.isCloseTo(new BigDecimal("3.00").multiply(SCALE), within(new BigDecimal("1e-25")));
		assertThat(record.resources().get(Resource.CPU).unitPrice())
			.isCloseTo(new BigDecimal("0.04").multiply(SCALE), within(new BigDecimal("1e-25")));
		assertThat(record.resources().get(Resource.MEMORY).cost())
			.isCloseTo(new BigDecimal("0.32").multiply(SCALE), within(new BigDecimal("1e-25")));
	}

	@Test
	void samplesThatDoNotReportTheirSizeAreCostedAtTheInstanceTypesSize() {
		ResourceUsage unreported = new ResourceUsage(0, 1, 0, 0, 1);
		CostRecord record = CostModel.price(instanceHour(DAY, "ON_DEMAND", unreported, unreported, unreported),
				catalogPrices);

		assertThat(record.resources().get(Resource.CPU).quantity()).isEqualByComparingTo("8");
		assertThat(record.resources().get(Resource.MEMORY).quantity()).isEqualByComparingTo("64");
		assertThat(record.billedCost()).isCloseTo(new BigDecimal("4.00"), within(new BigDecimal("1e-25")));
	}

	@Test
	void utilizationIsWeightedByTheCostOfEachResource() {
		// GPU 50 % busy, CPU 25 %, memory 32 of 64 GiB: Σ C·T·u = SCALE · (3.00·0.5 + 0.32·0.25 + 0.32·0.5) = SCALE · 1.74
		CostRecord record = CostModel.price(instanceHour(DAY, "ON_DEMAND", busy(1, 0.5), busy(8, 0.25), busy(64, 0.5)),
				catalogPrices);
		CostFigures figures = figures(record);

		assertThat(figures.billedCost()).isEqualByComparingTo("4.000000");
		assertThat(figures.utilization()).isCloseTo(1.74 / 3.64, within(1e-6));
		assertThat(figures.utilizationAdjustedCost()).isEqualByComparingTo("8.367816"); // 4.00 · 3.64 / 1.74
		assertThat(figures.idleCost()).isEqualByComparingTo("2.087912"); // 4.00 · (1 − 1.74 / 3.64)
		assertThat(figures.utilizationKnown()).isTrue();
		assertThat(figures.utilizationCoverage()).isEqualTo(1.0);
	}

	@Test
	void whereNoUtilizationIsKnownItIsTakenAsOneAndFlagged() {
		CostRecord record = CostModel.price(instanceHour(DAY, "ON_DEMAND", unmeasured(1), unmeasured(8), unmeasured(64)),
				catalogPrices);
		CostFigures figures = figures(record);

		assertThat(figures.utilization()).isEqualTo(1.0);
		assertThat(figures.utilizationKnown()).isFalse();
		assertThat(figures.idleCost()).isEqualByComparingTo("0");
		assertThat(figures.utilizationAdjustedCost()).isEqualByComparingTo(figures.billedCost());
	}

	@Test
	void unmeasuredUsageCountsAsUsedRatherThanIdle() {
		// Half of the GPU-hours measured at 20 %, half unmeasured: u = 0.5·0.2 + 0.5 = 0.6
		ResourceUsage halfMeasured = new ResourceUsage(1, 0, 0.5 * 0.2, 0.5, 1);
		CostRecord record = CostModel.price(instanceHour(DAY, "ON_DEMAND", halfMeasured, unmeasured(8), unmeasured(64)),
				catalogPrices);

		assertThat(record.resources().get(Resource.GPU).utilization()).isCloseTo(0.6, within(1e-12));
		assertThat(figures(record).utilizationCoverage()).isCloseTo(3.0 / 3.64 * 0.5, within(1e-6));
	}

	@Test
	void spotUsageIsPricedAtTheSpotPrice() {
		CostRecord record = CostModel.price(instanceHour(DAY, "SPOT", measured(1), measured(8), measured(64)),
				catalogPrices);

		assertThat(record.billedCost()).isCloseTo(new BigDecimal("1.20"), within(new BigDecimal("1e-25")));
		assertThat(record.listCost()).isCloseTo(new BigDecimal("1.20"), within(new BigDecimal("1e-25")));
	}

	@Test
	void aDiscountStartingMidMonthAppliesFromItsDayOn() {
		PriceBook discounted = new PriceBook(CATALOG, List.of(discount("10", LocalDate.of(2026, 3, 15))));

		CostRecord before = CostModel.price(instanceHour(LocalDate.of(2026, 3, 14), "ON_DEMAND", measured(1),
				measured(8), measured(64)), discounted);
		CostRecord from = CostModel.price(instanceHour(LocalDate.of(2026, 3, 15), "ON_DEMAND", measured(1),
				measured(8), measured(64)), discounted);

		assertThat(before.billedCost()).isCloseTo(new BigDecimal("4.00"), within(new BigDecimal("1e-25")));
		assertThat(from.billedCost()).isCloseTo(new BigDecimal("3.60"), within(new BigDecimal("1e-25")));
		assertThat(from.listCost()).isCloseTo(new BigDecimal("4.00"), within(new BigDecimal("1e-25")));
		assertThat(from.discountPercent()).isEqualByComparingTo("10");
	}

	@Test
	void aLaterDiscountReplacesAnEarlierOneWithoutRewritingThePast() {
		PriceBook prices = new PriceBook(CATALOG,
				List.of(discount("10", LocalDate.of(2026, 1, 1)), discount("25", LocalDate.of(2026, 3, 1))));

		assertThat(CostModel.price(instanceHour(LocalDate.of(2026, 2, 10), "ON_DEMAND", measured(1), measured(8),
				measured(64)), prices).billedCost()).isCloseTo(new BigDecimal("3.60"), within(new BigDecimal("1e-25")));
		assertThat(CostModel.price(instanceHour(LocalDate.of(2026, 3, 10), "ON_DEMAND", measured(1), measured(8),
				measured(64)), prices).billedCost()).isCloseTo(new BigDecimal("3.00"), within(new BigDecimal("1e-25")));
	}

	@Test
	void aNegotiatedInstancePriceReplacesTheCatalogPriceAndTheProviderDiscount() {
		PriceOverride negotiated = new PriceOverride(UUID.randomUUID(), Kind.INSTANCE_PRICE, "aws", "us-east-1",
				"gpu.test", "ON_DEMAND", null, null, new BigDecimal("2.50"), LocalDate.of(2026, 1, 1), null,
				Instant.parse("2026-01-01T00:00:00Z"), "test");
		PriceBook prices = new PriceBook(CATALOG, List.of(negotiated, discount("10", LocalDate.of(2026, 1, 1))));

		CostRecord record = CostModel.price(instanceHour(DAY, "ON_DEMAND", measured(1), measured(8), measured(64)),
				prices);

		assertThat(record.billedCost()).isCloseTo(new BigDecimal("2.50"), within(new BigDecimal("1e-25")));
		assertThat(record.overrideIds()).contains(negotiated.id());
	}

	@Test
	void egressIsPricedPerGibAndStoragePerGibMonth() {
		// 100 GiB out at $0.09, and 500 GiB held for 24 h = 12,000 GiB-hours = 12,000 / 730 GiB-months at $0.08
		ConfigurationUsage usage = new ConfigurationUsage(UUID.randomUUID(), DAY, "aws", "us-east-1", "cpu.test",
				"ON_DEMAND", null, 24, 24, none(), new ResourceUsage(96, 0, 0, 0, 96), new ResourceUsage(384, 0, 0, 0, 384),
				12_000, 100, 0, null);

		CostRecord record = CostModel.price(usage, catalogPrices);

		assertThat(record.resources().get(Resource.NETWORK).cost()).isEqualByComparingTo("9.00");
		assertThat(record.resources().get(Resource.STORAGE).cost())
			.isCloseTo(new BigDecimal("1.3150684931506849"), within(new BigDecimal("1e-15")));
		assertThat(record.resources().get(Resource.CPU).cost().add(record.resources().get(Resource.MEMORY).cost()))
			.isCloseTo(new BigDecimal("4.80"), within(new BigDecimal("1e-25"))); // 24 instance-hours at $0.20
	}

	@Test
	void onPremisesGpusArePricedAtTheTenantsGpuHourPriceWhereSet() {
		ConfigurationUsage usage = new ConfigurationUsage(UUID.randomUUID(), DAY, "onprem", null, null, null, "Tesla T4",
				10, 10, new ResourceUsage(10, 0, 0, 0, 10), none(), none(), 0, 0, 0, null);
		PriceOverride ownPrice = new PriceOverride(UUID.randomUUID(), Kind.GPU_HOUR_PRICE, null, null, null, null, "T4",
				null, new BigDecimal("0.25"), LocalDate.of(2026, 1, 1), null, Instant.parse("2026-01-01T00:00:00Z"), "test");

		assertThat(CostModel.price(usage, catalogPrices).billedCost()).isEqualByComparingTo("3.50");
		CostRecord priced = CostModel.price(usage, new PriceBook(CATALOG, List.of(ownPrice)));
		assertThat(priced.billedCost()).isEqualByComparingTo("2.50");
		assertThat(priced.basis()).isEqualTo(Basis.REFERENCE);
		assertThat(priced.catalogGpuModel()).isEqualTo("T4");
	}

	@Test
	void figuresHoldTheModelsInvariantsForAnyUsage() {
		Random random = new Random(42);
		for (int i = 0; i < 500; i++) {
			ConfigurationUsage first = randomUsage(random, DAY);
			ConfigurationUsage second = randomUsage(random, DAY.plusDays(1));
			CostRecord a = CostModel.price(first, catalogPrices);
			CostRecord b = CostModel.price(second, catalogPrices);
			CostFigures whole = CostFigures.of(a.billedCost().add(b.billedCost()), a.listCost().add(b.listCost()),
					a.utilizedCost().add(b.utilizedCost()), a.machineCost().add(b.machineCost()),
					a.measuredCost().add(b.measuredCost()), 0, null);
			CostFigures partA = figures(a);
			CostFigures partB = figures(b);

			assertThat(whole.billedCost()).isNotNegative();
			assertThat(whole.utilizationAdjustedCost()).isGreaterThanOrEqualTo(whole.billedCost());
			assertThat(whole.idleCost()).isCloseTo(whole.billedCost()
				.subtract(whole.billedCost().multiply(BigDecimal.valueOf(whole.utilization()))),
					within(whole.billedCost().multiply(new BigDecimal("0.000001")).add(new BigDecimal("0.000001")))); // R is shown to 6 decimals
			assertThat(partA.billedCost().add(partB.billedCost())).isCloseTo(whole.billedCost(), within(new BigDecimal("0.000002")));
			assertThat(partA.idleCost().add(partB.idleCost())).isCloseTo(whole.idleCost(), within(new BigDecimal("0.000002")));
		}
	}

	private static CostFigures figures(CostRecord record) {
		return CostFigures.of(record.billedCost(), record.listCost(), record.utilizedCost(), record.machineCost(),
				record.measuredCost(), record.workUnits(), record.workUnit());
	}

	private static ConfigurationUsage randomUsage(Random random, LocalDate day) {
		double hours = 1 + random.nextInt(24);
		double gpus = random.nextInt(3) * hours;
		return new ConfigurationUsage(UUID.randomUUID(), day, "aws", "us-east-1", "gpu.test",
				random.nextBoolean() ? "SPOT" : "ON_DEMAND", "A100-80GB", (long) hours, hours,
				randomResource(random, gpus), randomResource(random, 8 * hours), randomResource(random, 64 * hours),
				random.nextDouble() * 1000, random.nextDouble() * 50, 0, null);
	}

	private static ResourceUsage randomResource(Random random, double quantity) {
		double measured = quantity * random.nextDouble();
		return new ResourceUsage(quantity, 0, measured * random.nextDouble(), measured, quantity);
	}

	private static ConfigurationUsage instanceHour(LocalDate day, String purchaseOption, ResourceUsage gpu,
			ResourceUsage cpu, ResourceUsage memory) {
		return new ConfigurationUsage(UUID.randomUUID(), day, "aws", "us-east-1", "gpu.test", purchaseOption,
				"NVIDIA A100-SXM4-80GB", 1, 1, gpu, cpu, memory, 0, 0, 0, null);
	}

	private static PriceOverride discount(String percent, LocalDate from) {
		return new PriceOverride(UUID.randomUUID(), Kind.DISCOUNT, "aws", null, null, null, null, new BigDecimal(percent),
				null, from, null, Instant.parse("2026-01-01T00:00:00Z"), "test");
	}

	private static ResourceUsage measured(double quantity) {
		return new ResourceUsage(quantity, 0, quantity, quantity, quantity);
	}

	private static ResourceUsage busy(double quantity, double utilization) {
		return new ResourceUsage(quantity, 0, quantity * utilization, quantity, quantity);
	}

	private static ResourceUsage unmeasured(double quantity) {
		return new ResourceUsage(quantity, 0, 0, 0, quantity);
	}

	private static ResourceUsage none() {
		return new ResourceUsage(0, 0, 0, 0, 0);
	}
}
