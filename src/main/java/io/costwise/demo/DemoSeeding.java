package io.costwise.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.costwise.NotFoundException;
import io.costwise.identity.Accounts;
import io.costwise.identity.CurrentTenant;
import io.costwise.identity.FirstOrganisation;
import io.costwise.recommendation.Recommendations;
import io.costwise.telemetry.SampleIngestion;
import io.costwise.telemetry.Workloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeds the demo organisation of a fresh installation: creates it with its owner before the
 * application reports ready (so the sign-in page can offer it at once), then sends its telemetry in
 * the background through the same ingestion as any client's, so that costs are computed, not made
 * up. Each workload's settings are applied after its last batch, which marks it done: a start after
 * an interrupted seeding resumes with the first workload not done, under the same idempotency keys.
 */
@Component
class DemoSeeding implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoSeeding.class);

	/** Samples per ingested batch: well under the batch limit, large enough to keep ingestion efficient. */
	static final int BATCH_SAMPLES = 10_000;

	private final DemoProperties properties;

	private final Environment environment;

	private final Accounts accounts;

	private final DemoFleet fleet;

	private final SampleIngestion ingestion;

	private final Workloads workloads;

	private final Recommendations recommendations;

	private final Demo demo;

	private final JsonMapper json;

	private final URI publicUrl;

	private volatile boolean stopping;

	private Thread worker;

	DemoSeeding(DemoProperties properties, Environment environment, Accounts accounts, DemoFleet fleet,
			SampleIngestion ingestion, Workloads workloads, Recommendations recommendations, Demo demo, JsonMapper json,
			@Value("${costwise.public-url:http://localhost:8080}") URI publicUrl) {
		this.properties = properties;
		this.environment = environment;
		this.accounts = accounts;
		this.fleet = fleet;
		this.ingestion = ingestion;
		this.workloads = workloads;
		this.recommendations = recommendations;
		this.demo = demo;
		this.json = json;
		this.publicUrl = publicUrl;
	}

	@Override
	public void run(ApplicationArguments args) {
		Optional<FirstOrganisation> organisation = organisation();
		if (organisation.isEmpty()) {
			return;
		}
		demo.preparing();
		worker = new Thread(() -> seedQuietly(organisation.get()), "demo-seeding");
		worker.setDaemon(true);
		worker.start();
	}

	/** The demo organisation, created on a fresh installation; empty where there is none to seed. */
	Optional<FirstOrganisation> organisation() {
		if (!properties.enabled()) {
			return Optional.empty();
		}
		if (environment.matchesProfiles("production")) {
			log.warn("Demo: costwise.demo.enabled is ignored in the production profile");
			return Optional.empty();
		}
		Optional<FirstOrganisation> organisation = accounts.firstOrganisation(properties.organisation(),
				properties.email(), properties.password());
		if (organisation.isEmpty()) {
			log.info("Demo: none added, since this database is in use without the demo organisation");
		}
		return organisation;
	}

	private void seedQuietly(FirstOrganisation organisation) {
		try {
			seed(organisation);
		}
		catch (RuntimeException ex) {
			if (stopping) {
				log.info("Demo: seeding paused by the shutdown; the next start resumes it");
			}
			else {
				// The type and problem alone: messages of data-access errors can carry SQL.
				log.warn("Demo: seeding stopped ({}); the next start resumes it", describe(ex));
			}
		}
	}

	/**
	 * Sends what is missing of the demo telemetry and settings, in the calling thread.
	 */
	void seed(FirstOrganisation organisation) {
		Duration window = Duration.ofMinutes(properties.windowMinutes());
		long windowSeconds = window.toSeconds();
		// Anchored at the organisation's creation, so that every start computes the same samples.
		Instant to = Instant.ofEpochSecond(Math.floorDiv(organisation.createdAt().getEpochSecond(), windowSeconds)
				* windowSeconds);
		Instant from = to.minus(Duration.ofDays(properties.days()));
		List<DemoWorkload> plan = fleet.workloads();
		CurrentTenant.callAs(organisation.tenantId(), () -> {
			if (!done(plan.get(plan.size() - 1))) {
				log.info("Demo: sending {} days of telemetry of {} workloads in the background", properties.days(),
						plan.size());
				for (DemoWorkload workload : plan) {
					if (stopping) {
						throw new IllegalStateException("stopping");
					}
					if (!done(workload)) {
						send(workload, from, to, window);
					}
				}
			}
			// The history is complete: no reason to wait out the debounce meant for live streams.
			recommendations.recommendSoon();
			return null;
		});
		demo.ready();
		log.info("Demo tenant ready: sign in at {} as {} / {}", publicUrl, properties.email(), properties.password());
	}

	/** Settings are applied last, so a workload with its kind set has all its telemetry. */
	private boolean done(DemoWorkload workload) {
		try {
			return workloads.describe(workload.key()).kind() != null;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

	private void send(DemoWorkload workload, Instant from, Instant to, Duration window) {
		List<DemoSample> samples = DemoTelemetry.samples(workload, from, to, window);
		if (samples.isEmpty()) {
			return;
		}
		for (int first = 0, batch = 0; first < samples.size(); first += BATCH_SAMPLES, batch++) {
			byte[] body = ndjson(samples.subList(first, Math.min(samples.size(), first + BATCH_SAMPLES)));
			ingest(body, "demo-%s-%dd-%dm-%d".formatted(workload.key(), properties.days(), properties.windowMinutes(),
					batch));
		}
		workloads.change(workload.key(), settings(workload));
	}

	/** Waits out the organisation's ingest rate limit where a batch finds it spent, as a client would. */
	private void ingest(byte[] body, String idempotencyKey) {
		while (true) {
			try {
				ingestion.ingest(new ByteArrayInputStream(body), SampleIngestion.Format.NDJSON, idempotencyKey);
				return;
			}
			catch (ErrorResponseException ex) {
				if (ex.getStatusCode().value() != HttpStatus.TOO_MANY_REQUESTS.value()) {
					throw ex;
				}
				pause(retryAfter(ex));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private byte[] ndjson(List<DemoSample> samples) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(samples.size() * 700);
		for (DemoSample sample : samples) {
			out.writeBytes(json.writeValueAsBytes(sample));
			out.write('\n');
		}
		return out.toByteArray();
	}

	private ObjectNode settings(DemoWorkload workload) {
		ObjectNode patch = json.createObjectNode();
		patch.put("kind", workload.kind().name());
		patch.set("labels", json.valueToTree(workload.labels()));
		if (workload.latencySloP95Ms() != null) {
			patch.put("latencySloP95Ms", workload.latencySloP95Ms());
		}
		patch.put("interruptible", workload.interruptible());
		if (!workload.allowedRegions().isEmpty()) {
			patch.set("allowedRegions", json.valueToTree(workload.allowedRegions()));
		}
		return patch;
	}

	private static Duration retryAfter(ErrorResponseException limited) {
		String seconds = limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
		try {
			return Duration.ofSeconds(seconds == null ? 1 : Math.max(1, Long.parseLong(seconds)));
		}
		catch (NumberFormatException ex) {
			return Duration.ofSeconds(1);
		}
	}

	/** In short naps, so that a shutdown need not interrupt the thread (and with it a batch's JDBC work). */
	private void pause(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		try {
			while (System.nanoTime() < until) {
				if (stopping) {
					throw new IllegalStateException("stopping");
				}
				Thread.sleep(100);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static String describe(RuntimeException ex) {
		if (ex instanceof ErrorResponseException response && response.getBody().getDetail() != null) {
			return ex.getClass().getSimpleName() + ": " + response.getBody().getDetail();
		}
		return ex.getClass().getSimpleName();
	}

	/**
	 * Lets a batch in flight finish and sends no more: on the first sign of shutdown, before the web
	 * server drains and the database goes away. The rest waits for the next start.
	 */
	@EventListener(ContextClosedEvent.class)
	void stop() {
		stopping = true;
		Thread running = worker;
		if (running != null && running.isAlive()) {
			try {
				running.join(Duration.ofSeconds(15).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
