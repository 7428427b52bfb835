import { describe, expect, it } from 'vitest';
import { addDays, formatDay, formatDayRange, isDay, lastDays, monthToDate, previousMonthSameDays } from './days';
import { resolvePeriod } from './periods';

describe('UTC days', () => {
  it('takes this month up to and including today, with an exclusive end', () => {
    expect(monthToDate(new Date('2026-11-23T22:30:00Z'))).toEqual({ from: '2026-11-01', to: '2026-11-24' });
  });

  it('compares with the same number of days of last month', () => {
    expect(previousMonthSameDays({ from: '2026-11-01', to: '2026-11-24' })).toEqual({ from: '2026-10-01', to: '2026-10-24' });
  });

  it('stops the comparison at the end of a shorter last month', () => {
    expect(previousMonthSameDays({ from: '2027-03-01', to: '2027-04-01' })).toEqual({ from: '2027-02-01', to: '2027-03-01' });
  });

  it('counts the last n days including today', () => {
    expect(lastDays(7, new Date('2026-11-23T01:00:00Z'))).toEqual({ from: '2026-11-17', to: '2026-11-24' });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('shows a day as its date, whatever the time zone', () => {
    expect(formatDay('2026-11-01')).toContain('1');
    expect(formatDay('2026-11-01')).toContain('2026');
    expect(formatDay('2026-11-01')).not.toContain('31');
    expect(formatDayRange({ from: '2026-11-01', to: '2026-11-24' })).toMatch(/1.*23/);
  });

  it('rejects impossible dates', () => {
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
  });
});

describe('resolvePeriod', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('resolves presets relative to today', () => {
    expect(resolvePeriod({ period: '30d' }, now).range).toEqual({ from: '2026-10-25', to: '2026-11-24' });
    expect(resolvePeriod({ period: 'lastMonth' }, now).range).toEqual({ from: '2026-10-01', to: '2026-11-01' });
  });

  it('explains why a custom period cannot be used', () => {
    expect(resolvePeriod({ period: 'custom', from: '2026-11-10', to: '2026-11-10' }, now).error).toMatch(/last day/);
    expect(resolvePeriod({ period: 'custom', from: '', to: '2026-11-10' }, now).error).toMatch(/first and a last day/);
  });

  it('falls back to the last 30 days for an unknown period', () => {
    expect(resolvePeriod({ period: 'bogus' }, now).range).toEqual({ from: '2026-10-25', to: '2026-11-24' });
  });
});
