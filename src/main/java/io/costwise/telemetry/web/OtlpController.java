package io.costwise.telemetry.web;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.google.protobuf.util.JsonFormat;
import io.costwise.InvalidFieldsException;
import io.costwise.identity.Permission;
import io.costwise.telemetry.OtlpIngestion;
import io.costwise.telemetry.SampleIngestion;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * OTLP/HTTP metrics (protobuf or JSON, gzip or not), as OpenTelemetry collectors and SDKs export
 * them. Answers 200 with an {@code ExportMetricsServiceResponse} in the request's encoding, as the
 * OTLP specification asks; problems are answered like every other API error.
 */
@RestController
class OtlpController {

	static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");

	private final OtlpIngestion otlp;

	private final SampleIngestion ingestion;

	OtlpController(OtlpIngestion otlp, SampleIngestion ingestion) {
		this.otlp = otlp;
		this.ingestion = ingestion;
	}

	@PostMapping(path = "/otlp/v1/metrics", consumes = { "application/x-protobuf", MediaType.APPLICATION_JSON_VALUE })
	@Permission.WriteTelemetry
	ResponseEntity<byte[]> exportMetrics(HttpServletRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) throws IOException {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			throw InvalidFieldsException.parameter("Idempotency-Key", "must be 1 to 200 characters");
		}
		boolean json = MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.APPLICATION_JSON);
		otlp.export(body(request), json, idempotencyKey);
		ExportMetricsServiceResponse response = ExportMetricsServiceResponse.getDefaultInstance();
		return ResponseEntity.ok()
			.contentType(json ? MediaType.APPLICATION_JSON : PROTOBUF)
			.body(json ? JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8) : response.toByteArray());
	}

	/** The decompressed body, up to the limit (413 beyond it, so that a small gzip cannot unpack unbounded). */
	private byte[] body(HttpServletRequest request) throws IOException {
		long limit = ingestion.maxBodyBytes();
		byte[] body;
		try (InputStream in = decoded(request)) {
			body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
		}
		catch (ZipException | EOFException ex) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
					ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body is not valid gzip."), null);
		}
		if (body.length > limit) {
			throw new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(
					HttpStatus.CONTENT_TOO_LARGE, "The body is larger than " + limit + " bytes; split the export."), null);
		}
		return body;
	}

	private static InputStream decoded(HttpServletRequest request) throws IOException {
		String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		if (encoding == null || encoding.equalsIgnoreCase("identity")) {
			return request.getInputStream();
		}
		if (encoding.equalsIgnoreCase("gzip")) {
			return new GZIPInputStream(request.getInputStream(), 1 << 16);
		}
		throw new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemDetail.forStatusAndDetail(
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding must be gzip or identity."), null);
	}
}
