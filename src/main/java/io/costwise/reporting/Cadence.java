package io.costwise.reporting;

/** How often a report goes out; each covers the period since the previous one. */
public enum Cadence {

	DAILY, WEEKLY, MONTHLY

}
