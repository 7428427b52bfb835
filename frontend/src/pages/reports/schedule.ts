import { REPORT_CONTENTS, type Cadence, type DayOfWeek, type ReportContent } from '../../api/types';

/** `MONDAY` → `Monday`. */
export function weekdayLabel(day: DayOfWeek | string): string {
  return day.charAt(0) + day.slice(1).toLowerCase();
}

/** 1 → `1st`, 2 → `2nd`, 11 → `11th`, 23 → `23rd`. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** The API's local time (`08:00` or `08:00:00`) as `HH:mm`. */
export function timeOfDayText(time: string | null | undefined): string {
  return (time ?? '').slice(0, 5);
}

export interface CadenceFields {
  cadence: Cadence;
  dayOfWeek?: DayOfWeek | null;
  dayOfMonth?: number | null;
  timeOfDay: string;
  timeZone: string;
}

/** `Weekly on Monday at 08:00 Europe/Berlin`, `Monthly on the 1st at 07:30 UTC`, `Daily at 06:00 Asia/Tokyo`. */
export function describeCadence(s: CadenceFields): string {
  const at = `at ${timeOfDayText(s.timeOfDay)} ${s.timeZone}`;
  switch (s.cadence) {
    case 'WEEKLY':
      return s.dayOfWeek ? `Weekly on ${weekdayLabel(s.dayOfWeek)} ${at}` : `Weekly ${at}`;
    case 'MONTHLY':
      return s.dayOfMonth ? `Monthly on the ${ordinal(s.dayOfMonth)} ${at}` : `Monthly ${at}`;
    default:
      return `Daily ${at}`;
  }
}

export interface ScopeFields {
  team?: string | null;
  project?: string | null;
  label?: string | null;
}

/** `All workloads`, or the filters in words: `Team search · Label model:llama-3-8b`. */
export function describeScope(s: ScopeFields): string {
  const parts = [s.team ? `Team ${s.team}` : null, s.project ? `Project ${s.project}` : null, s.label ? `Label ${s.label}` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'All workloads';
}

export function contentLabels(content: readonly ReportContent[]): string {
  const labels = REPORT_CONTENTS.filter((c) => content.includes(c.value)).map((c) => c.label);
  return labels.length > 0 ? labels.join(', ') : 'Nothing';
}

const FALLBACK_TIME_ZONES = [
  'UTC',
  'Africa/Johannesburg',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/New_York',
  'America/Sao_Paulo',
  'America/Toronto',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Europe/Amsterdam',
  'Europe/Berlin',
  'Europe/Dublin',
  'Europe/London',
  'Europe/Madrid',
  'Europe/Paris',
  'Europe/Stockholm',
  'Europe/Zurich',
  'Pacific/Auckland',
];

/** The user's IANA time zone, `UTC` where the browser does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * IANA time zones to choose from: the browser's list where it has one (`Intl.supportedValuesOf`), else a
 * short list of common zones; always with `UTC`, the user's zone and any `extra` (e.g. a saved zone).
 */
export function timeZones(...extra: (string | null | undefined)[]): string[] {
  let zones: string[];
  try {
    const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone');
    zones = supported && supported.length > 0 ? [...supported] : [...FALLBACK_TIME_ZONES];
  } catch {
    zones = [...FALLBACK_TIME_ZONES];
  }
  const all = new Set([...zones, browserTimeZone(), ...extra.filter((z): z is string => Boolean(z))]);
  all.delete('UTC');
  return ['UTC', ...[...all].sort()];
}

/** The address check the API applies. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
