package io.costwise.pricing;

/** What the cost model prices separately, each in its own unit. */
public enum Resource {

	CPU("vCPU-hour"), MEMORY("GiB-hour"), GPU("GPU-hour"), NETWORK("GiB"), STORAGE("GiB-month");

	private final String unit;

	Resource(String unit) {
		this.unit = unit;
	}

	/** The pricing unit, as FOCUS's PricingUnit names it. */
	public String unit() {
		return unit;
	}
}
