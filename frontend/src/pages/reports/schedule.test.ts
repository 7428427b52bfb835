import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentLabels, describeCadence, describeScope, ordinal, timeOfDayText, timeZones } from './schedule';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('schedule in words', () => {
  it('says when a report goes out, in its own time zone', () => {
    expect(describeCadence({ cadence: 'WEEKLY', dayOfWeek: 'MONDAY', dayOfMonth: null, timeOfDay: '08:00:00', timeZone: 'Europe/Berlin' })).toBe(
      'Weekly on Monday at 08:00 Europe/Berlin',
    );
    expect(describeCadence({ cadence: 'DAILY', dayOfWeek: 'FRIDAY', dayOfMonth: null, timeOfDay: '06:30', timeZone: 'UTC' })).toBe('Daily at 06:30 UTC');
    expect(describeCadence({ cadence: 'MONTHLY', dayOfWeek: null, dayOfMonth: 2, timeOfDay: '07:00', timeZone: 'Asia/Tokyo' })).toBe(
      'Monthly on the 2nd at 07:00 Asia/Tokyo',
    );
  });

  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 28].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '28th']);
  });

  it('cuts seconds off a local time', () => {
    expect(timeOfDayText('08:00:00')).toBe('08:00');
    expect(timeOfDayText('23:15')).toBe('23:15');
  });

  it('names the scope and the sections', () => {
    expect(describeScope({ team: null, project: null, label: null })).toBe('All workloads');
    expect(describeScope({ team: 'search', project: null, label: 'model:llama-3-8b' })).toBe('Team search · Label model:llama-3-8b');
    expect(contentLabels(['VERIFIED_SAVINGS', 'COST_SUMMARY'])).toBe('Cost summary, Verified savings');
  });
});

describe('timeZones', () => {
  it('offers every zone the browser knows, UTC first, and keeps a saved zone', () => {
    const zones = timeZones('Etc/GMT+5');
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones).toContain('Etc/GMT+5');
    expect(zones.length).toBeGreaterThan(300);
    expect(new Set(zones).size).toBe(zones.length);
  });

  it('falls back to common zones where Intl cannot list them', () => {
    vi.stubGlobal('Intl', { ...Intl, supportedValuesOf: undefined, DateTimeFormat: Intl.DateTimeFormat });
    const zones = timeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('America/New_York');
    expect(zones.length).toBeLessThan(40);
  });
});
