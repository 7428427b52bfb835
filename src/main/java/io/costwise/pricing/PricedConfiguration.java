package io.costwise.pricing;

/**
 * What decides a price: where and on what a workload ran. Any part may be {@code null} (unknown).
 *
 * @param purchaseOption ON_DEMAND (the default), SPOT or RESERVED
 */
public record PricedConfiguration(String provider, String region, String instanceType, String purchaseOption,
		String gpuModel) {
}
