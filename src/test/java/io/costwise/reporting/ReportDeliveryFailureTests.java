package io.costwise.reporting;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the delivery log says when a report could not be sent: words a member can act on, the SMTP
 * server's reply where it gave one, never the mail library's exceptions.
 */
class ReportDeliveryFailureTests {

	@Test
	void aServerThatRefusesTheConnection() {
		var failure = new MailSendException("Mail server connection failed",
				new MessagingException("Couldn't connect to host, port: 127.0.0.1, 1; timeout -1", new ConnectException("Connection refused")),
				Map.of());

		assertThat(DeliveryFailure.describe(failure))
			.isEqualTo("The mail server could not be reached (the connection was refused); check the SMTP host and port.");
	}

	@Test
	void anUnknownHost() {
		var failure = new MailSendException("Mail server connection failed",
				new MessagingException("Unknown SMTP host: smtp.example.invalid", new UnknownHostException("smtp.example.invalid")),
				Map.of());

		assertThat(DeliveryFailure.describe(failure)).isEqualTo("The mail server could not be found; check the SMTP host name.");
	}

	@Test
	void aServerThatDoesNotAnswer() {
		var failure = new MailSendException("Mail server connection failed",
				new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out")), Map.of());

		assertThat(DeliveryFailure.describe(failure)).isEqualTo("The mail server did not answer in time.");
	}

	@Test
	void wrongCredentials() {
		var failure = new MailAuthenticationException(new AuthenticationFailedException("535 5.7.8 Authentication credentials invalid"));

		assertThat(DeliveryFailure.describe(failure))
			.isEqualTo("The mail server refused to let Costwise sign in; check the SMTP user name and password.");
	}

	@Test
	void aRejectedRecipientNamesTheAddressAndQuotesTheServer() throws Exception {
		var rejected = new SendFailedException("Invalid Addresses",
				new SendFailedException("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\n"), new Address[0],
				new Address[0], new Address[] { new InternetAddress("nobody@example.com") });
		var failure = new MailSendException(Map.of("message", rejected));

		assertThat(DeliveryFailure.describe(failure)).isEqualTo(
				"The mail server refused the address nobody@example.com: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown");
	}

	@Test
	void aRejectedMessageQuotesTheServersReplyOnOneShortLine() {
		var failure = new MailSendException(Map.of("message",
				new MessagingException("554 5.7.1 Message rejected as spam " + "x".repeat(400) + "\nsecond line")));

		String reason = DeliveryFailure.describe(failure);

		assertThat(reason).startsWith("The mail server refused the report: 554 5.7.1 Message rejected as spam").endsWith("…")
			.doesNotContain("\n").doesNotContain("second line");
		assertThat(reason.length()).isLessThan(300);
	}

	@Test
	void anythingElseIsSaidPlainly() {
		assertThat(DeliveryFailure.describe(new MailSendException("Failed to close server connection after message sending",
				new IllegalStateException("at org.eclipse.angus.mail.smtp.SMTPTransport.close(SMTPTransport.java:1)"))))
			.isEqualTo("The mail server did not accept the report.");
	}
}
