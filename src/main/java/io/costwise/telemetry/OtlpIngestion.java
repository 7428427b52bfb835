package io.costwise.telemetry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The OpenTelemetry front door: an OTLP metrics export, mapped onto samples by {@link OtlpMetrics}
 * and stored like any other batch.
 */
@Service
public class OtlpIngestion {

	private final SampleIngestion ingestion;

	private final TelemetryProperties properties;

	private final Clock clock;

	private final double defaultWindowSeconds;

	OtlpIngestion(SampleIngestion ingestion, TelemetryProperties properties, Clock clock,
			@Value("${costwise.otlp.default-window-seconds:" + OtlpMetrics.DEFAULT_WINDOW_SECONDS + "}")
			double defaultWindowSeconds) {
		this.ingestion = ingestion;
		this.properties = properties;
		this.clock = clock;
		this.defaultWindowSeconds = defaultWindowSeconds;
	}

	/**
	 * @param body an {@code ExportMetricsServiceRequest}, decompressed
	 * @param json whether the body is in the OTLP JSON encoding rather than protobuf
	 * @param idempotencyKey the client's key for this export, or {@code null}
	 * @throws io.costwise.InvalidFieldsException naming every problem when any sample is invalid
	 */
	public void export(byte[] body, boolean json, String idempotencyKey) {
		List<Sample> samples = OtlpMetrics.samples(parse(body, json), defaultWindowSeconds, properties.maxBatchSamples(),
				clock);
		// Collectors export whatever they scrape; an export without anything we use is no error.
		if (samples.isEmpty()) {
			return;
		}
		ingestion.ingest(samples, (json ? "OTLP_JSON:" : "OTLP_PROTOBUF:") + sha256(body), idempotencyKey);
	}

	private static ExportMetricsServiceRequest parse(byte[] body, boolean json) {
		try {
			if (!json) {
				return ExportMetricsServiceRequest.parseFrom(body);
			}
			ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
			JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), request);
			return request.build();
		}
		catch (InvalidProtocolBufferException ex) {
			throw SampleBatch.badRequest("The body is not an OTLP ExportMetricsServiceRequest in "
					+ (json ? "the OTLP JSON encoding." : "protobuf."));
		}
	}

	private static String sha256(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}
}
