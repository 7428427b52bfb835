package io.costwise.reporting;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import io.costwise.NotFoundException;
import io.costwise.costing.Costs;
import io.costwise.identity.CurrentTenant;
import io.costwise.identity.Members;
import io.costwise.recommendation.Recommendations;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The current tenant's report subscriptions. Admins manage everyone's; other members see and manage
 * only the ones they created, which may only be sent to themselves.
 */
@Service
public class ReportSubscriptions {

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final List<String> SUBSCRIPTION_COLUMNS = List.of("id", "name", "recipients", "cadence", "day_of_week",
			"day_of_month", "time_of_day", "time_zone", "team", "project", "content", "created_by", "created_at",
			"next_run_at", "label");

	private static final List<String> DELIVERY_COLUMNS = List.of("id", "due_at", "period_from", "period_to", "status",
			"attempts", "next_attempt_at", "last_error", "sent_at", "recipients");

	/** The columns {@link #subscription(ResultSet, int)} reads. */
	static final String COLUMNS = columns("", SUBSCRIPTION_COLUMNS);

	/**
	 * Subscriptions ({@code s}) with their newest delivery ({@code d}, all null where there is none yet):
	 * one query for any number of subscriptions, each finding its delivery by the unique key's index.
	 */
	private static final String DESCRIBED = "select " + columns("s.", SUBSCRIPTION_COLUMNS) + ", "
			+ columns("d.", DELIVERY_COLUMNS) + " from report_subscriptions s left join lateral (select "
			+ columns("", DELIVERY_COLUMNS) + """
			 from report_deliveries
			  where report_deliveries.tenant_id = s.tenant_id and report_deliveries.subscription_id = s.id
			  order by due_at desc limit 1
			) d on true""";

	private final JdbcClient jdbc;

	private final Costs costs;

	private final Recommendations recommendations;

	private final UnsubscribeTokens tokens;

	private final ReportingProperties properties;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final Members members;

	ReportSubscriptions(JdbcClient jdbc, Costs costs, Recommendations recommendations, UnsubscribeTokens tokens,
			ReportingProperties properties, Clock clock, PlatformTransactionManager transactionManager, Members members) {
		this.transactions = new TransactionTemplate(transactionManager);
		this.members = members;
		this.jdbc = jdbc;
		this.costs = costs;
		this.recommendations = recommendations;
		this.tokens = tokens;
		this.properties = properties;
		this.clock = clock;
	}

	/** The subscriptions the caller may see, each with its creator's address and its newest delivery. */
	@Transactional(readOnly = true)
	public List<ReportSubscription> list() {
		return described(jdbc.sql(DESCRIBED + " where s.tenant_id = :tenant"
				+ (CurrentTenant.isAdmin() ? "" : " and s.created_by = :actor") + " order by s.created_at, s.id")
			.param("tenant", CurrentTenant.require())
			.param("actor", CurrentTenant.actor())
			.query(ReportSubscriptions::withLastDelivery)
			.list());
	}

	@Transactional(readOnly = true)
	public ReportSubscription get(UUID id) {
		List<ReportSubscription> found = jdbc.sql(DESCRIBED + " where s.tenant_id = ? and s.id = ?")
			.params(CurrentTenant.require(), id)
			.query(ReportSubscriptions::withLastDelivery)
			.list()
			.stream()
			.filter(ReportSubscriptions::isVisible)
			.toList();
		if (found.isEmpty()) {
			throw new NotFoundException("Report subscription");
		}
		return described(found).get(0);
	}

	/** The subscriptions with the addresses of the members who set them up, looked up at once. */
	private List<ReportSubscription> described(List<ReportSubscription> subscriptions) {
		Map<UUID, String> emails = members.emailsOf(subscriptions.stream()
			.map(subscription -> userId(subscription.createdBy()))
			.flatMap(Optional::stream)
			.collect(Collectors.toSet()));
		return subscriptions.stream()
			.map(subscription -> subscription.describedWith(
					userId(subscription.createdBy()).map(emails::get).orElse(null), subscription.lastDelivery()))
			.toList();
	}

