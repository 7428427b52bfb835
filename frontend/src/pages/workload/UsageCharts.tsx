import { useMemo } from 'react';
import { useWorkloadUsage } from '../../api/queries';
import type { UsagePoint } from '../../api/types';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { EmptyState, ErrorAlert, Loading } from '../../components/feedback';
import { formatShortDay } from '../../lib/days';
import { formatNumber, formatPercent } from '../../lib/money';
import type { UsageWindow } from './ranges';

const hourFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric' });

interface UsageChartsProps {
  workloadKey: string;
  window: UsageWindow;
  /** What throughput counts (from the cost records), e.g. `tokens`. */
  workUnit: string | null | undefined;
  latencySloMs: number | null | undefined;
}

export function UsageCharts({ workloadKey, window, workUnit, latencySloMs }: UsageChartsProps) {
  const { daily, ...range } = window;
  const usage = useWorkloadUsage(workloadKey, range);
  const rows = useMemo(() => (usage.data ? fillBuckets(usage.data.points, usage.data.stepSeconds, range) : []), [usage.data, range.from, range.to]);
  const timeFormat = daily ? (start: string) => formatShortDay(start.slice(0, 10)) : (start: string) => hourFormat.format(new Date(start));

  if (usage.isPending) return <Loading label="Loading usage…" />;
  if (usage.isError) return <ErrorAlert error={usage.error} title="Could not load the usage" />;
  if (!rows.some((row) => row.samples > 0)) {
    return <EmptyState title="No usage in this period">This workload sent no samples in these days.</EmptyState>;
  }

  const unit = workUnit || 'work units';
  const ooms = rows.reduce((sum, row) => sum + (row.oomEvents ?? 0), 0);
  const samples = rows.reduce((sum, row) => sum + row.samples, 0);
  const percent = (v: number) => formatPercent(v);

  return (
    <>
      <p className="muted">
        {formatNumber(samples)} samples, {daily ? 'per UTC day' : window.step === '1h' ? 'per hour' : 'per 6 hours'}; times in your time zone.
      </p>
      <div className="chart-grid">
        <TimeSeriesChart
          title="Utilization (%)"
          rows={rows}
          series={[
            { key: 'gpuUtil', label: 'GPU' },
            { key: 'cpuUtil', label: 'CPU' },
            { key: 'memoryUtil', label: 'Memory' },
          ]}
          format={percent}
          yDomain={[0, 1]}
          timeFormat={timeFormat}
          emptyText="No GPU, CPU or memory utilization was reported."
        />
        <TimeSeriesChart
          title="Memory used, peak (GiB)"
          rows={rows}
          series={[
            { key: 'gpuMemoryUsedGiBMax', label: 'GPU memory' },
            { key: 'memoryUsedGiBMax', label: 'Host memory' },
          ]}
          format={(v) => `${formatNumber(v)} GiB`}
          axisFormat={(v) => formatNumber(v)}
          timeFormat={timeFormat}
          emptyText="No GPU or host memory use was reported."
        />
        <TimeSeriesChart
          title={`Throughput (${unit}/s)`}
          rows={rows}
          series={[{ key: 'throughput', label: 'Throughput' }]}
          format={(v) => `${formatNumber(v)} ${unit}/s`}
          axisFormat={(v) => formatNumber(v)}
          timeFormat={timeFormat}
          emptyText="No throughput was reported (throughput and workUnit)."
        />
        <TimeSeriesChart
          title="Latency p95 (ms)"
          rows={rows}
          series={[
            { key: 'latencyP95MsAvg', label: 'Average' },
            { key: 'latencyP95MsMax', label: 'Worst' },
          ]}
          format={(v) => `${formatNumber(v)} ms`}
          axisFormat={(v) => formatNumber(v)}
          timeFormat={timeFormat}
          reference={latencySloMs ? { value: latencySloMs, label: `SLO ${formatNumber(latencySloMs)} ms` } : undefined}
          emptyText="No latency was reported."
        />
        {ooms === 0 ? (
          <figure className="chart chart-small">
            <figcaption className="chart-title">Out-of-memory events</figcaption>
            <p className="muted chart-empty">No out-of-memory events in this period.</p>
          </figure>
        ) : (
          <TimeSeriesChart
            title="Out-of-memory events"
            rows={rows}
            series={[{ key: 'oomEvents', label: 'OOM events', color: '#c0262d' }]}
            format={(v) => `${formatNumber(v)} OOM${v === 1 ? '' : 's'}`}
            axisFormat={(v) => formatNumber(v)}
            timeFormat={timeFormat}
            kind="bar"
            emptyText="No out-of-memory events in this period."
          />
        )}
      </div>
    </>
  );
}

type Row = ReturnType<typeof toRow>;

/** Buckets are aligned like the server's `date_bin` (from 2000-01-01 UTC). */
const BUCKET_ORIGIN = Date.UTC(2000, 0, 1);
const MAX_ROWS = 5000;

/**
 * One row per step of the period, so that the time axis shows the whole period and gaps stay gaps
 * (the API only returns steps with samples).
 */
export function fillBuckets(points: readonly UsagePoint[], stepSeconds: number, range: { from: string; to: string }): Row[] {
  const stepMs = stepSeconds * 1000;
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (!(stepMs > 0) || Number.isNaN(from) || Number.isNaN(to) || (to - from) / stepMs > MAX_ROWS) return points.map(toRow);
  const byStart = new Map(points.map((p) => [Date.parse(p.start), p]));
  const rows: Row[] = [];
  for (let t = BUCKET_ORIGIN + Math.floor((from - BUCKET_ORIGIN) / stepMs) * stepMs; t < to; t += stepMs) {
    const point = byStart.get(t);
    rows.push(point ? toRow(point) : emptyRow(new Date(t).toISOString()));
  }
  return rows;
}

function emptyRow(start: string): Row {
  return {
    start,
    samples: 0,
    gpuUtil: null,
    cpuUtil: null,
    memoryUtil: null,
    gpuMemoryUsedGiBMax: null,
    memoryUsedGiBMax: null,
    throughput: null,
    latencyP95MsAvg: null,
    latencyP95MsMax: null,
    oomEvents: null as number | null,
  };
}

function toRow(point: UsagePoint) {
  return {
    start: point.start,
    samples: point.samples,
    gpuUtil: point.gpuUtil,
    cpuUtil: point.cpuUtil,
    memoryUtil: point.memoryUtil,
    gpuMemoryUsedGiBMax: point.gpuMemoryUsedGiBMax,
    memoryUsedGiBMax: point.memoryUsedGiBMax,
    throughput: point.throughput,
    latencyP95MsAvg: point.latencyP95MsAvg,
    latencyP95MsMax: point.latencyP95MsMax,
    oomEvents: point.oomEvents as number | null,
  };
}
