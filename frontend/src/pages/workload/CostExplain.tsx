import { useId } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { providerLabel, purchaseOptionLabel, type CostLine, type ResourceLine, type WorkloadCost } from '../../api/types';
import { EmptyState, ErrorAlert, Loading } from '../../components/feedback';
import { StatCard } from '../../components/StatCard';
import { formatDay, formatDayRange, type DayRange } from '../../lib/days';
import { formatNumber, formatPercent, formatUsd } from '../../lib/money';

const RESOURCE_LABELS: Record<string, string> = { CPU: 'CPU', MEMORY: 'Memory', GPU: 'GPU', NETWORK: 'Network egress', STORAGE: 'Storage' };

/** The cost of a workload over a period, and how it adds up: per configuration, each resource's quantity × unit price. */
export function CostExplain({ cost, range }: { cost: UseQueryResult<WorkloadCost>; range: DayRange }) {
  if (cost.isPending) return <Loading label="Loading the cost breakdown…" />;
  if (cost.isError) return <ErrorAlert error={cost.error} title="Could not load the cost breakdown" />;
  const data = cost.data;
  return (
    <>
      <CostTotals cost={data} />
      {data.lines.length === 0 ? (
        <EmptyState title="No cost in this period">No usage of this workload was priced in {formatDayRange(range)}.</EmptyState>
      ) : (
        <>
          <div className="formula-box">
            <p className="formula-title">How it adds up</p>
            <code className="formula-text">{data.formula}</code>
          </div>
          {data.lines.map((line, index) => (
            <LineBreakdown key={`${line.firstDay}-${index}`} line={line} />
          ))}
        </>
      )}
    </>
  );
}

function CostTotals({ cost }: { cost: WorkloadCost }) {
  const t = cost.totals;
  return (
    <div className="stats">
      <StatCard label="Billed cost" value={formatUsd(t.billedCost)}>
        <p>List price {formatUsd(t.listCost)}</p>
      </StatCard>
      <StatCard label="Utilization-adjusted cost" value={formatUsd(t.utilizationAdjustedCost)}>
        <p>
          <code className="formula">Σ C·T / R</code>
        </p>
      </StatCard>
      <StatCard label="Idle cost" value={formatUsd(t.idleCost)} tone={Number(t.idleCost) > 0 ? 'warning' : 'default'}>
        <p>B·(1 − R)</p>
      </StatCard>
      <StatCard label="Utilization R" value={formatPercent(t.utilization)}>
        <p>{t.utilizationKnown ? `Measured for ${formatPercent(t.utilizationCoverage)} of the machine cost` : 'Not measured: R = 1 assumed'}</p>
      </StatCard>
      {t.workUnit && t.costPerMillionUnits !== null && (
        <StatCard label={`Cost per 1M ${t.workUnit}`} value={formatUsd(t.costPerMillionUnits)}>
          <p>
            {formatUsd(t.costPerThousandUnits)} per 1k · {formatNumber(t.workUnits)} {t.workUnit}
          </p>
        </StatCard>
      )}
    </div>
  );
}

function configurationName(line: CostLine): string {
  const parts = [
    line.provider ? providerLabel(line.provider) : null,
    line.region,
    line.instanceType,
    line.purchaseOption ? purchaseOptionLabel(line.purchaseOption) : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'Unknown configuration';
}

function LineBreakdown({ line }: { line: CostLine }) {
  const headingId = useId();
  const instancePriced = line.basis === 'INSTANCE';
  const listDiffers = line.listInstanceHourlyUsd !== null && line.instanceHourlyUsd !== null && Number(line.listInstanceHourlyUsd) !== Number(line.instanceHourlyUsd);
  return (
    <article className="cost-line" aria-labelledby={headingId}>
      <header className="cost-line-header">
        <h3 id={headingId}>
          {configurationName(line)}
          {line.gpuModel && <span className="muted"> · {line.gpuModel}</span>}
        </h3>
        <span className={`badge ${instancePriced ? 'badge-active' : ''}`} title={instancePriced ? undefined : 'Priced per resource from reference unit prices'}>
          {instancePriced ? 'Instance price' : 'Reference prices'}
        </span>
      </header>
      <dl className="meta meta-wide">
        <dt>Days</dt>
        <dd>
          {formatDay(line.firstDay)} – {formatDay(line.lastDay)} ({line.days} {line.days === 1 ? 'day' : 'days'}, UTC)
        </dd>
        <dt>Node-hours</dt>
        <dd>{formatNumber(line.nodeHours)}</dd>
        <dt>Instance price</dt>
        <dd>
          {line.instanceHourlyUsd !== null ? `${formatUsd(line.instanceHourlyUsd)} / hour` : 'Not an instance price: each resource at its reference unit price'}
          {listDiffers && <span className="muted"> (list {formatUsd(line.listInstanceHourlyUsd)} / hour)</span>}
        </dd>
        <dt>Discount</dt>
        <dd>{line.discountPercent !== null ? `${formatNumber(line.discountPercent)}%` : 'None'}</dd>
        {line.overrideIds.length > 0 && (
          <>
            <dt>Your prices</dt>
            <dd>
              {line.overrideIds.length} negotiated {line.overrideIds.length === 1 ? 'price applies' : 'prices apply'} (Settings → Price overrides)
            </dd>
          </>
        )}
      </dl>
      {line.notes.length > 0 && (
        <ul className="notes" aria-label="Notes">
          {line.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <div className="table-scroll">
        <table className="table table-numbers">
          <caption className="visually-hidden">Resources of {configurationName(line)}: quantity × unit price = cost</caption>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col" className="num">
                Quantity T
              </th>
              <th scope="col" className="num">
                × Unit price C
              </th>
              <th scope="col" className="num">
                = Cost C·T
              </th>
              <th scope="col" className="num">
                List cost
              </th>
              <th scope="col" className="num">
                Utilization u
              </th>
            </tr>
          </thead>
          <tbody>
            {line.resources.map((resource) => (
              <ResourceRow key={resource.resource} resource={resource} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Line total</th>
              <td />
              <td />
              <td className="num">{formatUsd(line.totals.billedCost)}</td>
              <td className="num">{formatUsd(line.totals.listCost)}</td>
              <td className="num">R {formatPercent(line.totals.utilization)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </article>
  );
}

function plural(unit: string, quantity: number): string {
  return quantity !== 1 && /(hour|month)$/.test(unit) ? `${unit}s` : unit;
}

function ResourceRow({ resource }: { resource: ResourceLine }) {
  const quantity = Number(resource.quantity);
  const listDiffers = Number(resource.listUnitPrice) !== Number(resource.unitPrice);
  return (
    <tr>
      <th scope="row">{RESOURCE_LABELS[resource.resource] ?? resource.resource}</th>
      <td className="num">
        {formatNumber(quantity)} <span className="unit">{plural(resource.unit, quantity)}</span>
      </td>
      <td className="num">
        {formatUsd(resource.unitPrice)} <span className="unit">/ {resource.unit}</span>
        {listDiffers && <div className="unit">list {formatUsd(resource.listUnitPrice)}</div>}
      </td>
      <td className="num">{formatUsd(resource.cost)}</td>
      <td className="num">{formatUsd(resource.listCost)}</td>
      <td className="num">
        {resource.utilization === null ? (
          <span className="muted" title="Not measured">
            —
          </span>
        ) : (
          formatPercent(resource.utilization)
        )}
      </td>
    </tr>
  );
}
