package io.costwise.identity;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl where people reach the web UI; links in e-mails point there
 * @param invitationValidity how long an invitation link can be used
 * @param mailFrom the sender of invitation e-mails
 * @param signIn when sign-in attempts are throttled
 * @param bootstrap the owner (and API key) created at start-up for scripted deployments
 */
@ConfigurationProperties("costwise")
record IdentityProperties(@DefaultValue("http://localhost:8080") URI publicUrl,
		@DefaultValue("7d") Duration invitationValidity, @DefaultValue("Costwise <no-reply@costwise.local>") String mailFrom,
		@DefaultValue SignIn signIn, @DefaultValue Bootstrap bootstrap) {

	/**
	 * @param maxFailuresPerEmail failed attempts for one address within {@code window} before it is locked
	 * @param maxFailuresPerClient failed attempts from one client address within {@code window}
	 * @param window the period failures are counted over
	 * @param lockout how long a locked address or client waits
	 */
	record SignIn(@DefaultValue("5") int maxFailuresPerEmail, @DefaultValue("50") int maxFailuresPerClient,
			@DefaultValue("15m") Duration window, @DefaultValue("15m") Duration lockout) {
	}

	/**
	 * From {@code COSTWISE_BOOTSTRAP_EMAIL}, {@code COSTWISE_BOOTSTRAP_PASSWORD} and
	 * {@code COSTWISE_BOOTSTRAP_API_KEY}.
	 */
	record Bootstrap(String email, String password, String apiKey,
			@DefaultValue("Costwise") String organisation) {

		boolean requested() {
			return email != null && !email.isBlank() && password != null && !password.isBlank();
		}
	}
}
