package io.costwise.pricing;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A GPU model with the facts the recommenders need, from its vendor's data sheet.
 *
 * @param architecture such as Ampere or Hopper; decides which precisions are accelerated
 * @param memoryBandwidthGBps peak memory bandwidth in GB/s
 * @param peakTflops dense (not sparse) peak per precision: FP32, TF32, FP16, BF16, FP8 in TFLOPS,
 * INT8 and INT4 in TOPS; a precision the hardware does not accelerate is absent
 * @param aliases names the model appears under in telemetry and cloud catalogs
 */
public record GpuModel(String model, String vendor, String architecture, double memoryGiB,
		@Schema(nullable = true) Double memoryBandwidthGBps, Map<String, Double> peakTflops, List<String> aliases,
		String source) {

	/** The dense peak at a precision, or {@code null} where the GPU does not accelerate it. */
	public Double peak(String precision) {
		return peakTflops.get(precision);
	}
}
