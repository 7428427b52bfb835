package io.costwise.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One negotiated price of a tenant, in force from a day until a later one for the same scope.
 *
 * @param kind DISCOUNT (a percentage off a provider's catalog prices), INSTANCE_PRICE (an hourly
 * price for an instance type in a region and purchase option) or GPU_HOUR_PRICE (what an on-premises
 * GPU-hour of a model costs)
 * @param setBy who set it: a user id or an API key
 */
public record PriceOverride(UUID id, Kind kind, @Schema(nullable = true) String provider,
		@Schema(nullable = true) String region, @Schema(nullable = true) String instanceType,
		@Schema(nullable = true) String purchaseOption, @Schema(nullable = true) String gpuModel,
		@Schema(nullable = true) BigDecimal discountPercent, @Schema(nullable = true) BigDecimal hourlyPriceUsd,
		LocalDate effectiveFrom, @Schema(nullable = true) String note, Instant setAt, String setBy) {

	public enum Kind {

		DISCOUNT, INSTANCE_PRICE, GPU_HOUR_PRICE

	}

	/** What it applies to: overrides with the same scope replace each other over time. */
	String scope() {
		return String.join("/", kind.name(), blank(provider), blank(region), blank(instanceType), blank(purchaseOption),
				blank(gpuModel)).toLowerCase(java.util.Locale.ROOT);
	}

	private static String blank(String value) {
		return value == null ? "" : value;
	}
}
