package io.costwise.reporting;

/** The sections a report can hold. */
public enum ReportContent {

	COST_SUMMARY, TOP_MOVERS, OPEN_RECOMMENDATIONS, VERIFIED_SAVINGS

}
