package io.costwise.reporting;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** When a cadence is due, in the subscriber's time zone (so 08:00 stays 08:00 across DST). */
record Schedule(Cadence cadence, DayOfWeek dayOfWeek, Integer dayOfMonth, LocalTime timeOfDay, ZoneId zone) {

	/** The first due time strictly after {@code after}. */
	Instant next(Instant after) {
		ZonedDateTime local = after.atZone(zone);
		LocalDate day = local.toLocalDate();
		for (int i = 0; i < 40 * 31; i++) {
			LocalDate candidate = day.plusDays(i);
			if (matches(candidate)) {
				ZonedDateTime due = ZonedDateTime.of(candidate, timeOfDay, zone);
				if (due.toInstant().isAfter(after)) {
					return due.toInstant();
				}
			}
		}
		throw new IllegalStateException("no due time within 40 months");
	}

	/** The most recent due time at or before {@code at}, for catching up a run that was missed. */
	Instant previous(Instant at) {
		LocalDate day = at.atZone(zone).toLocalDate();
		for (int i = 0; i < 40 * 31; i++) {
			LocalDate candidate = day.minusDays(i);
			if (matches(candidate)) {
				ZonedDateTime due = ZonedDateTime.of(candidate, timeOfDay, zone);
				if (!due.toInstant().isAfter(at)) {
					return due.toInstant();
				}
			}
		}
		throw new IllegalStateException("no due time within 40 months");
	}

	/** The period a report due at {@code due} covers: whole days before its due day, in its zone. */
	LocalDate[] period(Instant due) {
		LocalDate to = due.atZone(zone).toLocalDate();
		LocalDate from = switch (cadence) {
			case DAILY -> to.minusDays(1);
			case WEEKLY -> to.minusWeeks(1);
			case MONTHLY -> to.minusMonths(1);
		};
		return new LocalDate[] { from, to };
	}

	private boolean matches(LocalDate day) {
		return switch (cadence) {
			case DAILY -> true;
			case WEEKLY -> day.getDayOfWeek() == dayOfWeek;
			case MONTHLY -> day.getDayOfMonth() == dayOfMonth;
		};
	}
}
