package io.costwise.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.costwise.pricing.PriceOverride.Kind;
import io.costwise.pricing.PriceQuote.Basis;
import io.costwise.pricing.PriceQuote.UnitPrice;

/**
 * One tenant's prices: the shipped catalog under the tenant's overrides, as of any day. A snapshot,
 * so a long recomputation prices every day against the same overrides.
 */
public final class PriceBook {

	/** Enough digits that a split price sums back to the instance price far below a cent. */
	static final MathContext MONEY = MathContext.DECIMAL128;

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private static final List<Resource> MACHINE = List.of(Resource.CPU, Resource.MEMORY, Resource.GPU);

	private final Catalog catalog;

	/** Per scope, oldest first. */
	private final Map<String, List<PriceOverride>> overrides;

	public PriceBook(Catalog catalog, List<PriceOverride> overrides) {
		this.catalog = catalog;
		this.overrides = overrides.stream()
			.sorted(Comparator.comparing(PriceOverride::effectiveFrom).thenComparing(PriceOverride::setAt))
			.collect(Collectors.groupingBy(PriceOverride::scope));
	}

	public Catalog catalog() {
		return catalog;
	}

	/** The unit prices of a configuration on a day. */
	public PriceQuote quote(PricedConfiguration configuration, LocalDate day) {
		String provider = lower(configuration.provider());
		String purchaseOption = configuration.purchaseOption() == null ? "ON_DEMAND" : configuration.purchaseOption();
		String gpuModel = catalog.gpuModel(configuration.gpuModel()).map(GpuModel::model)
			.orElse(configuration.gpuModel());
		Optional<PriceOverride> discount = provider == null ? Optional.empty()
				: inForce(Kind.DISCOUNT, day, provider, null, null, null, null);
		Optional<InstanceType> instance = catalog.instanceType(provider, configuration.region(),
				configuration.instanceType());
		Quoting quoting = new Quoting(discount);
		if (instance.isPresent()) {
			return quoting.instance(instance.get(), purchaseOption, day);
		}
		return quoting.reference(provider, gpuModel, day);
	}

	private Optional<PriceOverride> inForce(Kind kind, LocalDate day, String provider, String region, String instanceType,
			String purchaseOption, String gpuModel) {
		String scope = new PriceOverride(null, kind, provider, region, instanceType, purchaseOption, gpuModel, null, null,
				day, null, null, null)
			.scope();
		List<PriceOverride> history = overrides.getOrDefault(scope, List.of());
		PriceOverride found = null;
		for (PriceOverride override : history) {
			if (override.effectiveFrom().isAfter(day)) {
				break;
			}
			found = override;
		}
		return Optional.ofNullable(found);
	}

	private static String lower(String value) {
		return value == null ? null : value.toLowerCase(Locale.ROOT);
	}

	/** The state of one quote as it is built. */
	private final class Quoting {

		private final Optional<PriceOverride> discount;

		private final List<UUID> overrideIds = new ArrayList<>();

		private final List<String> notes = new ArrayList<>();

		private final Map<Resource, UnitPrice> unitPrices = new EnumMap<>(Resource.class);

		Quoting(Optional<PriceOverride> discount) {
			this.discount = discount;
			discount.ifPresent(override -> overrideIds.add(override.id()));
		}

		/** Splits the instance's hourly price over its resources in proportion to reference prices. */
		PriceQuote instance(InstanceType type, String purchaseOption, LocalDate day) {
			BigDecimal list = listPrice(type, purchaseOption);
			Optional<PriceOverride> negotiated = inForce(Kind.INSTANCE_PRICE, day, type.provider(), type.region(),
					type.name(), purchaseOption, null);
			BigDecimal contracted;
			if (negotiated.isPresent()) {
				contracted = negotiated.get().hourlyPriceUsd();
				overrideIds.add(negotiated.get().id());
			}
			else {
				contracted = discounted(list);
			}
			Map<Resource, BigDecimal> reference = new EnumMap<>(Resource.class);
			for (Resource resource : MACHINE) {
				reference.put(resource, reference(type.provider(), resource, type.gpuModel()));
			}
			BigDecimal referenceHour = reference.get(Resource.CPU)
				.multiply(BigDecimal.valueOf(type.vcpus()))
				.add(reference.get(Resource.MEMORY).multiply(BigDecimal.valueOf(type.memoryGiB())))
				.add(reference.get(Resource.GPU).multiply(BigDecimal.valueOf(type.gpuCount())));
			for (Resource resource : MACHINE) {
				BigDecimal share = referenceHour.signum() == 0 ? BigDecimal.ZERO : reference.get(resource);
				unitPrices.put(resource, new UnitPrice(split(list, share, referenceHour), split(contracted, share, referenceHour)));
			}
			transfer(type.provider());
			BigDecimal percent = negotiated.isPresent() ? null : discount.map(PriceOverride::discountPercent).orElse(null);
			return new PriceQuote(Basis.INSTANCE, type, list, contracted, percent, List.copyOf(overrideIds),
					Map.copyOf(unitPrices), List.copyOf(notes));
		}

