package io.costwise.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Locks an e-mail address, or a client address, for a while after repeated failed sign-ins. Counted
 * in PostgreSQL so that every instance behind a load balancer sees the same count; addresses are
 * kept only as hashes.
 */
@Component
class SignInThrottle {

	private final JdbcClient jdbc;

	private final SystemAccess system;

	private final Clock clock;

	private final IdentityProperties.SignIn limits;

	SignInThrottle(JdbcClient jdbc, SystemAccess system, Clock clock, IdentityProperties properties) {
		this.jdbc = jdbc;
		this.system = system;
		this.clock = clock;
		this.limits = properties.signIn();
	}

	/**
	 * @throws SignInThrottledException while the address or the client is locked
	 */
	void check(String email, String clientAddress) {
		Instant now = clock.instant();
		system.call(() -> jdbc.sql("select max(locked_until) from login_throttle where subject in (:email, :client)")
			.param("email", emailSubject(email))
			.param("client", clientSubject(clientAddress))
			.query(Timestamp.class)
			.optional())
			.map(Timestamp::toInstant)
			.filter(now::isBefore)
			.ifPresent(lockedUntil -> {
				throw new SignInThrottledException(Duration.between(now, lockedUntil));
			});
	}

	void failed(String email, String clientAddress) {
		system.run(() -> {
			count(emailSubject(email), limits.maxFailuresPerEmail());
			count(clientSubject(clientAddress), limits.maxFailuresPerClient());
		});
	}

	void succeeded(String email) {
		system.run(() -> jdbc.sql("delete from login_throttle where subject = ?").param(emailSubject(email)).update());
	}

	private void count(String subject, int maxFailures) {
		Instant now = clock.instant();
		Timestamp windowStart = Timestamp.from(now.minus(limits.window()));
		Integer failures = jdbc.sql("""
				insert into login_throttle as t (subject, failures, window_started_at) values (:subject, 1, :now)
				on conflict (subject) do update set
				  failures = case when t.window_started_at < :windowStart then 1 else t.failures + 1 end,
				  window_started_at = case when t.window_started_at < :windowStart then :now else t.window_started_at end
				returning failures""")
			.param("subject", subject)
			.param("now", Timestamp.from(now))
			.param("windowStart", windowStart)
			.query(Integer.class)
			.single();
		if (failures >= maxFailures) {
			jdbc.sql("update login_throttle set locked_until = :until, failures = 0, window_started_at = :now where subject = :subject")
				.param("until", Timestamp.from(now.plus(limits.lockout())))
				.param("now", Timestamp.from(now))
				.param("subject", subject)
				.update();
		}
	}

	private static String emailSubject(String email) {
		return "email:" + Secrets.sha256(User.normalize(email == null ? "" : email));
	}

	private static String clientSubject(String clientAddress) {
		return "client:" + Secrets.sha256(clientAddress == null ? "" : clientAddress);
	}
}
