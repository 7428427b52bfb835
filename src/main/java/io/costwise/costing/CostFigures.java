package io.costwise.costing;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The cost model's figures for a period: {@code Cost = Σ C·T / R}. Amounts in USD, rounded to six
 * decimals for presentation only (records keep full precision).
 *
 * @param billedCost {@code B = Σ C·T}, what the resources cost
 * @param listCost what they cost at catalog prices, before the tenant's negotiated prices
 * @param utilizationAdjustedCost {@code B / R}: the cost per unit of resource actually used
 * @param idleCost {@code B·(1 − R)}: what paid for idle resources
 * @param utilization {@code R}, cost-weighted (floor 0.01)
 * @param utilizationCoverage the share of the machine cost whose utilization was measured; where it
 * is 0, R is 1 by assumption rather than measurement
 * @param utilizationKnown whether any utilization behind R was measured
 * @param workUnits the work done, where the workloads report throughput
 * @param workUnit what the work units count; {@code null} when none or mixed
 * @param costPerThousandUnits {@code B} per 1,000 work units
 * @param costPerMillionUnits {@code B} per 1,000,000 work units (tokens are usually priced so)
 */
public record CostFigures(BigDecimal billedCost, BigDecimal listCost, BigDecimal utilizationAdjustedCost,
		BigDecimal idleCost, double utilization, double utilizationCoverage, boolean utilizationKnown,
		double workUnits, @Schema(nullable = true) String workUnit, @Schema(nullable = true) BigDecimal costPerThousandUnits,
		@Schema(nullable = true) BigDecimal costPerMillionUnits) {

	static final int SCALE = 6;

	static final double UTILIZATION_FLOOR = 0.01;

	/**
	 * @param utilized {@code Σ C·T·u}
	 * @param machine the machine (CPU, memory, GPU) part of the billed cost
	 * @param measured the part of the machine cost whose utilization was measured
	 * @param workUnit {@code null} where the rows counted different units
	 */
	static CostFigures of(BigDecimal billed, BigDecimal list, BigDecimal utilized, BigDecimal machine,
			BigDecimal measured, double workUnits, String workUnit) {
		double coverage = machine.signum() == 0 ? 0 : measured.divide(machine, CostModel.MONEY).doubleValue();
		BigDecimal r = billed.signum() == 0 ? BigDecimal.ONE : utilized.divide(billed, CostModel.MONEY);
		r = r.max(BigDecimal.valueOf(UTILIZATION_FLOOR)).min(BigDecimal.ONE);
		BigDecimal adjusted = billed.divide(r, CostModel.MONEY);
		BigDecimal idle = billed.subtract(billed.multiply(r, CostModel.MONEY));
		boolean perUnit = workUnits > 0 && workUnit != null;
		BigDecimal perThousand = perUnit
				? billed.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(workUnits), CostModel.MONEY) : null;
		BigDecimal perMillion = perUnit ? billed.multiply(BigDecimal.valueOf(1_000_000))
			.divide(BigDecimal.valueOf(workUnits), CostModel.MONEY) : null;
		return new CostFigures(money(billed), money(list), money(adjusted), money(idle),
				r.setScale(6, RoundingMode.HALF_EVEN).doubleValue(), round(coverage), measured.signum() > 0, workUnits,
				perUnit ? workUnit : null, perThousand == null ? null : money(perThousand),
				perMillion == null ? null : money(perMillion));
	}

	static BigDecimal money(BigDecimal amount) {
		return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
	}

	private static double round(double share) {
		return Math.round(share * 1_000_000) / 1_000_000.0;
	}
}