		/** Unknown machines and on-premises ones: each resource at its reference price. */
		PriceQuote reference(String provider, String gpuModel, LocalDate day) {
			if (provider == null || "onprem".equals(provider)) {
				notes.add("No catalog instance type: priced at on-premises reference unit prices.");
			}
			else {
				notes.add("Instance type not in the " + provider + " catalog for this region: priced at " + provider
						+ " reference unit prices.");
			}
			for (Resource resource : List.of(Resource.CPU, Resource.MEMORY)) {
				BigDecimal price = reference(provider, resource, null);
				unitPrices.put(resource, new UnitPrice(price, discounted(price)));
			}
			BigDecimal gpuList = gpuModel == null ? BigDecimal.ZERO : reference(provider, Resource.GPU, gpuModel);
			Optional<PriceOverride> onPremises = gpuModel == null || !(provider == null || "onprem".equals(provider))
					? Optional.empty() : inForce(Kind.GPU_HOUR_PRICE, day, null, null, null, null, gpuModel);
			if (onPremises.isPresent()) {
				overrideIds.add(onPremises.get().id());
				unitPrices.put(Resource.GPU, new UnitPrice(gpuList, onPremises.get().hourlyPriceUsd()));
			}
			else {
				unitPrices.put(Resource.GPU, new UnitPrice(gpuList, discounted(gpuList)));
			}
			transfer(provider);
			return new PriceQuote(Basis.REFERENCE, null, null, null, discount.map(PriceOverride::discountPercent).orElse(null),
					List.copyOf(overrideIds), Map.copyOf(unitPrices), List.copyOf(notes));
		}

		private BigDecimal listPrice(InstanceType type, String purchaseOption) {
			if ("SPOT".equals(purchaseOption)) {
				if (type.spotHourlyUsd() != null) {
					return type.spotHourlyUsd();
				}
				notes.add("The catalog has no spot price for " + type.name() + " in " + type.region()
						+ ": priced on demand.");
			}
			if ("RESERVED".equals(purchaseOption)) {
				notes.add("Reserved prices are not in the catalog: priced on demand unless an instance price is set.");
			}
			return type.onDemandHourlyUsd();
		}

		private void transfer(String provider) {
			for (Resource resource : List.of(Resource.NETWORK, Resource.STORAGE)) {
				BigDecimal price = reference(provider, resource, null);
				unitPrices.put(resource, new UnitPrice(price, discounted(price)));
			}
		}

		private BigDecimal reference(String provider, Resource resource, String gpuModel) {
			Optional<ReferencePrice> price = catalog.referencePrice(provider, resource, gpuModel);
			if (price.isEmpty()) {
				notes.add("No reference price for " + resource.name().toLowerCase(Locale.ROOT)
						+ (gpuModel == null ? "" : " (" + gpuModel + ")") + ": that usage is not priced.");
				return BigDecimal.ZERO;
			}
			return price.get().priceUsd();
		}

		private BigDecimal discounted(BigDecimal price) {
			return discount.map(override -> price.multiply(HUNDRED.subtract(override.discountPercent()), MONEY)
				.divide(HUNDRED, MONEY)).orElse(price);
		}

		private static BigDecimal split(BigDecimal hourly, BigDecimal share, BigDecimal referenceHour) {
			return referenceHour.signum() == 0 ? BigDecimal.ZERO : hourly.multiply(share, MONEY).divide(referenceHour, MONEY);
		}
	}
}
