import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { CostGroup } from '../../api/types';
import { formatDay, formatShortDay, type DayRange } from '../../lib/days';
import { formatUsd, formatUsdCompact } from '../../lib/money';
import { buildCostSeries, metricLabel, type CostMetric } from './costSeries';
import { ChartTable } from './ChartTable';

interface CostChartProps {
  groups: readonly CostGroup[];
  metric: CostMetric;
  /** How a group's key reads in the legend (e.g. `null` → "No team"). */
  labelOf: (key: string | null) => string;
  range?: DayRange;
  title: string;
  height?: number;
}

/** Daily costs as stacked bars, one colour per group, with the numbers as a table for screen readers and copying. */
export function CostChart({ groups, metric, labelOf, range, title, height = 300 }: CostChartProps) {
  const captionId = useId();
  const { rows, series } = buildCostSeries(groups, metric, labelOf, { range });
  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-title">
        {title}
      </figcaption>
      <BarChart data={rows} responsive style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} stroke="#e5e8f0" />
        <XAxis dataKey="day" tickFormatter={formatShortDay} tickLine={false} minTickGap={16} />
        <YAxis tickFormatter={formatUsdCompact} tickLine={false} axisLine={false} width={72} />
        <Tooltip
          formatter={(value) => formatUsd(Number(value))}
          labelFormatter={(day) => formatDay(String(day))}
          cursor={{ fill: 'rgb(79 70 229 / 6%)' }}
        />
        <Legend />
        {series.map((s) => (
          <Bar key={s.id} dataKey={s.id} name={s.label} stackId="cost" fill={s.color} isAnimationActive={false} />
        ))}
      </BarChart>
      <ChartTable
        caption={`${title}: ${metricLabel(metric)} per day (USD)`}
        rows={rows}
        columns={[
          { key: 'day', label: 'Day (UTC)', format: (v) => formatDay(String(v)) },
          ...series.map((s) => ({ key: s.id, label: s.label, format: (v: unknown) => formatUsd(Number(v)) })),
        ]}
      />
    </figure>
  );
}
