package io.costwise.telemetry.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.costwise.InvalidFieldsException;
import io.costwise.identity.Permission;
import io.costwise.telemetry.IngestReceipt;
import io.costwise.telemetry.SampleIngestion;
import io.costwise.telemetry.SampleIngestion.Format;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/telemetry")
@Tag(name = "Telemetry", description = "Resource-usage samples of AI workloads (wire format v1)")
class TelemetryController {

	static final String NDJSON = "application/x-ndjson";

	private final SampleIngestion ingestion;

	TelemetryController(SampleIngestion ingestion) {
		this.ingestion = ingestion;
	}

	@PostMapping(path = "/samples", consumes = { MediaType.APPLICATION_JSON_VALUE, NDJSON, "text/csv" })
	@Permission.WriteTelemetry
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "ingestSamples", summary = "Send a batch of samples",
			description = """
					A JSON array of samples or {"samples": [...]}, NDJSON (one sample per line), or CSV with a header \
					row of wire-format names; gzip bodies with Content-Encoding: gzip. The batch is stored whole or \
					rejected whole with every bad field named. A retry with the same Idempotency-Key is stored once \
					and answers the original receipt.""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "array")),
							@Content(mediaType = NDJSON, schema = @Schema(type = "string")),
							@Content(mediaType = "text/csv", schema = @Schema(type = "string")) }))
	IngestReceipt ingest(HttpServletRequest request,
			@Parameter(description = "Makes retries safe: the same key and body are stored once")
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) throws IOException {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			throw InvalidFieldsException.parameter("Idempotency-Key", "must be 1 to 200 characters");
		}
		try (InputStream body = body(request)) {
			return ingestion.ingest(body, format(request.getContentType()), idempotencyKey);
		}
		catch (ZipException ex) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
					ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body is not valid gzip."), null);
		}
	}

	private InputStream body(HttpServletRequest request) throws IOException {
		InputStream raw = request.getInputStream();
		String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
			raw = new GZIPInputStream(raw, 1 << 16);
		}
		else if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
			throw new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemDetail.forStatusAndDetail(
					HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding must be gzip or identity."), null);
		}
		return new Limited(raw, ingestion.maxBodyBytes());
	}

	private static Format format(String contentType) {
		MediaType type = MediaType.parseMediaType(contentType);
		if (type.isCompatibleWith(MediaType.parseMediaType(NDJSON))) {
			return Format.NDJSON;
		}
		return type.isCompatibleWith(MediaType.parseMediaType("text/csv")) ? Format.CSV : Format.JSON;
	}

	/** Stops reading, with 413, once a body (after decompression) grows beyond the limit. */
	private static final class Limited extends FilterInputStream {

		private final long limit;

		private long read;

		Limited(InputStream in, long limit) {
			super(in);
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			count(b < 0 ? 0 : 1);
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(Math.max(n, 0));
			return n;
		}

		private void count(int n) {
			read += n;
			if (read > limit) {
				throw new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(
						HttpStatus.CONTENT_TOO_LARGE, "The body is larger than " + limit + " bytes; split the batch."), null);
			}
		}
	}
}
