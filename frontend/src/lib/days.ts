/**
 * Calendar days as the API has them: UTC dates `YYYY-MM-DD`, periods with an exclusive end.
 * A day is a date, not an instant: it is shown as that date in every time zone, never shifted.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string | null | undefined): value is string {
  if (!value || !DAY_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Today's UTC date. */
export function todayUtc(now: Date = new Date()): string {
  return toDay(now);
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (exclusive). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

export function startOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function startOfPreviousMonth(day: string): string {
  const date = toDate(startOfMonth(day));
  date.setUTCMonth(date.getUTCMonth() - 1);
  return toDay(date);
}

export interface DayRange {
  from: string;
  /** Exclusive. */
  to: string;
}

/** This month so far, today included. */
export function monthToDate(now: Date = new Date()): DayRange {
  const today = todayUtc(now);
  return { from: startOfMonth(today), to: addDays(today, 1) };
}

/** The same number of days at the start of the previous month (no further than its end). */
export function previousMonthSameDays(range: DayRange): DayRange {
  const from = startOfPreviousMonth(range.from);
  const end = addDays(from, daysBetween(range.from, range.to));
  const monthEnd = startOfMonth(range.from);
  return { from, to: end < monthEnd ? end : monthEnd };
}

/** The last `days` days, today included. */
export function lastDays(days: number, now: Date = new Date()): DayRange {
  const to = addDays(todayUtc(now), 1);
  return { from: addDays(to, -days), to };
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const shortDayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** `2026-11-01` → `Nov 1, 2026` in the user's locale, the same date in every time zone. */
export function formatDay(day: string | null | undefined, fallback = '—'): string {
  return isDay(day) ? dayFormat.format(toDate(day)) : fallback;
}

/** `2026-11-01` → `Nov 1`, for chart axes. */
export function formatShortDay(day: string): string {
  return isDay(day) ? shortDayFormat.format(toDate(day)) : day;
}

/** A period with an exclusive end as the days it covers, e.g. `Nov 1 – 23, 2026`. */
export function formatDayRange(range: DayRange): string {
  if (!isDay(range.from) || !isDay(range.to)) return '';
  const last = addDays(range.to, -1);
  if (last <= range.from) return formatDay(range.from);
  return dayFormat.formatRange(toDate(range.from), toDate(last));
}
