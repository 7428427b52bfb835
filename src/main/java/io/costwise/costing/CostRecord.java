package io.costwise.costing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.costwise.pricing.PriceQuote.Basis;
import io.costwise.pricing.PricedConfiguration;
import io.costwise.pricing.Resource;

/**
 * What one workload cost on one day in one configuration, with the prices and usage behind it.
 *
 * @param catalogGpuModel the catalog's name for the configuration's GPU model, or that name where unknown
 * @param basis how the unit prices were found (an instance price split, or reference prices)
 * @param instanceHourlyUsd the tenant's instance price the split started from
 * @param overrideIds the tenant's price overrides that applied
 */
record CostRecord(LocalDate day, UUID workloadId, PricedConfiguration configuration, String catalogGpuModel, Basis basis,
		BigDecimal listInstanceHourlyUsd, BigDecimal instanceHourlyUsd, BigDecimal discountPercent,
		List<UUID> overrideIds, List<String> notes, double nodeHours, double workUnits, String workUnit,
		Map<Resource, ResourceCost> resources) {

	/** {@code B = Σ C_r·T_r}. */
	BigDecimal billedCost() {
		return sum(ResourceCost::cost);
	}

	BigDecimal listCost() {
		return sum(ResourceCost::listCost);
	}

	/** {@code Σ C_r·T_r·u_r}. */
	BigDecimal utilizedCost() {
		return sum(ResourceCost::utilizedCost);
	}

	/** The cost of the machine itself (CPU, memory, GPU), where utilization can be measured at all. */
	BigDecimal machineCost() {
		return resources.values()
			.stream()
			.filter(cost -> CostModel.MACHINE.contains(cost.resource()))
			.map(ResourceCost::cost)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** The part of the machine cost whose utilization was measured. */
	BigDecimal measuredCost() {
		return resources.values()
			.stream()
			.filter(cost -> CostModel.MACHINE.contains(cost.resource()))
			.map(ResourceCost::measuredCost)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	private BigDecimal sum(java.util.function.Function<ResourceCost, BigDecimal> part) {
		return resources.values().stream().map(part).reduce(BigDecimal.ZERO, BigDecimal::add);
	}
}
