import { addDays, lastDays, todayUtc, type DayRange } from '../../lib/days';

export type WorkloadRange = '7d' | '30d' | '90d';

const HOUR_MS = 3600_000;

export const WORKLOAD_RANGES: readonly { value: WorkloadRange; label: string; days: number }[] = [
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
  { value: '90d', label: 'Last 90 days', days: 90 },
];

export function parseRange(value: string): WorkloadRange | undefined {
  return WORKLOAD_RANGES.find((r) => r.value === value)?.value;
}

/**
 * The shortest range that still shows the workload's last sample, so that a finished training run opens on
 * its last days rather than on an empty week.
 */
export function defaultRange(lastSampleAt: string | null | undefined, now: Date = new Date()): WorkloadRange {
  const last = lastSampleAt ? Date.parse(lastSampleAt) : NaN;
  if (Number.isNaN(last)) return '7d';
  const ageDays = (now.getTime() - last) / (24 * HOUR_MS);
  return (WORKLOAD_RANGES.find((r) => ageDays < r.days) ?? WORKLOAD_RANGES[WORKLOAD_RANGES.length - 1]).value;
}

export interface UsageWindow {
  from: string;
  to: string;
  step: string;
  /** Daily points are UTC days; hourly ones are instants shown in the user's time zone. */
  daily: boolean;
}

/**
 * The usage query for a range: hourly points up to 7 days, 6-hourly up to 30, daily beyond (from the daily
 * rollups, aligned to UTC midnight).
 */
export function usageWindow(range: WorkloadRange, now: Date = new Date()): UsageWindow {
  const days = WORKLOAD_RANGES.find((r) => r.value === range)!.days;
  if (days > 30) {
    const to = addDays(todayUtc(now), 1);
    return { from: `${addDays(to, -days)}T00:00:00Z`, to: `${to}T00:00:00Z`, step: '1d', daily: true };
  }
  const end = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const start = new Date(end.getTime() - days * 24 * HOUR_MS);
  return { from: start.toISOString(), to: end.toISOString(), step: days > 7 ? '6h' : '1h', daily: false };
}

/** The cost period for a range: the same number of UTC days, today included. */
export function costWindow(range: WorkloadRange, now: Date = new Date()): DayRange {
  return lastDays(WORKLOAD_RANGES.find((r) => r.value === range)!.days, now);
}
