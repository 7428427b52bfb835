import { addDays, daysBetween, isDay, lastDays, monthToDate, startOfMonth, startOfPreviousMonth, todayUtc, type DayRange } from './days';

export type Period = '7d' | '30d' | '90d' | 'mtd' | 'lastMonth' | 'custom';

export const PERIODS: readonly { value: Period; label: string }[] = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'mtd', label: 'This month' },
  { value: 'lastMonth', label: 'Last month' },
  { value: 'custom', label: 'Custom dates' },
];

/** The longest period a cost query may span here (the export allows 800 days). */
export const MAX_PERIOD_DAYS = 800;

export function isPeriod(value: string): value is Period {
  return PERIODS.some((p) => p.value === value);
}

/**
 * The UTC days a period covers (`to` exclusive), or why it cannot be used. `from` and `to` only count
 * for custom periods.
 */
export function resolvePeriod(
  state: { period: string; from?: string; to?: string },
  now: Date = new Date(),
): { range: DayRange; error?: undefined } | { range: null; error: string } {
  const period = isPeriod(state.period) ? state.period : '30d';
  switch (period) {
    case '7d':
      return { range: lastDays(7, now) };
    case '30d':
      return { range: lastDays(30, now) };
    case '90d':
      return { range: lastDays(90, now) };
    case 'mtd':
      return { range: monthToDate(now) };
    case 'lastMonth': {
      const thisMonth = startOfMonth(todayUtc(now));
      return { range: { from: startOfPreviousMonth(thisMonth), to: thisMonth } };
    }
    case 'custom': {
      const { from, to } = state;
      if (!isDay(from) || !isDay(to)) return { range: null, error: 'Choose a first and a last day.' };
      if (to <= from) return { range: null, error: 'The last day must not be before the first day.' };
      if (daysBetween(from, to) > MAX_PERIOD_DAYS) return { range: null, error: `Choose at most ${MAX_PERIOD_DAYS} days.` };
      return { range: { from, to } };
    }
  }
}

/** The inclusive last day of a range, for date inputs. */
export function lastDayOf(range: DayRange): string {
  return addDays(range.to, -1);
}
