package io.costwise.reporting;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import io.costwise.Mailbox;
import io.costwise.pricing.Catalog;
import io.costwise.pricing.InstanceType;
import jakarta.mail.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * Weekly digests through a real SMTP server (GreenMail), on a clock the test moves to the due time.
 */
@CostwiseTest
@TestPropertySource(properties = { "costwise.costing.recompute-delay=300ms", "costwise.reporting.retry-backoff=1m" })
class ReportingTests {

	/** The application's clock, moved by the tests. */
	static final MovableClock CLOCK = new MovableClock();

	@TestConfiguration
	static class MovableTime {

		@Bean
		@Primary
		Clock movableClock() {
			return CLOCK;
		}
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ReportDeliveries deliveries;

	@Autowired
	ReportSubscriptions subscriptions;

	@Autowired
	JavaMailSender mail;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ReportingProperties properties;

	@Autowired
	Catalog catalog;

	@Autowired
	JdbcClient jdbc;

	Callers.Person owner;

	Instant due;

	@BeforeEach
	void anOrganisationWithAWeekOfCosts() {
		CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MINUTES));
		owner = new Callers(mvc).signUp();
		String key = new Callers(mvc).apiKey(owner, "telemetry:write");
		InstanceType instance = catalog.instanceTypes("aws", "us-east-1", null).stream()
			.filter(type -> type.gpuModel() != null).findFirst().orElseThrow();
		List<String> samples = new ArrayList<>();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		for (int ago = 1; ago <= 8; ago++) {
			Instant end = today.minusDays(ago).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600 * 12);
			samples.add("""
					{"workload": "ranker", "node": "n1", "timestamp": "%s", "windowSeconds": 3600, "provider": "aws",
					 "region": "us-east-1", "instanceType": "%s", "gpuModel": "%s", "gpuUtil": 0.4}"""
				.formatted(end, instance.name(), instance.gpuModel()));
		}
		assertThat(mvc.post().uri("/api/v1/telemetry/samples").with(bearer(key)).contentType(MediaType.APPLICATION_JSON)
			.content(samples.stream().collect(Collectors.joining(",", "[", "]")))).hasStatus(HttpStatus.ACCEPTED);
		awaitCosts();
		due = today.plusDays(1).atTime(8, 0).atZone(ZoneOffset.UTC).toInstant();
	}

	@Test
	void aWeeklyReportIsDeliveredAtItsDueTimeWithTheApisFigures() throws Exception {
		String recipient = Callers.uniqueEmail("weekly");
		subscribe(recipient);
		deliveries.deliverDue();
		assertThat(Mailbox.to(recipient)).as("nothing before the due time").isEmpty();

		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();

		Message[] received = Mailbox.to(recipient);
		assertThat(received).hasSize(1);
		LocalDate to = due.atZone(ZoneOffset.UTC).toLocalDate();
		JsonNode api = Callers.body(mvc.get().uri("/api/v1/costs?from=" + to.minusWeeks(1) + "&to=" + to).with(owner).exchange());
		String billed = ReportRenderer.usd(api.get("totals").get("billedCost").decimalValue());
		assertThat(Mailbox.text(received[0])).contains("Billed cost: " + billed).contains("ranker");
		assertThat(Mailbox.contentTypes(received[0])).anySatisfy(type -> assertThat(type).startsWith("text/plain"))
			.anySatisfy(type -> assertThat(type).startsWith("text/html"))
			.anySatisfy(type -> assertThat(type).startsWith("image/png"));
		assertThat(received[0].getHeader("List-Unsubscribe")[0]).contains("/api/v1/report-unsubscribe?token=");
		assertThat(received[0].getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(received[0].getSubject()).contains(billed);
	}

	@Test
	void twoSchedulersOnTheSameDatabaseSendAReportOnce() {
		String recipient = Callers.uniqueEmail("once");
		subscribe(recipient);
		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		ReportDeliveries other = new ReportDeliveries(subscriptions, mail, jdbc, transactionManager, properties, CLOCK);

		CompletableFuture.allOf(CompletableFuture.runAsync(deliveries::deliverDue), CompletableFuture.runAsync(other::deliverDue))
			.join();
		deliveries.deliverDue();

		assertThat(Mailbox.to(recipient)).hasSize(1);
	}

	@Test
	void aMissedRunIsCaughtUpOnceAfterARestart() {
		String recipient = Callers.uniqueEmail("late");
		subscribe(recipient);

		CLOCK.set(due.plus(Duration.ofHours(30)));
		deliveries.deliverDue();
		deliveries.deliverDue();

		assertThat(Mailbox.to(recipient)).hasSize(1);
	}

	@Test
	void whenSmtpIsDownTheFailureIsLoggedAndTheReportRetriedLater() {
		String recipient = Callers.uniqueEmail("retry");
		String id = subscribe(recipient);
		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		JavaMailSenderImpl down = new JavaMailSenderImpl();
		down.setHost("127.0.0.1");
		down.setPort(1);
		new ReportDeliveries(subscriptions, down, jdbc, transactionManager, properties, CLOCK).deliverDue();

		JsonNode log = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + id + "/deliveries").with(owner).exchange());
		assertThat(log.get(0).get("status").asString()).isEqualTo("RETRYING");
		assertThat(log.get(0).get("lastError").asString()).isNotBlank();
		assertThat(Mailbox.to(recipient)).isEmpty();

		CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(2)));
		deliveries.deliverDue();

		assertThat(Mailbox.to(recipient)).hasSize(1);
		JsonNode after = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + id + "/deliveries").with(owner).exchange());
		assertThat(after.get(0).get("status").asString()).isEqualTo("SENT");
		assertThat(after.get(0).get("attempts").asInt()).isEqualTo(2);
	}

	@Test
	void theOneClickUnsubscribeLinkStopsTheReportForThatRecipient() throws Exception {
		String leaving = Callers.uniqueEmail("leaving");
		String staying = Callers.uniqueEmail("staying");
		subscribe(leaving, staying);
		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();
		String link = Mailbox.to(leaving)[0].getHeader("List-Unsubscribe")[0].replaceAll("[<>]", "");

		assertThat(mvc.post().uri(link.substring(link.indexOf("/api/"))).contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("List-Unsubscribe=One-Click")).hasStatusOk();
		CLOCK.set(due.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();

		assertThat(Mailbox.to(leaving)).hasSize(1);
		assertThat(Mailbox.to(staying)).hasSize(2);
	}

	@Test
	void aForgedUnsubscribeLinkIsRefused() {
		assertThat(mvc.post().uri("/api/v1/report-unsubscribe?token=bm90LXNpZ25lZA.AAAA")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void aPreviewRendersTheReportForNow() {
		String id = subscribe(Callers.uniqueEmail("preview"));

		JsonNode preview = Callers.body(mvc.post().uri("/api/v1/report-subscriptions/" + id + "/preview").with(owner).exchange());

		assertThat(preview.get("html").asString()).contains("cid:" + ReportRenderer.CHART_ID).contains("Idle cost");
		assertThat(preview.get("text").asString()).contains("Utilization-adjusted cost");
	}

	@Test
	void aBadSubscriptionNamesEveryBadField() {
		var result = mvc.post().uri("/api/v1/report-subscriptions").with(owner).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"\", \"recipients\": [\"not-an-address\"], \"cadence\": \"WEEKLY\", \"timeZone\": \"Mars/Olympus\"}")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].pointer").asArray()
			.containsExactlyInAnyOrder("/name", "/recipients/0", "/dayOfWeek", "/timeOfDay", "/timeZone");
	}

	@Test
	void aMemberMaySubscribeOnlyThemselves() {
		var member = new Callers(mvc).member(owner, "MEMBER");

		var result = mvc.post().uri("/api/v1/report-subscriptions").with(member).contentType(MediaType.APPLICATION_JSON)
			.content(body("Mine", "someone-else@example.com")).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].pointer").isEqualTo("/recipients/0");
		assertThat(mvc.post().uri("/api/v1/report-subscriptions").with(member).contentType(MediaType.APPLICATION_JSON)
			.content(body("Mine", member.email()))).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void anotherTenantsSubscriptionAnswers404() {
		String id = subscribe(Callers.uniqueEmail("private"));
		var other = new Callers(mvc).signUp();

		assertThat(mvc.get().uri("/api/v1/report-subscriptions/" + id).with(other)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(Callers.body(mvc.get().uri("/api/v1/report-subscriptions").with(other).exchange()).size()).isZero();
	}

	private String subscribe(String... recipients) {
		var result = mvc.post().uri("/api/v1/report-subscriptions").with(owner).contentType(MediaType.APPLICATION_JSON)
			.content(body("Weekly costs", recipients)).exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return Callers.body(result).get("id").asString();
	}

	private String body(String name, String... recipients) {
		String weekday = due.atZone(ZoneId.of("UTC")).getDayOfWeek().name();
		return """
				{"name": "%s", "recipients": [%s], "cadence": "WEEKLY", "dayOfWeek": "%s", "timeOfDay": "08:00",
				 "timeZone": "UTC"}""".formatted(name,
				java.util.Arrays.stream(recipients).map(r -> "\"" + r + "\"").collect(Collectors.joining(",")), weekday);
	}

	private void awaitCosts() {
		long deadline = System.currentTimeMillis() + 20_000;
		while (jdbc.sql("select count(*) from cost_pending_days where tenant_id = ?").param(owner.tenantId())
			.query(Long.class).single() > 0) {
			assertThat(System.currentTimeMillis()).as("costs recomputed in time").isLessThan(deadline);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** A clock that stands still until moved. */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.now();

		void set(Instant instant) {
			now = instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return Clock.fixed(now, zone);
		}

		@Override
		public Instant instant() {
			return now;
		}
	}
}
