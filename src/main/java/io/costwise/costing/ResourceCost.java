package io.costwise.costing;

import java.math.BigDecimal;

import io.costwise.pricing.Resource;

/**
 * One resource's part of a cost record.
 *
 * @param quantity usage in the resource's pricing unit ({@code T_r})
 * @param listUnitPrice the catalog's price per unit
 * @param unitPrice the tenant's price per unit ({@code C_r})
 * @param cost {@code C_r·T_r}, billed
 * @param utilizedCost {@code C_r·T_r·u_r}, with unmeasured usage counted as used
 * @param measuredShare the share of the usage whose utilization was measured, 0..1
 */
record ResourceCost(Resource resource, BigDecimal quantity, BigDecimal listUnitPrice, BigDecimal unitPrice,
		BigDecimal cost, BigDecimal utilizedCost, double measuredShare) {

	BigDecimal listCost() {
		return quantity.multiply(listUnitPrice, CostModel.MONEY);
	}

	BigDecimal measuredCost() {
		return cost.multiply(BigDecimal.valueOf(measuredShare), CostModel.MONEY);
	}

	/** The utilization {@code u_r} the utilized cost used, where anything was billed. */
	Double utilization() {
		return cost.signum() == 0 ? null : utilizedCost.divide(cost, CostModel.MONEY).doubleValue();
	}
}
