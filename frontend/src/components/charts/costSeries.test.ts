import { describe, expect, it } from 'vitest';
import { figures, group } from '../../test/fixtures';
import { buildCostSeries } from './costSeries';

describe('buildCostSeries', () => {
  it('stacks the largest groups and sums the rest as Other', () => {
    const groups = [1, 5, 3, 4, 2].map((n) => group(`w${n}`, figures(n), [{ start: '2026-11-01', billed: n }]));
    const { series, rows } = buildCostSeries(groups, 'billedCost', (k) => k ?? 'none', { maxSeries: 3 });
    expect(series.map((s) => s.label)).toEqual(['w5', 'w4', 'Other (3)']);
    expect(rows).toEqual([{ day: '2026-11-01', s0: 5, s1: 4, other: 6 }]);
  });

  it('fills the days of the range that have no costs with zeros', () => {
    const groups = [group('a', figures(2), [{ start: '2026-11-02', billed: 2 }])];
    const { rows } = buildCostSeries(groups, 'billedCost', (k) => k ?? '', { range: { from: '2026-11-01', to: '2026-11-04' } });
    expect(rows).toEqual([
      { day: '2026-11-01', s0: 0 },
      { day: '2026-11-02', s0: 2 },
      { day: '2026-11-03', s0: 0 },
    ]);
  });

  it('uses safe data keys, because group keys may contain dots', () => {
    const { series } = buildCostSeries([group('llama-3.1', figures(1))], 'billedCost', (k) => k ?? '');
    expect(series[0]).toMatchObject({ id: 's0', label: 'llama-3.1' });
  });
});
