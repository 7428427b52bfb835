package io.costwise.identity;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends the invitation link. The token appears only in the e-mail, never in a log line.
 */
@Component
class InvitationMail {

	private static final Logger log = LoggerFactory.getLogger(InvitationMail.class);

	private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ObjectProvider<JavaMailSender> mailSender;

	private final IdentityProperties properties;

	InvitationMail(ObjectProvider<JavaMailSender> mailSender, IdentityProperties properties) {
		this.mailSender = mailSender;
		this.properties = properties;
	}

	void send(Invitation invitation, String organisation, String token) {
		JavaMailSender sender = mailSender.getIfAvailable();
		if (sender == null) {
			throw unavailable("E-mail is not configured on this server (spring.mail.host), so invitations cannot be sent.");
		}
		URI link = UriComponentsBuilder.fromUri(properties.publicUrl())
			.path("/invitations/accept")
			.queryParam("token", token)
			.build()
			.toUri();
		try {
			MimeMessage message = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
			helper.setFrom(properties.mailFrom());
			helper.setTo(invitation.email());
			helper.setSubject("You are invited to " + organisation + " on Costwise");
			helper.setText(text(invitation, organisation, link), html(invitation, organisation, link));
			sender.send(message);
		}
		catch (MailException | MessagingException ex) {
			log.warn("Could not send the invitation {} of tenant {}: {}", invitation.id(), invitation.tenantId(),
					ex.getClass().getSimpleName());
			throw unavailable("The invitation e-mail could not be sent. Nothing was saved; try again later.");
		}
	}

	private static String text(Invitation invitation, String organisation, URI link) {
		return """
				You have been invited to join %s on Costwise as %s.

				Accept the invitation: %s

				The link works until %s. If you did not expect this e-mail, ignore it.
				""".formatted(organisation, invitation.role(), link, EXPIRY.format(invitation.expiresAt()));
	}

	private static String html(Invitation invitation, String organisation, URI link) {
		String href = HtmlUtils.htmlEscape(link.toString());
		return """
				<!doctype html>
				<html><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937">
				<p>You have been invited to join <strong>%s</strong> on Costwise as %s.</p>
				<p><a href="%s" style="display:inline-block;padding:10px 16px;background:#2563eb;color:#ffffff;\
				text-decoration:none;border-radius:6px">Accept the invitation</a></p>
				<p style="color:#6b7280;font-size:13px">The link works until %s. If you did not expect this e-mail, ignore it.</p>
				</body></html>
				""".formatted(HtmlUtils.htmlEscape(organisation), invitation.role(), href,
				EXPIRY.format(invitation.expiresAt()));
	}

	private static ErrorResponseException unavailable(String detail) {
		return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail), null);
	}
}
