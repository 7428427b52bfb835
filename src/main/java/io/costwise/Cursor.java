package io.costwise;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in a list ordered by time and then id: keyset paging that stays stable while rows are
 * added, encoded so that clients treat it as opaque.
 */
public record Cursor(Instant at, UUID id) {

	/** The position before every row. */
	public static final Cursor START = new Cursor(Instant.EPOCH, new UUID(0, 0));

	public String encode() {
		String plain = at.toString() + "|" + id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws InvalidFieldsException naming the {@code cursor} parameter when it was not made here
	 */
	public static Cursor decode(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return START;
		}
		try {
			String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int bar = plain.indexOf('|');
			return new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
		}
		catch (RuntimeException ex) {
			throw InvalidFieldsException.parameter("cursor", "is not a cursor returned by this list");
		}
	}
}
