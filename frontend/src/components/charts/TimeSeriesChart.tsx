import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime } from '../../lib/format';
import { ChartTable } from './ChartTable';
import { seriesColor } from './palette';

export interface TimeSeries {
  key: string;
  label: string;
  color?: string;
}

interface TimeSeriesChartProps {
  title: string;
  /** Rows with an RFC 3339 `start` and a number (or null) per series key. */
  rows: readonly Record<string, unknown>[];
  series: readonly TimeSeries[];
  /** Formats a value with its unit, e.g. `42%` or `1,200 ms`. */
  format: (value: number) => string;
  /** Shorter axis labels; defaults to `format`. */
  axisFormat?: (value: number) => string;
  /** Formats a row's `start` for the axis (in the user's time zone). */
  timeFormat: (start: string) => string;
  kind?: 'line' | 'bar';
  reference?: { value: number; label: string };
  yDomain?: [number, number | 'auto'];
  /** Shown instead of the chart when no row has a value. */
  emptyText: string;
  height?: number;
}

function hasValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A small time-series chart (lines or bars) with its numbers as a table, or a sentence when there is no data. */
export function TimeSeriesChart({
  title,
  rows,
  series,
  format,
  axisFormat = format,
  timeFormat,
  kind = 'line',
  reference,
  yDomain,
  emptyText,
  height = 220,
}: TimeSeriesChartProps) {
  const captionId = useId();
  const withValues = rows.filter((row) => series.some((s) => hasValue(row[s.key])));
  const empty = withValues.length === 0;
  // Few points: show them as dots, since isolated points have no line to draw.
  const dot = withValues.length <= 48 ? { r: 3 } : false;
  const colored = series.map((s, i) => ({ ...s, color: s.color ?? seriesColor(i) }));
  const data = rows as Record<string, unknown>[];

  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="#e5e8f0" />
      <XAxis dataKey="start" tickFormatter={(v) => timeFormat(String(v))} tickLine={false} minTickGap={24} />
      <YAxis tickFormatter={(v) => axisFormat(Number(v))} tickLine={false} axisLine={false} width={64} domain={yDomain ?? [0, 'auto']} />
      <Tooltip formatter={(v) => (hasValue(v) ? format(v) : '—')} labelFormatter={(v) => formatDateTime(String(v))} />
      {colored.length > 1 && <Legend />}
      {reference && <ReferenceLine y={reference.value} stroke="#c0262d" strokeDasharray="4 4" label={{ value: reference.label, position: 'insideTopRight', fontSize: 12 }} />}
    </>
  );

  return (
    <figure className="chart chart-small" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-title">
        {title}
      </figcaption>
      {empty ? (
        <p className="muted chart-empty">{emptyText}</p>
      ) : (
        <>
          {kind === 'bar' ? (
            <BarChart data={data} responsive style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              {axes}
              {colored.map((s) => (
                <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
              ))}
            </BarChart>
          ) : (
            <LineChart data={data} responsive style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              {axes}
              {colored.map((s) => (
                <Line
                  key={s.key}
                  type="monotone"
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={2}
                  dot={dot}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
          <ChartTable
            caption={title}
            rows={withValues as Record<string, unknown>[]}
            columns={[
              { key: 'start', label: 'Time', format: (v) => formatDateTime(String(v)) },
              ...colored.map((s) => ({ key: s.key, label: s.label, format: (v: unknown) => (hasValue(v) ? format(v) : '—') })),
            ]}
          />
        </>
      )}
    </figure>
  );
}
