package io.costwise.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A unit price for one resource at one provider: splits an instance's price into resources and
 * prices usage on instances the catalog does not know.
 *
 * @param gpuModel set for GPU-hour prices only
 */
public record ReferencePrice(String provider, Resource resource, @Schema(nullable = true) String gpuModel,
		BigDecimal priceUsd, String source, LocalDate asOf) {

	public String unit() {
		return resource.unit();
	}
}
