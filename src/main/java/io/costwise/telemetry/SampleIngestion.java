package io.costwise.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.costwise.ConflictException;
import io.costwise.identity.CurrentTenant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hot path: a batch of telemetry, validated whole, stored once however often it is retried, and
 * announced as {@link SamplesIngested} once it has committed.
 */
@Service
public class SampleIngestion {

	/** The formats a batch may arrive in. */
	public enum Format {
		JSON, NDJSON, CSV
	}

	private final SampleWriter writer;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final TelemetryProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	SampleIngestion(SampleWriter writer, JdbcClient jdbc, PlatformTransactionManager transactionManager,
			ApplicationEventPublisher events, TelemetryProperties properties, JsonMapper json, Clock clock) {
		this.writer = writer;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/** The largest request body accepted, after decompression. */
	public long maxBodyBytes() {
		return properties.maxBodySize().toBytes();
	}

	/**
	 * @param idempotencyKey the client's key for this batch, or {@code null}
	 * @throws ConflictException when the key was used for a different body
	 */
	public IngestReceipt ingest(InputStream body, Format format, String idempotencyKey) throws IOException {
		MessageDigest digest = sha256();
		DigestInputStream hashed = new DigestInputStream(body, digest);
		List<Sample> samples = SampleBatch.parse(hashed, format, properties.maxBatchSamples(), clock, json);
		hashed.transferTo(OutputStream.nullOutputStream());
		return ingest(samples, format + ":" + HexFormat.of().formatHex(digest.digest()), idempotencyKey);
	}

	/**
	 * Stores samples already parsed and validated by another front door (such as OTLP).
	 * @param requestHash identifies the request's content, for idempotent retries
	 */
	IngestReceipt ingest(List<Sample> samples, String requestHash, String idempotencyKey) {
		UUID tenantId = CurrentTenant.require();
		// A retry answers the original receipt without taking from the allowance; the allowance is taken in
		// the same short transaction, apart from the batch's own (see takeAllowance).
		Optional<IngestReceipt> earlier = transactions.execute(status -> {
			// Nothing here must survive a crash (a lost allowance update only forgets a few tokens), so the
			// commit does not wait for the disk: the tenant's allowance row is locked for a moment, not a flush.
			jdbc.sql("set local synchronous_commit = off").update();
			if (idempotencyKey != null) {
				Optional<IngestReceipt> receipt = replay(tenantId, idempotencyKey, requestHash);
				if (receipt.isPresent()) {
					return receipt;
				}
			}
			takeAllowance(tenantId, samples.size());
			return Optional.<IngestReceipt>empty();
		});
		if (earlier.isPresent()) {
			return earlier.get();
		}
		return transactions.execute(status -> store(tenantId, samples, idempotencyKey, requestHash));
	}

	private IngestReceipt store(UUID tenantId, List<Sample> samples, String idempotencyKey, String requestHash) {
		UUID batchId = UUID.randomUUID();
		if (idempotencyKey != null && !claim(tenantId, idempotencyKey, requestHash, batchId)) {
			return replay(tenantId, idempotencyKey, requestHash)
				.orElseThrow(() -> new IllegalStateException("an idempotency key without its batch"));
		}
		SampleWriter.Written written = writer.write(tenantId, batchId, samples);
		IngestReceipt receipt = new IngestReceipt(batchId, samples.size(), written.stored(), written.duplicates(),
				written.workloadsCreated());
		if (idempotencyKey != null) {
			jdbc.sql("update ingest_batches set response = :response::jsonb where tenant_id = :tenant and idempotency_key = :key")
				.param("response", json.writeValueAsString(receipt))
				.param("tenant", tenantId)
				.param("key", idempotencyKey)
				.update();
		}
		events.publishEvent(new SamplesIngested(tenantId, batchId, List.copyOf(written.workloadIds()), written.from(),
				written.to()));
		return receipt;
	}

	/** Claims the key for this batch; a concurrent retry waits here until the first one commits. */
	private boolean claim(UUID tenantId, String idempotencyKey, String requestHash, UUID batchId) {
		return jdbc.sql("""
				insert into ingest_batches (tenant_id, idempotency_key, request_hash, batch_id, response, created_at)
				values (:tenant, :key, :hash, :batch, '{}'::jsonb, :now)
				on conflict (tenant_id, idempotency_key) do nothing""")
			.param("tenant", tenantId)
			.param("key", idempotencyKey)
			.param("hash", requestHash)
			.param("batch", batchId)
			.param("now", Timestamp.from(clock.instant()))
			.update() == 1;
	}

	private Optional<IngestReceipt> replay(UUID tenantId, String idempotencyKey, String requestHash) {
		return jdbc.sql("select request_hash, response::text from ingest_batches where tenant_id = ? and idempotency_key = ?")
			.param(tenantId)
			.param(idempotencyKey)
			.query((rs, row) -> {
				if (!rs.getString(1).equals(requestHash)) {
					throw new ConflictException(
							"This Idempotency-Key was used for a different batch; use a new key for new data.");
				}
				return json.readValue(rs.getString(2), IngestReceipt.class);
			})
			.optional();
	}

	/**
	 * A token bucket per tenant in PostgreSQL, so that every instance enforces the same limit. Taken in
	 * a short transaction of its own so that a tenant's batches do not queue behind its row lock.
	 */
	private void takeAllowance(UUID tenantId, int samples) {
		double left = jdbc.sql("""
				insert into ingest_allowance as a (tenant_id, tokens, refilled_at)
				values (:tenant, :burst - :n, clock_timestamp())
				on conflict (tenant_id) do update set
				  tokens = least(:burst, a.tokens + :rate * extract(epoch from clock_timestamp() - a.refilled_at)) - :n,
				  refilled_at = clock_timestamp()
				returning tokens""")
			.param("tenant", tenantId)
			.param("burst", properties.ingestBurst(tenantId))
			.param("rate", properties.ingestRatePerSecond(tenantId))
			.param("n", (double) samples)
			.query(Double.class)
			.single();
		if (left < 0) {
			throw rateLimited((long) Math.ceil(-left / properties.ingestRatePerSecond(tenantId)));
		}
	}

	private static ErrorResponseException rateLimited(long retryAfterSeconds) {
		ErrorResponseException limited = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS,
				ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
						"This organisation sends telemetry faster than its ingest rate allows; retry after the delay."),
				null);
		limited.getHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
		return limited;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}
}
