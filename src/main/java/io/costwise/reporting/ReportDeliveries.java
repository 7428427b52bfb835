package io.costwise.reporting;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.costwise.identity.CurrentTenant;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due reports. A due subscription becomes one delivery row per due time (its unique key makes
 * each report go out once, whatever the number of instances); a run missed while no instance was up
 * is caught up once. Deliveries are claimed with {@code SKIP LOCKED}, sent per recipient, and retried
 * with backoff when SMTP fails; recipients already served are not sent it again.
 */
@Component
class ReportDeliveries {

	private static final Logger log = LoggerFactory.getLogger(ReportDeliveries.class);

	private final ReportSubscriptions subscriptions;

	private final JavaMailSender mail;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ReportingProperties properties;

	private final Clock clock;

	ReportDeliveries(ReportSubscriptions subscriptions, JavaMailSender mail, JdbcClient jdbc,
			PlatformTransactionManager transactionManager, ReportingProperties properties, Clock clock) {
		this.subscriptions = subscriptions;
		this.mail = mail;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${costwise.reporting.poll-delay:60s}", initialDelayString = "${costwise.reporting.poll-delay:60s}")
	void deliverDue() {
		Instant now = clock.instant();
		List<UUID> tenants = transactions.execute(status -> jdbc.sql("select tenants_with_due_reports(?)")
			.param(Timestamp.from(now))
			.query(UUID.class)
			.list());
		for (UUID tenant : tenants) {
			CurrentTenant.callAs(tenant, () -> {
				transactions.executeWithoutResult(status -> scheduleDue(tenant, now));
				while (Boolean.TRUE.equals(transactions.execute(status -> sendOne(tenant, now)))) {
					// until no due delivery is left that another instance has not claimed
				}
				return null;
			});
		}
	}

	private void scheduleDue(UUID tenant, Instant now) {
		List<ReportSubscription> due = jdbc.sql("select " + ReportSubscriptions.COLUMNS
				+ " from report_subscriptions where tenant_id = ? and next_run_at <= ? for update skip locked")
			.params(tenant, Timestamp.from(now))
			.query(ReportSubscriptions::subscription)
			.list();
		for (ReportSubscription subscription : due) {
			Schedule schedule = ReportSubscriptions.schedule(subscription);
			Instant dueAt = schedule.previous(now);
			LocalDate[] period = schedule.period(dueAt);
			jdbc.sql("""
					insert into report_deliveries (tenant_id, id, subscription_id, due_at, period_from, period_to, status,
					  next_attempt_at)
					values (?, ?, ?, ?, ?, ?, 'PENDING', ?) on conflict (tenant_id, subscription_id, due_at) do nothing""")
				.params(tenant, UUID.randomUUID(), subscription.id(), Timestamp.from(dueAt), Date.valueOf(period[0]),
						Date.valueOf(period[1]), Timestamp.from(now))
				.update();
			jdbc.sql("update report_subscriptions set next_run_at = ? where tenant_id = ? and id = ?")
				.params(Timestamp.from(schedule.next(now)), tenant, subscription.id())
				.update();
		}
	}

	/** Sends one claimed delivery; {@code false} when none is due. */
	private boolean sendOne(UUID tenant, Instant now) {
		record Due(UUID id, UUID subscriptionId, LocalDate from, LocalDate to, int attempts, List<String> served) {
		}
		List<Due> claimed = jdbc.sql("""
				select id, subscription_id, period_from, period_to, attempts, recipients from report_deliveries
				where tenant_id = ? and status in ('PENDING', 'RETRYING') and next_attempt_at <= ?
				order by next_attempt_at limit 1 for update skip locked""")
			.params(tenant, Timestamp.from(now))
			.query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getDate(3).toLocalDate(),
					rs.getDate(4).toLocalDate(), rs.getInt(5), List.of((String[]) rs.getArray(6).getArray())))
			.list();
		if (claimed.isEmpty()) {
			return false;
		}
		Due due = claimed.get(0);
		List<ReportSubscription> found = jdbc.sql("select " + ReportSubscriptions.COLUMNS
				+ " from report_subscriptions where tenant_id = ? and id = ?")
			.params(tenant, due.subscriptionId())
			.query(ReportSubscriptions::subscription)
			.list();
		if (found.isEmpty()) {
			finish(tenant, due.id(), "FAILED", due.attempts(), "The subscription was deleted", due.served(), now);
			return true;
		}
		ReportSubscription subscription = found.get(0);
		List<String> unsubscribed = jdbc.sql("select email from report_unsubscribes where tenant_id = ? and subscription_id = ?")
			.params(tenant, subscription.id())
			.query(String.class)
			.list();
		List<String> served = new ArrayList<>(due.served());
		try {
			for (String recipient : subscription.recipients()) {
				if (served.contains(recipient) || unsubscribed.stream().anyMatch(recipient::equalsIgnoreCase)) {
					continue;
				}
				send(subscription, due.from(), due.to(), recipient);
				served.add(recipient);
			}
			finish(tenant, due.id(), "SENT", due.attempts() + 1, null, served, now);
		}
		catch (MailException | MessagingException ex) {
			int attempts = due.attempts() + 1;
			boolean giveUp = attempts >= properties.maxAttempts();
			// The log keeps the mail library's words for operators; the delivery log gets them in plain words.
			String reason = DeliveryFailure.describe(ex);
			log.warn("Report {} of subscription {} could not be sent (attempt {}): {} ({}: {})", due.id(), subscription.id(),
					attempts, reason, ex.getClass().getSimpleName(), firstLine(ex.getMessage()));
			jdbc.sql("""
					update report_deliveries set status = ?, attempts = ?, last_error = ?, recipients = ?, next_attempt_at = ?
					where tenant_id = ? and id = ?""")
				.params(giveUp ? "FAILED" : "RETRYING", attempts, reason, served.toArray(String[]::new),
						Timestamp.from(now.plus(backoff(attempts))), tenant, due.id())
				.update();
		}
		return true;
	}

	private void send(ReportSubscription subscription, LocalDate from, LocalDate to, String recipient)
			throws MessagingException {
		ReportRenderer.Rendered rendered = subscriptions.render(subscription, from, to, recipient);
		String unsubscribe = subscriptions.oneClickUnsubscribeUrl(subscription, recipient);
		MimeMessage message = mail.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, "UTF-8");
		helper.setFrom(properties.from());
		helper.setTo(recipient);
		helper.setSubject(rendered.subject());
		helper.setText(rendered.text(), rendered.html());
		if (rendered.chartPng() != null) {
			helper.addInline(ReportRenderer.CHART_ID, new ByteArrayResource(rendered.chartPng()), "image/png");
		}
		// RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the link.
		message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
		message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		mail.send(message);
	}

	private void finish(UUID tenant, UUID id, String status, int attempts, String error, List<String> served, Instant now) {
		jdbc.sql("""
				update report_deliveries set status = ?, attempts = ?, last_error = ?, recipients = ?, sent_at = ?
				where tenant_id = ? and id = ?""")
			.params(status, attempts, error, served.toArray(String[]::new), "SENT".equals(status) ? Timestamp.from(now) : null,
					tenant, id)
			.update();
	}

	private Duration backoff(int attempts) {
		return properties.retryBackoff().multipliedBy((long) Math.pow(4, attempts - 1));
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		String line = message.lines().findFirst().orElse("");
		return line.length() > 300 ? line.substring(0, 300) : line;
	}
}
