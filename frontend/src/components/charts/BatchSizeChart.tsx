import { useId } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../lib/money';
import { ChartTable } from './ChartTable';
import { seriesColor } from './palette';

export interface ThroughputPoint {
  batchSize: number;
  throughput: number | null;
}

interface BatchSizeChartProps {
  title: string;
  /** Measured operating points: the average throughput at each batch size the workload ran with. */
  measured: readonly ThroughputPoint[];
  /** The fitted model's throughput over a range of batch sizes (may be empty). */
  fitted: readonly ThroughputPoint[];
  current?: number | null;
  proposed?: number | null;
  height?: number;
}

function hasValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const perSecond = (v: unknown) => (hasValue(v) ? `${formatNumber(v)} /s` : '—');

/**
 * Throughput against batch size: the measured points as a scatter and the fitted curve as a line, with the current and
 * proposed batch sizes marked; its numbers as a table (measured and fitted side by side per batch size).
 */
export function BatchSizeChart({ title, measured, fitted, current, proposed, height = 280 }: BatchSizeChartProps) {
  const captionId = useId();
  const points = measured.filter((p) => hasValue(p.throughput));
  const curve = fitted.filter((p) => hasValue(p.throughput));
  const sizes = [...new Set([...points, ...curve].map((p) => p.batchSize))].sort((a, b) => a - b);
  const rows = sizes.map((batchSize) => ({
    batchSize,
    measured: points.find((p) => p.batchSize === batchSize)?.throughput ?? null,
    fitted: curve.find((p) => p.batchSize === batchSize)?.throughput ?? null,
  }));

  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-title">
        {title}
      </figcaption>
      {rows.length === 0 ? (
        <p className="muted chart-empty">No throughput was measured, so there is nothing to plot.</p>
      ) : (
        <>
          <ComposedChart responsive style={{ width: '100%', height }} margin={{ top: 16, right: 16, bottom: 16, left: 8 }}>
            <CartesianGrid stroke="#e5e8f0" />
            <XAxis
              type="number"
              dataKey="batchSize"
              domain={[0, 'dataMax']}
              tickLine={false}
              label={{ value: 'Batch size', position: 'insideBottom', offset: -8 }}
            />
            <YAxis type="number" dataKey="throughput" tickFormatter={(v) => formatNumber(Number(v))} tickLine={false} axisLine={false} width={72} />
            <Tooltip formatter={(v) => perSecond(v)} labelFormatter={(v) => `Batch size ${v}`} />
            <Legend verticalAlign="top" />
            {curve.length > 0 && (
              <Line
                data={curve as ThroughputPoint[]}
                dataKey="throughput"
                name="Fitted model"
                type="monotone"
                stroke={seriesColor(0)}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            )}
            <Scatter data={points as ThroughputPoint[]} dataKey="throughput" name="Measured" fill={seriesColor(2)} isAnimationActive={false} />
            {hasValue(current) && (
              <ReferenceLine x={current} stroke="#5b6478" strokeDasharray="4 4" label={{ value: `Current ${current}`, position: 'insideTopLeft', fontSize: 12 }} />
            )}
            {hasValue(proposed) && proposed !== current && (
              <ReferenceLine x={proposed} stroke="#177245" strokeDasharray="4 4" label={{ value: `Proposed ${proposed}`, position: 'insideTopRight', fontSize: 12 }} />
            )}
          </ComposedChart>
          <ChartTable
            caption={`${title}: measured and fitted throughput per batch size`}
            rows={rows}
            columns={[
              { key: 'batchSize', label: 'Batch size', format: (v) => String(v) },
              { key: 'measured', label: 'Measured throughput', format: perSecond },
              { key: 'fitted', label: 'Fitted throughput', format: perSecond },
            ]}
          />
        </>
      )}
    </figure>
  );
}