	/** The user a {@code createdBy} names; empty for an API key ({@code api-key:<id>}). */
	private static Optional<UUID> userId(String createdBy) {
		try {
			return Optional.of(UUID.fromString(createdBy));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	@Transactional
	public ReportSubscription create(SubscriptionRequest request) {
		SubscriptionRequest complete = new SubscriptionRequest(request.name(), request.recipients(), request.cadence(),
				request.dayOfWeek(), request.dayOfMonth(), request.timeOfDay(),
				request.timeZone() == null ? "UTC" : request.timeZone(), blankless(request.team()),
				blankless(request.project()), blankless(request.label()),
				request.content() == null || request.content().isEmpty() ? List.of(ReportContent.values()) : request.content());
		validate(complete);
		UUID id = UUID.randomUUID();
		Instant now = clock.instant();
		jdbc.sql("""
				insert into report_subscriptions (tenant_id, id, name, recipients, cadence, day_of_week, day_of_month, time_of_day,
				  time_zone, team, project, content, created_by, created_at, updated_at, next_run_at, label)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(CurrentTenant.require(), id, complete.name(), complete.recipients().toArray(String[]::new),
					complete.cadence().name(), complete.dayOfWeek() == null ? null : complete.dayOfWeek().name(),
					complete.dayOfMonth(), Time.valueOf(complete.timeOfDay()), complete.timeZone(), complete.team(),
					complete.project(), complete.content().stream().map(Enum::name).toArray(String[]::new),
					CurrentTenant.actor(), Timestamp.from(now), Timestamp.from(now),
					Timestamp.from(schedule(complete).next(now)), complete.label())
			.update();
		return get(id);
	}

	/**
	 * Changes the fields the patch names. A change of cadence drops the day that belonged to the old one
	 * (a weekly report's weekday once it is monthly) and needs the new one's day where it has none.
	 */
	@Transactional
	public ReportSubscription change(UUID id, SubscriptionRequest patch) {
		ReportSubscription current = visible(id);
		Cadence cadence = or(patch.cadence(), current.cadence());
		SubscriptionRequest merged = new SubscriptionRequest(or(patch.name(), current.name()),
				or(patch.recipients(), current.recipients()), cadence,
				cadence == Cadence.WEEKLY ? or(patch.dayOfWeek(), current.dayOfWeek()) : patch.dayOfWeek(),
				cadence == Cadence.MONTHLY ? or(patch.dayOfMonth(), current.dayOfMonth()) : patch.dayOfMonth(),
				or(patch.timeOfDay(), current.timeOfDay()), or(patch.timeZone(), current.timeZone()),
				patch.team() == null ? current.team() : blankless(patch.team()),
				patch.project() == null ? current.project() : blankless(patch.project()),
				patch.label() == null ? current.label() : blankless(patch.label()), or(patch.content(), current.content()));
		validate(merged);
		jdbc.sql("""
				update report_subscriptions set name = ?, recipients = ?, cadence = ?, day_of_week = ?, day_of_month = ?,
				  time_of_day = ?, time_zone = ?, team = ?, project = ?, label = ?, content = ?, updated_at = ?, next_run_at = ?
				where tenant_id = ? and id = ?""")
			.params(merged.name(), merged.recipients().toArray(String[]::new), merged.cadence().name(),
					merged.dayOfWeek() == null ? null : merged.dayOfWeek().name(), merged.dayOfMonth(),
					Time.valueOf(merged.timeOfDay()), merged.timeZone(), merged.team(), merged.project(), merged.label(),
					merged.content().stream().map(Enum::name).toArray(String[]::new), Timestamp.from(clock.instant()),
					Timestamp.from(schedule(merged).next(clock.instant())), CurrentTenant.require(), id)
			.update();
		return get(id);
	}

	@Transactional
	public void delete(UUID id) {
		visible(id);
		UUID tenant = CurrentTenant.require();
		jdbc.sql("delete from report_deliveries where tenant_id = ? and subscription_id = ?").params(tenant, id).update();
		jdbc.sql("delete from report_unsubscribes where tenant_id = ? and subscription_id = ?").params(tenant, id).update();
		jdbc.sql("delete from report_subscriptions where tenant_id = ? and id = ?").params(tenant, id).update();
	}

	@Transactional(readOnly = true)
	public List<Delivery> deliveries(UUID id) {
		visible(id);
		return jdbc.sql("select " + columns("", DELIVERY_COLUMNS)
				+ " from report_deliveries where tenant_id = ? and subscription_id = ? order by due_at desc limit 100")
			.params(CurrentTenant.require(), id)
			.query((rs, n) -> delivery(rs, 0))
			.list();
	}

	/**
	 * Removes the link's recipient from the link's report, in the tenant the signed link names.
	 * @return the address unsubscribed
	 * @throws NotFoundException for a link that was not signed by us
	 */
	public String unsubscribe(String token) {
		UnsubscribeTokens.Unsubscribe unsubscribe = tokens.verify(token == null ? "" : token)
			.orElseThrow(() -> new NotFoundException("Unsubscribe link"));
		return CurrentTenant.callAs(unsubscribe.tenantId(), () -> transactions.execute(status -> {
			jdbc.sql("""
					insert into report_unsubscribes (tenant_id, subscription_id, email, at) values (?, ?, ?, ?)
					on conflict do nothing""")
				.params(unsubscribe.tenantId(), unsubscribe.subscriptionId(), unsubscribe.email(), Timestamp.from(clock.instant()))
				.update();
			return unsubscribe.email();
		}));
	}

	/**
	 * The report as it would go out now, for the period that ended today.
	 *
	 * @param html the e-mail's HTML, self-contained: where the e-mail shows its inline chart attachment
	 * ({@code cid:}), the chart is embedded as a {@code data:image/png;base64} URI
	 */
	public record Preview(String subject,
			@Schema(description = "The e-mail's HTML, self-contained: the daily cost chart, an inline attachment (cid:) in the e-mail, is embedded as a data:image/png;base64 URI") String html,
			String text, LocalDate periodFrom, LocalDate periodTo) {
	}

	@Transactional(readOnly = true)
	public Preview preview(UUID id) {
		ReportSubscription subscription = visible(id);
		Schedule schedule = schedule(subscription);
		LocalDate[] period = schedule.period(clock.instant());
		ReportRenderer.Rendered rendered = render(subscription, period[0], period[1],
				CurrentTenant.email().orElse(subscription.recipients().get(0)));
		return new Preview(rendered.subject(), rendered.htmlWithEmbeddedChart(), rendered.text(), period[0], period[1]);
	}

	ReportRenderer.Rendered render(ReportSubscription subscription, LocalDate from, LocalDate to, String recipient) {
		Digest digest = Digest.of(subscription, from, to, costs, recommendations);
		return ReportRenderer.render(digest, properties.baseUrl(),
				properties.baseUrl() + "/unsubscribe?token=" + unsubscribeToken(subscription, recipient));
	}

	/**
	 * The link mail clients post to for RFC 8058's one-click unsubscribe. The e-mail's own link leads
	 * to a page that asks first, since mail scanners open every link they find.
	 */
	String oneClickUnsubscribeUrl(ReportSubscription subscription, String recipient) {
		return properties.baseUrl() + "/api/v1/report-unsubscribe?token=" + unsubscribeToken(subscription, recipient);
	}

	private String unsubscribeToken(ReportSubscription subscription, String recipient) {
		return tokens.sign(new UnsubscribeTokens.Unsubscribe(CurrentTenant.require(), subscription.id(), recipient));
	}

	static Schedule schedule(ReportSubscription subscription) {
		return new Schedule(subscription.cadence(), subscription.dayOfWeek(), subscription.dayOfMonth(),
				subscription.timeOfDay(), ZoneId.of(subscription.timeZone()));
	}

	private static Schedule schedule(SubscriptionRequest request) {
		return new Schedule(request.cadence(), request.dayOfWeek(), request.dayOfMonth(), request.timeOfDay(),
				ZoneId.of(request.timeZone()));
	}

	private ReportSubscription visible(UUID id) {
		Optional<ReportSubscription> found = jdbc.sql("select " + COLUMNS + " from report_subscriptions where tenant_id = ? and id = ?")
			.params(CurrentTenant.require(), id)
			.query(ReportSubscriptions::subscription)
			.optional();
		return found.filter(ReportSubscriptions::isVisible).orElseThrow(() -> new NotFoundException("Report subscription"));
	}

	/** Admins see every subscription of their tenant, others the ones they set up. */
	private static boolean isVisible(ReportSubscription subscription) {
		return CurrentTenant.isAdmin() || subscription.createdBy().equals(CurrentTenant.actor());
	}

	private static void validate(SubscriptionRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			problems.add(FieldProblem.body("/name", "is required, at most 200 characters"));
		}
		if (request.recipients() == null || request.recipients().isEmpty() || request.recipients().size() > 50) {
			problems.add(FieldProblem.body("/recipients", "must list 1 to 50 e-mail addresses"));
		}
		else {
			for (int i = 0; i < request.recipients().size(); i++) {
				String recipient = request.recipients().get(i);
				if (recipient == null || !EMAIL.matcher(recipient).matches() || recipient.length() > 254) {
					problems.add(FieldProblem.body("/recipients/" + i, "must be an e-mail address"));
				}
				else if (!CurrentTenant.isAdmin() && !CurrentTenant.email().map(recipient::equalsIgnoreCase).orElse(false)) {
					problems.add(FieldProblem.body("/recipients/" + i, "must be your own address: only admins subscribe others"));
				}
			}
		}
		if (request.cadence() == null) {
			problems.add(FieldProblem.body("/cadence", "must be one of " + Arrays.toString(Cadence.values())));
		}
		if (request.cadence() == Cadence.WEEKLY && request.dayOfWeek() == null) {
			problems.add(FieldProblem.body("/dayOfWeek", "is required for a weekly report"));
		}
		else if (request.cadence() != null && request.cadence() != Cadence.WEEKLY && request.dayOfWeek() != null) {
			problems.add(FieldProblem.body("/dayOfWeek", "belongs to a weekly report only; leave it out for a "
					+ request.cadence().name().toLowerCase(Locale.ROOT) + " one"));
		}
		if (request.cadence() == Cadence.MONTHLY && request.dayOfMonth() == null) {
			problems.add(FieldProblem.body("/dayOfMonth", "is required for a monthly report (1 to 28)"));
		}
		else if (request.cadence() == Cadence.MONTHLY && (request.dayOfMonth() < 1 || request.dayOfMonth() > 28)) {
			problems.add(FieldProblem.body("/dayOfMonth", "must be 1 to 28 for a monthly report"));
		}
		else if (request.cadence() != null && request.cadence() != Cadence.MONTHLY && request.dayOfMonth() != null) {
			problems.add(FieldProblem.body("/dayOfMonth", "belongs to a monthly report only; leave it out for a "
					+ request.cadence().name().toLowerCase(Locale.ROOT) + " one"));
		}
		if (request.label() != null && !request.label().matches("[^:=]+[:=].+")) {
			problems.add(FieldProblem.body("/label", "must be name:value, such as model:llama-3-8b"));
		}
		if (request.timeOfDay() == null) {
			problems.add(FieldProblem.body("/timeOfDay", "is required (HH:mm in the time zone)"));
		}
		try {
			ZoneId.of(request.timeZone());
		}
		catch (DateTimeException | NullPointerException ex) {
			problems.add(FieldProblem.body("/timeZone", "must be an IANA time zone such as Europe/Berlin"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
	}

	static ReportSubscription subscription(ResultSet rs, int n) throws SQLException {
		String dayOfWeek = rs.getString(5);
		Integer dayOfMonth = rs.getInt(6);
		if (rs.wasNull()) {
			dayOfMonth = null;
		}
		return new ReportSubscription(rs.getObject(1, UUID.class), rs.getString(2), strings(rs.getArray(3)),
				Cadence.valueOf(rs.getString(4)), dayOfWeek == null ? null : DayOfWeek.valueOf(dayOfWeek),
				dayOfMonth, rs.getTime(7).toLocalTime(), rs.getString(8), rs.getString(9),
				rs.getString(10), rs.getString(15), strings(rs.getArray(11)).stream().map(ReportContent::valueOf).toList(),
				rs.getString(12), null, rs.getTimestamp(13).toInstant(), rs.getTimestamp(14).toInstant(), null);
	}

	/** A subscription of {@link #DESCRIBED}, with its newest delivery. */
	private static ReportSubscription withLastDelivery(ResultSet rs, int n) throws SQLException {
		Delivery last = rs.getObject(SUBSCRIPTION_COLUMNS.size() + 1) == null ? null : delivery(rs, SUBSCRIPTION_COLUMNS.size());
		return subscription(rs, n).describedWith(null, last);
	}

	/** A delivery from the {@link #DELIVERY_COLUMNS} that follow the first {@code offset} columns. */
	private static Delivery delivery(ResultSet rs, int offset) throws SQLException {
		String status = rs.getString(offset + 5);
		Timestamp nextAttempt = rs.getTimestamp(offset + 7);
		Timestamp sent = rs.getTimestamp(offset + 9);
		return new Delivery(rs.getObject(offset + 1, UUID.class), rs.getTimestamp(offset + 2).toInstant(),
				rs.getDate(offset + 3).toLocalDate(), rs.getDate(offset + 4).toLocalDate(), status, rs.getInt(offset + 6),
				"SENT".equals(status) || "FAILED".equals(status) ? null : nextAttempt.toInstant(), rs.getString(offset + 8),
				sent == null ? null : sent.toInstant(), strings(rs.getArray(offset + 10)));
	}

	private static String columns(String alias, List<String> names) {
		return names.stream().map(name -> alias + name).collect(Collectors.joining(", "));
	}

	private static List<String> strings(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}

	private static String blankless(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	private static <T> T or(T value, T otherwise) {
		return value != null ? value : otherwise;
	}
}
