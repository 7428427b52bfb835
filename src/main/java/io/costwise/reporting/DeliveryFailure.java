package io.costwise.reporting;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

/**
 * Why a report could not be sent, in words a member can act on: what the delivery log stores and the
 * API shows. Never an exception's class, a stack trace or the mail library's wording; the SMTP
 * server's own reply (such as {@code 550 5.1.1 mailbox unavailable}) is quoted where it gave one.
 */
final class DeliveryFailure {

	/** An SMTP reply: a three-digit code, then text (RFC 5321 §4.2). */
	private static final Pattern SMTP_REPLY = Pattern.compile("(?m)^\\s*([2-5]\\d\\d)[ -](.*)$");

	private static final int MAX_REPLY = 200;

	private DeliveryFailure() {
	}

	static String describe(Exception failure) {
		List<Throwable> causes = causes(failure);
		if (any(causes, MailAuthenticationException.class) || any(causes, AuthenticationFailedException.class)) {
			return "The mail server refused to let Costwise sign in; check the SMTP user name and password.";
		}
		if (any(causes, UnknownHostException.class)) {
			return "The mail server could not be found; check the SMTP host name.";
		}
		if (any(causes, ConnectException.class) || any(causes, NoRouteToHostException.class)) {
			return "The mail server could not be reached (the connection was refused); check the SMTP host and port.";
		}
		if (any(causes, SocketTimeoutException.class)) {
			return "The mail server did not answer in time.";
		}
		Optional<String> reply = causes.stream().map(DeliveryFailure::smtpReply).flatMap(Optional::stream).findFirst();
		String rejected = causes.stream()
			.filter(SendFailedException.class::isInstance)
			.map(SendFailedException.class::cast)
			.map(SendFailedException::getInvalidAddresses)
			.filter(addresses -> addresses != null && addresses.length > 0)
			.flatMap(Arrays::stream)
			.map(Address::toString)
			.distinct()
			.collect(Collectors.joining(", "));
		if (!rejected.isEmpty()) {
			return "The mail server refused the address " + rejected + reply.map(r -> ": " + r).orElse(".");
		}
		return reply.map(r -> "The mail server refused the report: " + r)
			.orElse("The mail server did not accept the report.");
	}

	/** The failure, its causes and, for a batch or a send to several addresses, each message's own failure. */
	private static List<Throwable> causes(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Throwable> causes = new ArrayList<>();
		Deque<Throwable> todo = new ArrayDeque<>(List.of(failure));
		while (!todo.isEmpty()) {
			Throwable next = todo.removeFirst();
			if (!seen.add(next)) {
				continue;
			}
			causes.add(next);
			List<Throwable> more = new ArrayList<>();
			more.add(next.getCause());
			if (next instanceof MessagingException messaging) {
				more.add(messaging.getNextException());
			}
			if (next instanceof MailSendException send) {
				more.addAll(Arrays.asList(send.getMessageExceptions()));
			}
			more.stream().filter(Objects::nonNull).forEach(todo::addLast);
		}
		return causes;
	}

	private static boolean any(List<Throwable> causes, Class<? extends Throwable> type) {
		return causes.stream().anyMatch(type::isInstance);
	}

	/** The server's reply where a failure carries one, on one line and shortened. */
	private static Optional<String> smtpReply(Throwable cause) {
		if (!(cause instanceof MessagingException) || cause.getMessage() == null) {
			return Optional.empty();
		}
		Matcher matcher = SMTP_REPLY.matcher(cause.getMessage());
		if (!matcher.find() || matcher.group(1).startsWith("2")) {
			return Optional.empty();
		}
		String reply = (matcher.group(1) + " " + matcher.group(2)).strip().replaceAll("\\s+", " ");
		return Optional.of(reply.length() > MAX_REPLY ? reply.substring(0, MAX_REPLY) + "…" : reply);
	}
}
