import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUsd, formatUsdCompact } from '../../lib/money';
import { ChartTable } from './ChartTable';
import { seriesColor } from './palette';

export interface SavingsComparison {
  label: string;
  predicted: number;
  realized: number;
}

/** Predicted against realized monthly savings as paired bars per category, with the numbers as a table. */
export function SavingsComparisonChart({ title, rows, height = 280 }: { title: string; rows: readonly SavingsComparison[]; height?: number }) {
  const captionId = useId();
  const data = rows as SavingsComparison[];
  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-title">
        {title}
      </figcaption>
      <BarChart data={data} responsive style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} stroke="#e5e8f0" />
        <XAxis dataKey="label" tickLine={false} interval={0} />
        <YAxis tickFormatter={(v) => formatUsdCompact(Number(v))} tickLine={false} axisLine={false} width={72} />
        <Tooltip formatter={(v) => formatUsd(Number(v))} cursor={{ fill: 'rgb(79 70 229 / 6%)' }} />
        <Legend />
        <Bar dataKey="predicted" name="Predicted" fill={seriesColor(0)} isAnimationActive={false} />
        <Bar dataKey="realized" name="Realized" fill={seriesColor(1)} isAnimationActive={false} />
      </BarChart>
      <ChartTable
        caption={`${title} (USD per month)`}
        rows={data as unknown as Record<string, unknown>[]}
        columns={[
          { key: 'label', label: 'Type', format: (v) => String(v) },
          { key: 'predicted', label: 'Predicted / month', format: (v) => formatUsd(Number(v)) },
          { key: 'realized', label: 'Realized / month', format: (v) => formatUsd(Number(v)) },
        ]}
      />
    </figure>
  );
}
