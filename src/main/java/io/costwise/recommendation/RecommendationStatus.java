package io.costwise.recommendation;

/** {@code OPEN → ACCEPTED | DISMISSED → APPLIED → VERIFIED | NOT_REALIZED}; unrenewed ones expire. */
public enum RecommendationStatus {

	OPEN, ACCEPTED, DISMISSED, APPLIED, VERIFIED, NOT_REALIZED, EXPIRED

}
