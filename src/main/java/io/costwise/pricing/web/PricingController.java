package io.costwise.pricing.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.costwise.identity.Permission;
import io.costwise.pricing.GpuModel;
import io.costwise.pricing.InstanceType;
import io.costwise.pricing.PriceBook;
import io.costwise.pricing.PriceOverride;
import io.costwise.pricing.PriceQuote;
import io.costwise.pricing.PricedConfiguration;
import io.costwise.pricing.Prices;
import io.costwise.pricing.ReferencePrice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pricing")
@Tag(name = "Pricing", description = "The shipped price catalog and the tenant's negotiated prices")
class PricingController {

	private final Prices prices;

	private final Clock clock;

	PricingController(Prices prices, Clock clock) {
		this.prices = prices;
		this.clock = clock;
	}

	@GetMapping("/gpu-models")
	@Permission.Read
	@Operation(operationId = "listGpuModels", summary = "GPU models with memory, bandwidth and dense peak throughput per precision")
	Collection<GpuModel> gpuModels() {
		return prices.priceBook().catalog().gpuModels();
	}

	@GetMapping("/reference-prices")
	@Permission.Read
	@Operation(operationId = "listReferencePrices", summary = "Reference unit prices per provider and resource",
			description = "Split an instance's hourly price into resources, and price machines the catalog does not know.")
	List<ReferencePrice> referencePrices() {
		return prices.priceBook()
			.catalog()
			.referencePrices()
			.stream()
			.sorted(Comparator.comparing(ReferencePrice::provider)
				.thenComparing(ReferencePrice::resource)
				.thenComparing(price -> price.gpuModel() == null ? "" : price.gpuModel()))
			.toList();
	}

	@GetMapping("/instance-types")
	@Permission.Read
	@Operation(operationId = "listInstanceTypes", summary = "The effective catalog: instance types with the tenant's prices on a day")
	List<EffectiveInstanceType> instanceTypes(@RequestParam(required = false) String provider,
			@RequestParam(required = false) String region,
			@Parameter(description = "a GPU model or any of its aliases") @RequestParam(required = false) String gpuModel,
			@Parameter(description = "the day the prices are for; default today (UTC)") @RequestParam(required = false) LocalDate on) {
		LocalDate day = on == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : on;
		PriceBook book = prices.priceBook();
		return book.catalog()
			.instanceTypes(provider, region, gpuModel)
			.stream()
			.map(type -> EffectiveInstanceType.of(type, quote(book, type, "ON_DEMAND", day),
					type.spotHourlyUsd() == null ? null : quote(book, type, "SPOT", day)))
			.toList();
	}

	@GetMapping("/overrides")
	@Permission.Read
	@Operation(operationId = "listPriceOverrides", summary = "Every negotiated price the tenant set, newest first, with its history")
	List<PriceOverride> overrides() {
		return prices.overrides();
	}

	@PutMapping("/discounts/{provider}")
	@Permission.Admin
	@Operation(operationId = "setProviderDiscount", summary = "Set a discount off a provider's catalog prices from a day on",
			description = "Adds a version: earlier discounts stay in the history and keep applying before this one's day.")
	PriceOverride setDiscount(@PathVariable String provider, @RequestBody DiscountRequest request) {
		return prices.setDiscount(provider, request.discountPercent(), request.effectiveFrom(), request.note());
	}

	@PutMapping("/instance-prices/{provider}/{region}/{instanceType}/{purchaseOption}")
	@Permission.Admin
	@Operation(operationId = "setInstancePrice", summary = "Set the negotiated hourly price of an instance type from a day on",
			description = "Replaces the catalog price (and any provider discount) for this instance type, region and purchase option.")
	PriceOverride setInstancePrice(@PathVariable String provider, @PathVariable String region,
			@PathVariable String instanceType,
			@Parameter(schema = @Schema(allowableValues = { "ON_DEMAND", "SPOT", "RESERVED" })) @PathVariable String purchaseOption,
			@RequestBody HourlyPriceRequest request) {
		return prices.setInstancePrice(provider, region, instanceType, purchaseOption, request.hourlyPriceUsd(),
				request.effectiveFrom(), request.note());
	}

	@PutMapping("/gpu-hour-prices/{gpuModel}")
	@Permission.Admin
	@Operation(operationId = "setGpuHourPrice", summary = "Set what an on-premises GPU-hour of a model costs from a day on")
	PriceOverride setGpuHourPrice(@PathVariable String gpuModel, @RequestBody HourlyPriceRequest request) {
		return prices.setGpuHourPrice(gpuModel, request.hourlyPriceUsd(), request.effectiveFrom(), request.note());
	}

	private static PriceQuote quote(PriceBook book, InstanceType type, String purchaseOption, LocalDate day) {
		return book.quote(new PricedConfiguration(type.provider(), type.region(), type.name(), purchaseOption, null), day);
	}

	/**
	 * @param discountPercent 0 up to (not including) 100
	 * @param effectiveFrom the first day (UTC) it applies
	 */
	record DiscountRequest(BigDecimal discountPercent, LocalDate effectiveFrom, @Schema(nullable = true) String note) {
	}

	/**
	 * @param hourlyPriceUsd USD per hour
	 * @param effectiveFrom the first day (UTC) it applies
	 */
	record HourlyPriceRequest(BigDecimal hourlyPriceUsd, LocalDate effectiveFrom, @Schema(nullable = true) String note) {
	}

	/**
	 * An instance type with the tenant's prices on a day next to the catalog's.
	 *
	 * @param onDemandHourlyUsd what the tenant pays on demand, after its overrides
	 * @param spotHourlyUsd what the tenant pays on spot, where the catalog has a spot price
	 */
	record EffectiveInstanceType(InstanceType catalog, BigDecimal onDemandHourlyUsd,
			@Schema(nullable = true) BigDecimal spotHourlyUsd, List<java.util.UUID> overrideIds) {

		static EffectiveInstanceType of(InstanceType type, PriceQuote onDemand, PriceQuote spot) {
			List<java.util.UUID> ids = new java.util.ArrayList<>(onDemand.overrideIds());
			if (spot != null) {
				spot.overrideIds().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
			}
			return new EffectiveInstanceType(type, onDemand.contractedInstanceHourlyUsd(),
					spot == null ? null : spot.contractedInstanceHourlyUsd(), List.copyOf(ids));
		}
	}
}
