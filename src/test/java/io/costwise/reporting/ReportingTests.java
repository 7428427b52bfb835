package io.costwise.reporting;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import io.costwise.Mailbox;
import io.costwise.identity.CurrentTenant;
import io.costwise.pricing.Catalog;
import io.costwise.pricing.InstanceType;
import io.costwise.recommendation.RecommendationPoll;
import io.costwise.recommendation.Recommendations;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * Weekly digests through a real SMTP server (GreenMail), on a clock the test moves to the due time.
 */
@CostwiseTest
@TestPropertySource(properties = { "costwise.costing.recompute-delay=300ms", "costwise.reporting.retry-backoff=1m",
		// The tests deliver when they choose to (deliverDue), so no background round adds to what they count.
		"costwise.reporting.poll-delay=1h" })
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

	/** The application's own, watched to count the statements a request makes. */
	@MockitoSpyBean
	JdbcClient jdbc;

	@Autowired
	Recommendations recommendations;

	@Autowired
	ApplicationContext context;

	Callers.Person owner;

	String telemetryKey;

	InstanceType instance;

	Instant due;

	@BeforeEach
	void anOrganisationWithAWeekOfCosts() {
		CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MINUTES));
		owner = new Callers(mvc).signUp();
		telemetryKey = new Callers(mvc).apiKey(owner, "telemetry:write");
		instance = catalog.instanceTypes("aws", "us-east-1", null).stream()
			.filter(type -> type.gpuModel() != null).findFirst().orElseThrow();
		List<String> samples = new ArrayList<>();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		for (int ago = 1; ago <= 8; ago++) {
			Instant end = today.minusDays(ago).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600 * 12);
			samples.add(sample("ranker", end, 0.4));
		}
		send(samples);
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
		assertThat(html(received[0])).as("the e-mail shows its inline attachment").contains("src=\"cid:" + ReportRenderer.CHART_ID + "\"")
			.doesNotContain("data:image");
		Part chart = part(received[0], "image/png");
		assertThat(chart.getHeader("Content-ID")).containsExactly("<" + ReportRenderer.CHART_ID + ">");
		assertThat(chart.getDisposition()).isEqualTo(Part.INLINE);
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
		assertThat(log.get(0).get("lastError").asString())
			.isEqualTo("The mail server could not be reached (the connection was refused); check the SMTP host and port.");
		JsonNode last = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + id).with(owner).exchange()).get("lastDelivery");
		assertThat(last.get("status").asString()).isEqualTo("RETRYING");
		assertThat(last.get("attempts").asInt()).isEqualTo(1);
		assertThat(Instant.parse(last.get("nextAttemptAt").asString())).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(1)));
		assertThat(last.get("lastError").asString()).isEqualTo(log.get(0).get("lastError").asString());
		assertThat(last.get("sentAt").isNull()).isTrue();
		assertThat(Mailbox.to(recipient)).isEmpty();

		CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(2)));
		deliveries.deliverDue();

		assertThat(Mailbox.to(recipient)).hasSize(1);
		JsonNode after = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + id + "/deliveries").with(owner).exchange());
		assertThat(after.get(0).get("status").asString()).isEqualTo("SENT");
		assertThat(after.get(0).get("attempts").asInt()).isEqualTo(2);
		JsonNode sent = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + id).with(owner).exchange()).get("lastDelivery");
		assertThat(sent.get("status").asString()).isEqualTo("SENT");
		assertThat(sent.get("attempts").asInt()).isEqualTo(2);
		assertThat(sent.get("lastError").isNull()).as("a sent report has no failure").isTrue();
		assertThat(sent.get("nextAttemptAt").isNull()).isTrue();
	}

	@Test
	void eachSubscriptionInTheListCarriesItsLastDeliveryReadInOneStatement() {
		String weekly = subscribe(Callers.uniqueEmail("last-a"));
		String other = subscribe(Callers.uniqueEmail("last-b"));
		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();
		CLOCK.set(due.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();
		String notYet = create(owner, dailyBody("Daily, set up after the run", Callers.uniqueEmail("last-c"))).get("id").asString();

		Mockito.clearInvocations(jdbc);
		JsonNode list = Callers.body(mvc.get().uri("/api/v1/report-subscriptions").with(owner).exchange());

		verify(jdbc, times(1)).sql(argThat(sql -> sql.contains("report_deliveries")));
		verify(jdbc, times(1)).sql(argThat(sql -> sql.contains("report_subscriptions")));
		assertThat(list).hasSize(3);
		for (String id : List.of(weekly, other)) {
			JsonNode last = find(list, id).get("lastDelivery");
			assertThat(last.get("status").asString()).isEqualTo("SENT");
			assertThat(Instant.parse(last.get("dueAt").asString())).as("the newer of two deliveries").isEqualTo(due.plus(Duration.ofDays(7)));
			assertThat(last.get("attempts").asInt()).isEqualTo(1);
			assertThat(Instant.parse(last.get("sentAt").asString())).isEqualTo(CLOCK.instant());
			assertThat(last.get("lastError").isNull()).isTrue();
		}
		assertThat(find(list, notYet).get("lastDelivery").isNull()).as("none due yet").isTrue();
		assertThat(Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + weekly).with(owner).exchange()).get("lastDelivery"))
			.isEqualTo(find(list, weekly).get("lastDelivery"));
		JsonNode log = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + weekly + "/deliveries").with(owner).exchange());
		assertThat(log).hasSize(2);
		assertThat(find(list, weekly).get("lastDelivery")).isEqualTo(log.get(0));
	}

	@Test
	void anotherTenantSeesNeitherTheSubscriptionNorItsLastDelivery() {
		String id = subscribe(Callers.uniqueEmail("delivered"));
		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();
		var other = new Callers(mvc).signUp();
		subscribeAs(other);

		JsonNode theirs = Callers.body(mvc.get().uri("/api/v1/report-subscriptions").with(other).exchange());

		assertThat(theirs).hasSize(1);
		assertThat(theirs.get(0).get("id").asString()).isNotEqualTo(id);
		assertThat(theirs.get(0).get("lastDelivery").isNull()).isTrue();
		assertThat(mvc.get().uri("/api/v1/report-subscriptions/" + id).with(other)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(mvc.get().uri("/api/v1/report-subscriptions/" + id + "/deliveries").with(other)).hasStatus(HttpStatus.NOT_FOUND);
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
	void theEmailsUnsubscribeLinkOpensAPageThatAsksBeforeUnsubscribing() throws Exception {
		String leaving = Callers.uniqueEmail("scanned");
		subscribe(leaving);
		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();
		Message received = Mailbox.to(leaving)[0];
		String oneClick = received.getHeader("List-Unsubscribe")[0].replaceAll("[<>]", "");
		String token = oneClick.substring(oneClick.indexOf("token=") + "token=".length());

		assertThat(Mailbox.text(received)).contains("Unsubscribe: " + properties.baseUrl() + "/unsubscribe?token=" + token);
		assertThat(html(received)).contains("href=\"" + properties.baseUrl() + "/unsubscribe?token=" + token + "\"");
		assertThat(mvc.get().uri("/api/v1/report-unsubscribe?token=" + token)).as("a mail scanner opening the link")
			.hasStatus4xxClientError();
		CLOCK.set(due.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();

		assertThat(Mailbox.to(leaving)).hasSize(2);
	}

	@Test
	void aReportScopedToATeamShowsOnlyThatTeamsRecommendations() {
		label("ranker", "search");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		List<String> idle = new ArrayList<>();
		for (int hour = 1; hour <= 48; hour++) {
			idle.add(sample("forgotten", today.atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofHours(hour)), 0.01));
		}
		send(idle);
		label("forgotten", "ads");
		recommend();
		String everything = subscribe(Callers.uniqueEmail("everything"));
		String search = create(owner, body("Search team", Callers.uniqueEmail("search"))
			.replace("\"timeZone\"", "\"team\": \"search\", \"timeZone\"")).get("id").asString();

		String all = previewText(everything);
		String scoped = previewText(search);

		assertThat(all).as("the recommendation to release the idle GPU").contains("forgotten");
		assertThat(scoped).doesNotContain("forgotten")
			.contains("Open recommendations: " + ReportRenderer.usd(openSavingsOf("ranker")) + " per month");
	}

	@Test
	void aForgedUnsubscribeLinkIsRefused() {
		assertThat(mvc.post().uri("/api/v1/report-unsubscribe?token=bm90LXNpZ25lZA.AAAA")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void aPreviewRendersTheReportForNow() throws Exception {
		String id = subscribe(Callers.uniqueEmail("preview"));

		JsonNode preview = Callers.body(mvc.post().uri("/api/v1/report-subscriptions/" + id + "/preview").with(owner).exchange());

		String html = preview.get("html").asString();
		assertThat(html).contains("Idle cost").doesNotContain("cid:");
		Matcher chart = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
		assertThat(chart.find()).as("the chart is embedded in the HTML").isTrue();
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(chart.group(1))));
		assertThat(image.getWidth()).isEqualTo(1104);
		assertThat(image.getHeight()).isEqualTo(320);
		assertThat(preview.get("text").asString()).contains("Utilization-adjusted cost");
	}

	@Test
	void aPreviewOfAReportWithoutTheCostSummaryHasNoChart() {
		String id = create(owner, body("Movers only", Callers.uniqueEmail("movers")).replace("\"timeZone\"",
				"\"content\": [\"TOP_MOVERS\"], \"timeZone\"")).get("id").asString();

		String html = Callers.body(mvc.post().uri("/api/v1/report-subscriptions/" + id + "/preview").with(owner).exchange())
			.get("html").asString();

		assertThat(html).contains("Top workloads by cost").doesNotContain("<img").doesNotContain("cid:");
	}

	@Test
	void aReportWithoutTheCostSummaryIsMailedWithoutAChartAttachment() throws Exception {
		String recipient = Callers.uniqueEmail("movers-mail");
		create(owner, body("Movers only", recipient).replace("\"timeZone\"", "\"content\": [\"TOP_MOVERS\"], \"timeZone\""));
		CLOCK.set(due.plus(Duration.ofMinutes(1)));
		deliveries.deliverDue();

		Message received = Mailbox.to(recipient)[0];

		assertThat(Mailbox.contentTypes(received)).noneMatch(type -> type.startsWith("image/"));
		assertThat(html(received)).contains("Top workloads by cost").doesNotContain("cid:");
	}

	@Test
	void anotherTenantCannotPreviewTheReport() {
		String id = subscribe(Callers.uniqueEmail("preview-private"));
		var other = new Callers(mvc).signUp();

		assertThat(mvc.post().uri("/api/v1/report-subscriptions/" + id + "/preview").with(other)).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void changingTheCadenceDropsTheDayOfTheOldOne() {
		String id = subscribe(Callers.uniqueEmail("cadence"));

		JsonNode monthly = patch(owner, id, "{\"cadence\": \"MONTHLY\", \"dayOfMonth\": 15}");

		assertThat(monthly.get("cadence").asString()).isEqualTo("MONTHLY");
		assertThat(monthly.get("dayOfMonth").asInt()).isEqualTo(15);
		assertThat(monthly.get("dayOfWeek").isNull()).isTrue();
		assertThat(Instant.parse(monthly.get("nextRunAt").asString()).atZone(ZoneOffset.UTC).getDayOfMonth()).isEqualTo(15);
		assertThat(stored(id, "day_of_week")).isNull();

		JsonNode weekly = patch(owner, id, "{\"cadence\": \"WEEKLY\", \"dayOfWeek\": \"FRIDAY\"}");
		assertThat(weekly.get("dayOfWeek").asString()).isEqualTo("FRIDAY");
		assertThat(weekly.get("dayOfMonth").isNull()).isTrue();
		assertThat(stored(id, "day_of_month")).isNull();

		JsonNode daily = patch(owner, id, "{\"cadence\": \"DAILY\"}");
		assertThat(daily.get("dayOfWeek").isNull()).isTrue();
		assertThat(daily.get("dayOfMonth").isNull()).isTrue();
		assertThat(stored(id, "day_of_week")).isNull();
	}

	@Test
	void aChangeOfCadenceNamesTheDayItNeedsOrDoesNotTake() {
		String id = subscribe(Callers.uniqueEmail("cadence-bad"));
		patch(owner, id, "{\"cadence\": \"MONTHLY\", \"dayOfMonth\": 15}");
		patch(owner, id, "{\"cadence\": \"WEEKLY\", \"dayOfWeek\": \"FRIDAY\"}");

		// Monthly again without a day: the 15th of before is gone, not silently taken up again.
		assertThat(change(owner, id, "{\"cadence\": \"MONTHLY\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson().extractingPath("$.errors[*].pointer").asArray().containsExactly("/dayOfMonth");
		assertThat(change(owner, id, "{\"cadence\": \"MONTHLY\", \"dayOfWeek\": \"MONDAY\", \"dayOfMonth\": 31}"))
			.hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].pointer").asArray()
			.containsExactlyInAnyOrder("/dayOfWeek", "/dayOfMonth");
		assertThat(change(owner, id, "{\"cadence\": \"DAILY\", \"dayOfMonth\": 3}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson().extractingPath("$.errors[*].pointer").asArray().containsExactly("/dayOfMonth");
		assertThat(change(owner, id, "{\"dayOfMonth\": 3}")).as("a day the weekly report does not have")
			.hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].pointer").asArray().containsExactly("/dayOfMonth");
		var created = mvc.post().uri("/api/v1/report-subscriptions").with(owner).contentType(MediaType.APPLICATION_JSON)
			.content(body("Daily", Callers.uniqueEmail("daily")).replace("\"WEEKLY\"", "\"DAILY\"")).exchange();
		assertThat(create(owner, dailyBody("Daily", Callers.uniqueEmail("daily"))).get("dayOfWeek").isNull()).isTrue();
		assertThat(created).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].pointer").asArray()
			.containsExactly("/dayOfWeek");

		JsonNode unchanged = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + id).with(owner).exchange());
		assertThat(unchanged.get("cadence").asString()).isEqualTo("WEEKLY");
		assertThat(unchanged.get("dayOfWeek").asString()).isEqualTo("FRIDAY");
	}

	@Test
	void anotherTenantCannotChangeTheCadence() {
		String id = subscribe(Callers.uniqueEmail("cadence-private"));
		var other = new Callers(mvc).signUp();

		assertThat(change(other, id, "{\"cadence\": \"MONTHLY\", \"dayOfMonth\": 15}")).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(stored(id, "cadence")).isEqualTo("WEEKLY");
	}

	@Test
	void aSubscriptionNamesTheAddressOfTheMemberWhoSetItUp() {
		String mine = subscribe(Callers.uniqueEmail("mine"));
		var member = new Callers(mvc).member(owner, "MEMBER");
		String theirs = create(member, body("Theirs", member.email())).get("id").asString();
		String key = new Callers(mvc).apiKey(owner, "admin");
		var byMachine = mvc.post().uri("/api/v1/report-subscriptions").with(bearer(key)).contentType(MediaType.APPLICATION_JSON)
			.content(body("By a machine", Callers.uniqueEmail("machine"))).exchange();
		assertThat(byMachine).hasStatus(HttpStatus.CREATED);
		String machine = Callers.body(byMachine).get("id").asString();

		JsonNode list = Callers.body(mvc.get().uri("/api/v1/report-subscriptions").with(owner).exchange());

		assertThat(find(list, mine).get("createdByEmail").asString()).isEqualTo(owner.email());
		assertThat(find(list, theirs).get("createdBy").asString()).isEqualTo(member.userId().toString());
		assertThat(find(list, theirs).get("createdByEmail").asString()).isEqualTo(member.email());
		assertThat(find(list, machine).get("createdBy").asString()).startsWith("api-key:");
		assertThat(find(list, machine).get("createdByEmail").isNull()).isTrue();
		assertThat(Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + theirs).with(member).exchange())
			.get("createdByEmail").asString()).isEqualTo(member.email());

		assertThat(mvc.delete().uri("/api/v1/members/" + member.userId()).with(owner)).hasStatus(HttpStatus.NO_CONTENT);
		JsonNode afterwards = Callers.body(mvc.get().uri("/api/v1/report-subscriptions/" + theirs).with(owner).exchange());
		assertThat(afterwards.get("createdByEmail").isNull()).as("a former member is not named").isTrue();
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

	private void send(List<String> samples) {
		assertThat(mvc.post().uri("/api/v1/telemetry/samples").with(bearer(telemetryKey)).contentType(MediaType.APPLICATION_JSON)
			.content(samples.stream().collect(Collectors.joining(",", "[", "]")))).hasStatus(HttpStatus.ACCEPTED);
	}

	private String sample(String workload, Instant end, double gpuUtil) {
		return """
				{"workload": "%s", "node": "n1", "timestamp": "%s", "windowSeconds": 3600, "provider": "aws",
				 "region": "us-east-1", "instanceType": "%s", "gpuModel": "%s", "gpuUtil": %s}"""
			.formatted(workload, end, instance.name(), instance.gpuModel(), gpuUtil);
	}

	private void label(String workload, String team) {
		assertThat(mvc.patch().uri("/api/v1/workloads/" + workload).with(owner).contentType(MediaType.APPLICATION_JSON)
			.content("{\"labels\": {\"team\": \"" + team + "\"}}")).hasStatusOk();
	}

	/** Recommends on the telemetry sent so far without waiting out the debounce. */
	private void recommend() {
		awaitCosts();
		CurrentTenant.callAs(owner.tenantId(), () -> {
			recommendations.recommendSoon();
			return null;
		});
		new RecommendationPoll(context).runDue();
	}

	private java.math.BigDecimal openSavingsOf(String workload) {
		for (JsonNode line : Callers.body(mvc.get().uri("/api/v1/recommendations/savings").with(owner).exchange()).get("workloads")) {
			if (line.get("workload").asString().equals(workload)) {
				return line.get("monthlySavings").decimalValue();
			}
		}
		return java.math.BigDecimal.ZERO;
	}

	private String previewText(String id) {
		return Callers.body(mvc.post().uri("/api/v1/report-subscriptions/" + id + "/preview").with(owner).exchange())
			.get("text").asString();
	}

	private JsonNode create(Callers.Person who, String body) {
		var result = mvc.post().uri("/api/v1/report-subscriptions").with(who).contentType(MediaType.APPLICATION_JSON)
			.content(body).exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return Callers.body(result);
	}

	private void subscribeAs(Callers.Person who) {
		create(who, body("Theirs", who.email()));
	}

	private MvcTestResult change(Callers.Person who, String id, String patch) {
		return mvc.patch().uri("/api/v1/report-subscriptions/" + id).with(who).contentType(MediaType.APPLICATION_JSON)
			.content(patch).exchange();
	}

	private JsonNode patch(Callers.Person who, String id, String patch) {
		var result = change(who, id, patch);
		assertThat(result).hasStatusOk();
		return Callers.body(result);
	}

	/** A column as stored, read as the schema owner. */
	private String stored(String id, String column) {
		return jdbc.sql("select " + column + "::text from report_subscriptions where id = ?")
			.param(java.util.UUID.fromString(id))
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private static JsonNode find(JsonNode list, String id) {
		for (JsonNode subscription : list) {
			if (subscription.get("id").asString().equals(id)) {
				return subscription;
			}
		}
		throw new AssertionError("no subscription " + id + " in " + list);
	}

	private static String html(Part message) throws Exception {
		return (String) part(message, "text/html").getContent();
	}

	/** The first leaf part of the type. */
	private static Part part(Part message, String type) throws Exception {
		return leaf(message, type).orElseThrow(() -> new AssertionError("no " + type + " part"));
	}

	private static Optional<Part> leaf(Part part, String type) throws Exception {
		if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				Optional<Part> found = leaf(multipart.getBodyPart(i), type);
				if (found.isPresent()) {
					return found;
				}
			}
			return Optional.empty();
		}
		return part.isMimeType(type) ? Optional.of(part) : Optional.empty();
	}

	/** A daily report: no day of the week or month. */
	private String dailyBody(String name, String recipient) {
		return """
				{"name": "%s", "recipients": ["%s"], "cadence": "DAILY", "timeOfDay": "08:00", "timeZone": "UTC"}"""
			.formatted(name, recipient);
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
			pause();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
