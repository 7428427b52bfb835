package io.costwise.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The unit prices for one configuration on one day, and where they come from.
 *
 * @param basis INSTANCE where an instance type's hourly price was split into resources, REFERENCE
 * where usage is priced at reference unit prices (unknown or on-premises machines)
 * @param instanceType the catalog's instance type behind an INSTANCE quote
 * @param listInstanceHourlyUsd the catalog price of the instance, for its purchase option
 * @param contractedInstanceHourlyUsd what the tenant pays per instance-hour after its overrides
 * @param discountPercent the tenant's provider discount in force, if any
 * @param overrideIds the tenant's overrides that shaped this quote
 * @param unitPrices per resource, per its unit
 * @param notes assumptions a reader of the cost must know (such as a missing spot price)
 */
public record PriceQuote(Basis basis, @Schema(nullable = true) InstanceType instanceType,
		@Schema(nullable = true) BigDecimal listInstanceHourlyUsd,
		@Schema(nullable = true) BigDecimal contractedInstanceHourlyUsd,
		@Schema(nullable = true) BigDecimal discountPercent, List<UUID> overrideIds, Map<Resource, UnitPrice> unitPrices,
		List<String> notes) {

	public enum Basis {

		INSTANCE, REFERENCE

	}

	/**
	 * @param listUsd the catalog's price per unit
	 * @param contractedUsd the tenant's price per unit, after its overrides
	 */
	public record UnitPrice(BigDecimal listUsd, BigDecimal contractedUsd) {
	}

	public UnitPrice unitPrice(Resource resource) {
		return unitPrices.get(resource);
	}
}
