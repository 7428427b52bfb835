import { describe, expect, it } from 'vitest';
import { usagePoint } from '../../test/fixtures';
import { costWindow, defaultRange, parseRange, usageWindow } from './ranges';
import { fillBuckets } from './UsageCharts';

describe('usage and cost windows', () => {
  const now = new Date('2026-11-23T12:30:00Z');

  it('asks for hourly points over the last 7 days up to the next full hour', () => {
    expect(usageWindow('7d', now)).toEqual({ from: '2026-11-16T13:00:00.000Z', to: '2026-11-23T13:00:00.000Z', step: '1h', daily: false });
  });

  it('uses 6-hour steps for 30 days and whole UTC days for 90', () => {
    expect(usageWindow('30d', now).step).toBe('6h');
    expect(usageWindow('90d', now)).toEqual({ from: '2026-08-26T00:00:00Z', to: '2026-11-24T00:00:00Z', step: '1d', daily: true });
  });

  it('opens on the shortest range that still shows the last sample', () => {
    expect(defaultRange('2026-11-23T11:00:00Z', now)).toBe('7d');
    expect(defaultRange('2026-11-10T11:50:00Z', now)).toBe('30d');
    expect(defaultRange('2026-09-01T00:00:00Z', now)).toBe('90d');
    expect(defaultRange('2025-01-01T00:00:00Z', now)).toBe('90d');
    expect(defaultRange(null, now)).toBe('7d');
  });

  it('takes a range from the URL only when it is one of the offered ones', () => {
    expect(parseRange('30d')).toBe('30d');
    expect(parseRange('5y')).toBeUndefined();
  });

  it('costs the same number of UTC days, today included', () => {
    expect(costWindow('7d', now)).toEqual({ from: '2026-11-17', to: '2026-11-24' });
  });
});

describe('fillBuckets', () => {
  it('has a row for every step of the period, empty where no samples arrived', () => {
    const rows = fillBuckets([usagePoint('2026-11-23T01:00:00Z')], 3600, { from: '2026-11-23T00:00:00Z', to: '2026-11-23T03:00:00Z' });
    expect(rows.map((r) => [r.start, r.samples, r.gpuUtil])).toEqual([
      ['2026-11-23T00:00:00.000Z', 0, null],
      ['2026-11-23T01:00:00Z', 60, 0.62],
      ['2026-11-23T02:00:00.000Z', 0, null],
    ]);
  });

  it('aligns 6-hour buckets like the server, from midnight UTC', () => {
    const rows = fillBuckets([], 6 * 3600, { from: '2026-11-22T13:00:00Z', to: '2026-11-23T13:00:00Z' });
    expect(rows.map((r) => r.start)).toEqual([
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T18:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
      '2026-11-23T06:00:00.000Z',
      '2026-11-23T12:00:00.000Z',
    ]);
  });
});
