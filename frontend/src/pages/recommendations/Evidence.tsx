import { useId } from 'react';
import { humanizeField } from '../../api/client';
import type { Recommendation } from '../../api/types';
import { BatchSizeChart, type ThroughputPoint } from '../../components/charts/BatchSizeChart';
import { EmptyState } from '../../components/feedback';
import { formatNumber, formatPercent, formatUsd } from '../../lib/money';

/**
 * The numbers a recommender worked from (a free-form map per type, see the recommenders): measured throughput by batch
 * size as a chart with the fitted curve where there are such points, and every figure in tables with units.
 */
export function Evidence({ recommendation }: { recommendation: Recommendation }) {
  const evidence = (recommendation.evidence ?? {}) as Record<string, unknown>;
  const measured = throughputPoints(evidence.measured);
  const fitted = throughputPoints(evidence.fitted);
  const chart = measured.length + fitted.length > 0 && (fitted.length > 0 || measured.length > 1);
  const rest = Object.entries(evidence).filter(([key]) => !(chart && key === 'fitted'));
  const scalars = rest.filter(([, value]) => !isRecordList(value));
  const lists = rest.filter(([, value]) => isRecordList(value)) as [string, Record<string, unknown>[]][];

  if (rest.length === 0 && !chart) {
    return <EmptyState title="No evidence recorded">This recommendation carries no measured figures.</EmptyState>;
  }

  return (
    <>
      {chart && (
        <BatchSizeChart
          title="Throughput by batch size (work units per second per node)"
          measured={measured}
          fitted={fitted}
          current={recommendation.current?.batchSize}
          proposed={recommendation.proposed?.batchSize}
        />
      )}
      {scalars.length > 0 && <FigureTable entries={scalars} />}
      {lists.map(([key, rows]) => (
        <RecordTable key={key} name={key} rows={rows} />
      ))}
    </>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecordList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every(isRecord);
}

function throughputPoints(value: unknown): ThroughputPoint[] {
  if (!isRecordList(value)) return [];
  return value
    .filter((p) => typeof p.batchSize === 'number')
    .map((p) => ({ batchSize: p.batchSize as number, throughput: typeof p.throughput === 'number' ? p.throughput : null }));
}

// --- labels and units ----------------------------------------------------------------

const LABELS: Record<string, string> = {
  measured: 'Measured operating points',
  fitted: 'Fitted curve',
  fit: 'Fit of the step time t(b) = α + β·b',
  alphaSeconds: 'α',
  betaSecondsPerItem: 'β',
  relativeError: 'relative error',
  gpuMemoryLimitGiB: 'Usable GPU memory (90 %)',
  latencySloP95Ms: 'Latency SLO, p95',
  sweepBatchSizes: 'Batch sizes to try',
  minutesPerBatchSize: 'Time per batch size',
  batchSize: 'Batch size',
  precision: 'Precision',
  throughput: 'Throughput per node',
  gpuMemoryUsedGiB: 'GPU memory used, peak',
  latencyP95Ms: 'Latency p95',
  gpuUtil: 'GPU utilization',
  samples: 'Samples',
  oomEvents: 'Out-of-memory events',
  gpuMemoryUsedGiBMax: 'GPU memory used, peak',
  gpuMemoryGiB: 'GPU memory',
  gradientAccumulationSteps: 'Gradient accumulation steps',
  lostShareOfRuntime: 'Runtime lost to restarts',
  from: 'Current precision',
  to: 'Proposed precision',
  gpuModel: 'GPU model',
  peakTflops: 'Peak TFLOPS',
  computeShare: 'Compute-bound share f',
  peakRatioCapped: 'Peak ratio k (capped by memory traffic)',
  memoryBytesRatio: 'Bytes per value, proposed / current',
  precisionSpeedup: 'Speedup from the precision',
  batchSpeedup: 'Speedup from the batch size',
  gpuMemoryAtProposedGiB: 'GPU memory at the proposed batch size',
  idleShare: 'Idle share of GPU time',
  gpuHours: 'GPU time',
  currentPerGpuHourUsd: 'Current price per GPU-hour',
  proposedPerGpuHourUsd: 'Proposed price per GPU-hour',
  relativeSpeed: 'Relative speed of the proposed GPU',
  costPerWorkUnitRatio: 'Cost per work unit, proposed / current',
  peakGpuMemoryUsedGiB: 'GPU memory used per GPU, peak',
  proposedGpuMemoryGiB: 'Memory of the proposed GPU',
  onDemandHourlyUsd: 'On-demand price',
  spotHourlyUsd: 'Spot price',
  interruptionOverhead: 'Interruption overhead',
  currentHourlyUsd: 'Current price',
  proposedHourlyUsd: 'Proposed price',
  storageGiB: 'Storage',
  egressUsdPerGiB: 'Egress price',
  dataMoveMonthlyUsd: 'Moving the data, per month',
  nodes: 'Nodes',
  node: 'Node',
  packedNodes: 'Nodes after packing',
  targetUtilization: 'Target utilization',
  imbalanceMse: 'Load imbalance (MSE of node utilization)',
  routingWeights: 'Routing weights',
  balancedUtilization: 'Utilization when balanced',
  hottestNodeLatencyP95Ms: 'Latency p95 of the hottest node',
  predictedLatencyP95Ms: 'Predicted latency p95 of the hottest node',
};

/** Figures that are shares of one, shown as percentages. */
const SHARES = new Set([
  'gpuUtil',
  'relativeError',
  'lostShareOfRuntime',
  'computeShare',
  'idleShare',
  'interruptionOverhead',
  'targetUtilization',
  'balancedUtilization',
  'routingWeights',
]);

/** Figures that are ratios or speedups, shown as factors. */
const FACTORS = new Set(['peakRatioCapped', 'memoryBytesRatio', 'precisionSpeedup', 'batchSpeedup', 'relativeSpeed', 'costPerWorkUnitRatio']);

function label(key: string): string {
  return LABELS[key] ?? humanizeField(key);
}

/** A number in words with its unit, the unit read from the field name (`…GiB`, `…Ms`, `…Usd`, shares, factors). */
function formatFigure(key: string, value: number): string {
  if (SHARES.has(key)) return formatPercent(value);
  if (FACTORS.has(key)) return `×${formatNumber(value)}`;
  if (key === 'gpuHours') return `${formatNumber(value)} GPU-hours`;
  if (key === 'minutesPerBatchSize') return `${formatNumber(value)} min`;
  if (key === 'throughput') return `${formatNumber(value)} units/s`;
  if (key === 'peakTflops') return `${formatNumber(value)} TFLOPS`;
  if (/PerGpuHourUsd$/.test(key)) return `${formatUsd(value)} / GPU-hour`;
  if (/HourlyUsd$/.test(key)) return `${formatUsd(value)} / hour`;
  if (/MonthlyUsd$/.test(key)) return `${formatUsd(value)} / month`;
  if (/UsdPerGiB$/.test(key)) return `${formatUsd(value)} / GiB`;
  if (/Usd$/.test(key)) return formatUsd(value);
  if (/GiB(Max)?$/.test(key)) return `${formatNumber(value)} GiB`;
  if (/Ms$/.test(key)) return `${formatNumber(value)} ms`;
  if (key === 'alphaSeconds') return `${formatNumber(value)} s`;
  if (key === 'betaSecondsPerItem') return `${formatNumber(value)} s per item`;
  return formatNumber(value);
}

/** Any evidence value in words; maps keyed by names (dtypes, nodes) take their unit from the parent field. */
export function formatEvidence(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return key === 'measured' ? (value ? 'Measured on this workload' : 'Modelled from the GPU catalog') : value ? 'Yes' : 'No';
  if (typeof value === 'number') return Number.isFinite(value) ? formatFigure(key, value) : '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => formatEvidence(key, v)).join(', ');
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([k, v]) => (k in LABELS ? `${label(k)} ${formatEvidence(k, v)}` : `${k}: ${formatEvidence(key, v)}`))
      .join(' · ');
  }
  return String(value);
}

function FigureTable({ entries }: { entries: [string, unknown][] }) {
  return (
    <div className="table-scroll">
      <table className="table table-compact evidence-table">
        <caption className="visually-hidden">Evidence figures</caption>
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key === 'measured' && typeof value === 'boolean' ? 'Effect' : label(key)}</th>
              <td>{formatEvidence(key, value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RecordTable({ name, rows }: { name: string; rows: Record<string, unknown>[] }) {
  const headingId = useId();
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <div className="evidence-list">
      <h3 id={headingId}>{label(name)}</h3>
      <div className="table-scroll">
        <table className="table table-compact" aria-labelledby={headingId}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {label(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {columns.map((c) => (
                  <td key={c}>{formatEvidence(c, row[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
