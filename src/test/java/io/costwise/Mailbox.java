package io.costwise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/**
 * What the GreenMail SMTP server received.
 */
public final class Mailbox {

	private static final Pattern TOKEN = Pattern.compile("/invitations/accept\\?token=([A-Za-z0-9_-]+)");

	private Mailbox() {
	}

	public static Message[] to(String address) {
		return Arrays.stream(TestInfrastructure.mail().getReceivedMessages()).filter(message -> {
			try {
				return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toArray(Message[]::new);
	}

	/** The decoded plain-text part of a message. */
	public static String text(Part part) {
		try {
			if (part.isMimeType("text/plain")) {
				return (String) part.getContent();
			}
			if (part.getContent() instanceof Multipart multipart) {
				StringBuilder text = new StringBuilder();
				for (int i = 0; i < multipart.getCount(); i++) {
					text.append(text(multipart.getBodyPart(i)));
				}
				return text.toString();
			}
			return "";
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The content types of every leaf part of a message. */
	public static List<String> contentTypes(Part part) {
		try {
			if (part.getContent() instanceof Multipart multipart) {
				List<String> types = new ArrayList<>();
				for (int i = 0; i < multipart.getCount(); i++) {
					types.addAll(contentTypes(multipart.getBodyPart(i)));
				}
				return types;
			}
			return List.of(part.getContentType());
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The token of the newest invitation sent to the address. */
	public static String invitationToken(String address) {
		Message[] messages = to(address);
		if (messages.length == 0) {
			throw new IllegalStateException("no e-mail to " + address);
		}
		Matcher matcher = TOKEN.matcher(text(messages[messages.length - 1]));
		if (!matcher.find()) {
			throw new IllegalStateException("no invitation link in the e-mail to " + address);
		}
		return matcher.group(1);
	}
}
