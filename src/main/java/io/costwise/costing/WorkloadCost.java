package io.costwise.costing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.costwise.pricing.PriceQuote.Basis;
import io.costwise.pricing.Resource;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One workload's cost over a period, traceable to the prices and usage behind every figure: one line
 * per configuration and price in force, and in it one entry per resource with {@code C·T}.
 *
 * @param formula how the totals follow from the lines, with the numbers
 * @param lines largest billed cost first
 */
public record WorkloadCost(String workload, LocalDate from, LocalDate to, String currency, CostFigures totals,
		String formula, List<Line> lines) {

	/**
	 * What ran at one set of prices.
	 *
	 * @param firstDay the first day these prices applied in the period
	 * @param lastDay the last such day
	 * @param basis INSTANCE: the instance's hourly price split over its resources in proportion to
	 * reference prices, so the resources of one instance-hour add up to that price; REFERENCE: reference
	 * unit prices (the catalog does not know the machine)
	 * @param nodeHours the sum of the samples' windows
	 */
	public record Line(LocalDate firstDay, LocalDate lastDay, int days, @Schema(nullable = true) String provider,
			@Schema(nullable = true) String region, @Schema(nullable = true) String instanceType,
			@Schema(nullable = true) String purchaseOption, @Schema(nullable = true) String gpuModel, Basis basis,
			@Schema(nullable = true) BigDecimal listInstanceHourlyUsd, @Schema(nullable = true) BigDecimal instanceHourlyUsd,
			@Schema(nullable = true) BigDecimal discountPercent, List<UUID> overrideIds, List<String> notes,
			double nodeHours, CostFigures totals, List<ResourceLine> resources) {
	}

	/**
	 * @param quantity {@code T}, in the unit
	 * @param listUnitPrice the catalog's price per unit
	 * @param unitPrice {@code C}, the tenant's price per unit
	 * @param cost {@code C·T}
	 * @param utilization {@code u}, with unmeasured usage counted as used
	 * @param measuredShare the share of the quantity whose utilization was measured
	 */
	public record ResourceLine(Resource resource, String unit, BigDecimal quantity, BigDecimal listUnitPrice,
			BigDecimal unitPrice, BigDecimal listCost, BigDecimal cost, @Schema(nullable = true) Double utilization,
			double measuredShare) {
	}
}
