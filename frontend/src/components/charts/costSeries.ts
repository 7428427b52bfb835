import type { CostFigures, CostGroup } from '../../api/types';
import { addDays, type DayRange } from '../../lib/days';
import { OTHER_COLOR, seriesColor } from './palette';

export type CostMetric = 'billedCost' | 'utilizationAdjustedCost' | 'idleCost';

export const COST_METRICS: readonly { value: CostMetric; label: string }[] = [
  { value: 'billedCost', label: 'Billed cost' },
  { value: 'utilizationAdjustedCost', label: 'Utilization-adjusted cost' },
  { value: 'idleCost', label: 'Idle cost' },
];

export function metricLabel(metric: CostMetric): string {
  return COST_METRICS.find((m) => m.value === metric)?.label ?? metric;
}

export function metricValue(figures: CostFigures | undefined, metric: CostMetric): number {
  const value = Number(figures?.[metric] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

export interface ChartSeries {
  /** Safe data key (group keys may hold dots, which Recharts would read as paths). */
  id: string;
  label: string;
  color: string;
}

export interface CostSeriesData {
  /** One row per day: `{ day, s0: 1.23, s1: 0, … }`. */
  rows: Record<string, string | number>[];
  series: ChartSeries[];
}

/**
 * Daily rows stacked by group: the `maxSeries` largest groups by the metric, the rest summed as "Other".
 * Days of the range without costs get zeros, so the axis shows the whole period.
 */
export function buildCostSeries(
  groups: readonly CostGroup[],
  metric: CostMetric,
  labelOf: (key: string | null) => string,
  options: { range?: DayRange; maxSeries?: number } = {},
): CostSeriesData {
  const maxSeries = options.maxSeries ?? 8;
  const ranked = [...groups].sort((a, b) => metricValue(b.totals, metric) - metricValue(a.totals, metric));
  const shown = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const rest = ranked.slice(shown.length);

  const series: ChartSeries[] = shown.map((group, index) => ({ id: `s${index}`, label: labelOf(group.key), color: seriesColor(index) }));
  if (rest.length > 0) series.push({ id: 'other', label: `Other (${rest.length})`, color: OTHER_COLOR });

  const days = new Set<string>();
  if (options.range) {
    for (let day = options.range.from; day < options.range.to; day = addDays(day, 1)) days.add(day);
  }
  for (const group of groups) for (const point of group.points ?? []) days.add(point.start);

  const rows = new Map<string, Record<string, string | number>>();
  for (const day of [...days].sort()) {
    const row: Record<string, string | number> = { day };
    for (const s of series) row[s.id] = 0;
    rows.set(day, row);
  }
  const add = (id: string, group: CostGroup) => {
    for (const point of group.points ?? []) {
      const row = rows.get(point.start);
      if (row) row[id] = round((row[id] as number) + metricValue(point.figures, metric));
    }
  };
  shown.forEach((group, index) => add(`s${index}`, group));
  rest.forEach((group) => add('other', group));
  return { rows: [...rows.values()], series };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
