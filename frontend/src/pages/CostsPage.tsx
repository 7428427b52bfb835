import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { costExportUrl } from '../api/endpoints';
import { useCosts } from '../api/queries';
import {
  COST_FILTERS,
  GROUP_BY_OPTIONS,
  groupByLabel,
  groupByNoun,
  kindLabel,
  PROVIDERS,
  providerLabel,
  WORKLOAD_KINDS,
  type CostFigures,
  type CostFilter,
  type CostGroup,
  type CostQuery,
  type GroupBy,
  type WorkloadKind,
} from '../api/types';
import { CostChart } from '../components/charts/CostChart';
import { COST_METRICS, metricLabel, type CostMetric } from '../components/charts/costSeries';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback';
import { PeriodPicker } from '../components/PeriodPicker';
import { SortHeader, type SortDirection } from '../components/SortHeader';
import { groupKeyLabel, workloadPath } from '../lib/costLabels';
import { formatDayRange, type DayRange } from '../lib/days';
import { formatPercent, formatUsd } from '../lib/money';
import { resolvePeriod } from '../lib/periods';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { useUrlState } from '../lib/useUrlState';

const DEFAULTS = {
  period: '30d',
  from: '',
  to: '',
  groupBy: 'workload',
  metric: 'billedCost',
  sort: 'billedCost',
  dir: 'desc',
  workload: '',
  team: '',
  project: '',
  kind: '',
  provider: '',
  region: '',
  gpuModel: '',
} as const;

type Filters = Record<CostFilter, string>;

const FILTER_LABELS: Record<CostFilter, string> = {
  workload: 'Workload key',
  team: 'Team',
  project: 'Project',
  kind: 'Kind',
  provider: 'Provider',
  region: 'Region',
  gpuModel: 'GPU model',
};

export function CostsPage() {
  useDocumentTitle('Costs');
  const [state, update] = useUrlState(DEFAULTS);
  const groupBy = (GROUP_BY_OPTIONS.some((o) => o.value === state.groupBy) ? state.groupBy : 'workload') as GroupBy;
  const metric = (COST_METRICS.some((m) => m.value === state.metric) ? state.metric : 'billedCost') as CostMetric;
  const resolved = useMemo(() => resolvePeriod(state), [state]);
  const filters = useMemo(() => Object.fromEntries(COST_FILTERS.map((f) => [f, state[f].trim()])) as Filters, [state]);

  const query: CostQuery | null = resolved.range
    ? { ...resolved.range, groupBy, step: 'day', ...filters, kind: (filters.kind || undefined) as WorkloadKind | undefined }
    : null;
  const costs = useCosts(query);
  const activeFilters = COST_FILTERS.filter((f) => filters[f]);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Costs</h1>
          <p className="muted">
            Billed, utilization-adjusted (Σ C·T / R) and idle cost per {groupByNoun(groupBy)}
            {resolved.range && <>, {formatDayRange(resolved.range)}</>} (UTC days).
          </p>
        </div>
        {resolved.range && <ExportLinks range={resolved.range} filters={filters} />}
      </div>

      <section className="card controls" aria-label="View">
        <div className="controls-row">
          <PeriodPicker
            period={state.period}
            from={state.from}
            to={state.to}
            current={resolved.range}
            error={resolved.error}
            onChange={(change) => update(change)}
          />
          <div className="field">
            <label htmlFor="cost-group-by">Group by</label>
            <select id="cost-group-by" value={groupBy} onChange={(e) => update({ groupBy: e.target.value })}>
              {GROUP_BY_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <FilterForm applied={filters} onApply={(next) => update(next)} />
      </section>

      {!query ? null : costs.isPending ? (
        <Loading label="Loading costs…" />
      ) : costs.isError && !costs.data ? (
        <ErrorAlert error={costs.error} title="Could not load costs" />
      ) : (
        <>
          {costs.isError && <ErrorAlert error={costs.error} title="Could not update the costs; showing the previous result" />}
          {costs.data.groups.length === 0 ? (
            <section className="card">
              <EmptyState title="No costs in this period">
                {activeFilters.length > 0
                  ? 'Nothing matches the filters. Try another period or clear the filters.'
                  : 'No workload reported usage in these days. Send telemetry, or choose another period.'}
              </EmptyState>
            </section>
          ) : (
            <>
              <section className="card" aria-labelledby="cost-chart-heading" aria-busy={costs.isFetching}>
                <div className="card-header">
                  <h2 id="cost-chart-heading">Per day</h2>
                  <div className="field field-inline">
                    <label htmlFor="cost-metric">Show</label>
                    <select id="cost-metric" value={metric} onChange={(e) => update({ metric: e.target.value })}>
                      {COST_METRICS.map((m) => (
                        <option key={m.value} value={m.value}>
                          {m.label}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <CostChart
                  groups={chartGroups(costs.data.groups, groupBy, costs.data.totals)}
                  metric={metric}
                  range={query}
                  labelOf={(key) => (groupBy === 'day' ? 'Total' : groupKeyLabel(groupBy, key))}
                  title={`${metricLabel(metric)} per day by ${groupByNoun(groupBy)}`}
                />
              </section>
              <section className="card" aria-labelledby="cost-table-heading" aria-busy={costs.isFetching}>
                <h2 id="cost-table-heading">By {groupByNoun(groupBy)}</h2>
                <CostTable
                  groups={costs.data.groups}
                  totals={costs.data.totals}
                  groupBy={groupBy}
                  sort={{ column: state.sort, direction: state.dir === 'asc' ? 'asc' : 'desc' }}
                  onSort={(column, direction) => update({ sort: column, dir: direction })}
                />
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}

/** Grouped by day, every group is one day: the chart shows them as one series. */
function chartGroups(groups: CostGroup[], groupBy: GroupBy, totals: CostFigures): CostGroup[] {
  if (groupBy !== 'day') return groups;
  return [{ key: null, totals, points: groups.filter((g) => g.key).map((g) => ({ start: g.key!, figures: g.totals })) }];
}

/** The downloads hold the records of the current view: its period and its filters (not its grouping). */
function ExportLinks({ range, filters }: { range: DayRange; filters: Filters }) {
  const applied = COST_FILTERS.filter((f) => filters[f]);
  const exported = { ...filters, kind: (filters.kind || undefined) as WorkloadKind | undefined };
  return (
    <div className="export-links">
      <a className="btn btn-secondary" href={costExportUrl('focus', range.from, range.to, exported)} download>
        Download FOCUS CSV
      </a>
      <a className="btn btn-secondary" href={costExportUrl('csv', range.from, range.to, exported)} download>
        Download CSV
      </a>
      <p className="hint">
        {applied.length === 0
          ? 'Every workload of the period'
          : `Only what the filters select: ${applied.map((f) => `${FILTER_LABELS[f]} ${filterValueLabel(f, filters[f])}`).join(', ')}`}
        ; one row per workload, day, configuration and resource.
      </p>
    </div>
  );
}

function filterValueLabel(filter: CostFilter, value: string): string {
  if (filter === 'kind') return kindLabel(value);
  if (filter === 'provider') return providerLabel(value);
  return value;
}

function FilterForm({ applied, onApply }: { applied: Filters; onApply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(applied);
  const id = useId();
  // Follow the URL (back/forward, shared links, "Clear").
  useEffect(() => setDraft(applied), [applied]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(Object.fromEntries(COST_FILTERS.map((f) => [f, draft[f].trim()])) as Filters);
  }

  const set = (name: CostFilter) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value }));
  const empty = Object.fromEntries(COST_FILTERS.map((f) => [f, ''])) as Filters;

  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      {COST_FILTERS.map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${id}-${name}`}>{FILTER_LABELS[name]}</label>
          {name === 'kind' ? (
            <select id={`${id}-${name}`} value={draft.kind} onChange={set('kind')}>
              <option value="">Any kind</option>
              {WORKLOAD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          ) : name === 'provider' ? (
            <select id={`${id}-${name}`} value={draft.provider} onChange={set('provider')}>
              <option value="">Any provider</option>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {providerLabel(p)}
                </option>
              ))}
            </select>
          ) : (
            <input id={`${id}-${name}`} type="text" value={draft[name]} onChange={set(name)} autoComplete="off" spellCheck={false} />
          )}
        </div>
      ))}
      <div className="filters-actions">
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => onApply(empty)} disabled={COST_FILTERS.every((f) => !applied[f])}>
          Clear
        </button>
      </div>
    </form>
  );
}

const NUMERIC_COLUMNS: readonly { column: keyof CostFigures; label: string }[] = [
  { column: 'billedCost', label: 'Billed' },
  { column: 'listCost', label: 'List' },
  { column: 'utilizationAdjustedCost', label: 'Utilization-adjusted' },
  { column: 'idleCost', label: 'Idle' },
  { column: 'utilization', label: 'R' },
  { column: 'costPerThousandUnits', label: 'Per 1k units' },
  { column: 'costPerMillionUnits', label: 'Per 1M units' },
];

function sortGroups(groups: CostGroup[], groupBy: GroupBy, column: string, direction: SortDirection): CostGroup[] {
  const factor = direction === 'asc' ? 1 : -1;
  return [...groups].sort((a, b) => {
    if (column === 'key') {
      // Days sort as dates; everything else by its label.
      const x = groupBy === 'day' ? (a.key ?? '') : groupKeyLabel(groupBy, a.key);
      const y = groupBy === 'day' ? (b.key ?? '') : groupKeyLabel(groupBy, b.key);
      return factor * x.localeCompare(y);
    }
    const x = a.totals[column as keyof CostFigures];
    const y = b.totals[column as keyof CostFigures];
    // Unknown values (e.g. no work units) last, whatever the direction.
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    return factor * (Number(x) - Number(y));
  });
}

function CostTable({
  groups,
  totals,
  groupBy,
  sort,
  onSort,
}: {
  groups: CostGroup[];
  totals: CostFigures;
  groupBy: GroupBy;
  sort: { column: string; direction: SortDirection };
  onSort: (column: string, direction: SortDirection) => void;
}) {
  const column = sort.column === 'key' || NUMERIC_COLUMNS.some((c) => c.column === sort.column) ? sort.column : 'billedCost';
  const sorted = sortGroups(groups, groupBy, column, sort.direction);
  const effectiveSort = { column, direction: sort.direction };
  return (
    <div className="table-scroll">
      <table className="table table-numbers">
        <caption className="visually-hidden">
          Costs by {groupByNoun(groupBy)}, sorted by {column === 'key' ? groupByLabel(groupBy) : NUMERIC_COLUMNS.find((c) => c.column === column)?.label}
        </caption>
        <thead>
          <tr>
            <SortHeader label={groupByLabel(groupBy)} column="key" sort={effectiveSort} onSort={onSort} />
            {NUMERIC_COLUMNS.map((c) => (
              <SortHeader key={c.column} label={c.label} column={c.column} sort={effectiveSort} onSort={onSort} numeric />
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((group) => (
            <tr key={group.key ?? '∅'}>
              <th scope="row" className="cell-key">
                {groupBy === 'workload' && group.key ? (
                  <Link to={workloadPath(group.key)}>{group.key}</Link>
                ) : (
                  <span className={group.key ? undefined : 'muted'}>{groupKeyLabel(groupBy, group.key)}</span>
                )}
              </th>
              <FigureCells figures={group.totals} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <FigureCells figures={totals} />
          </tr>
        </tfoot>
      </table>
      {[...groups.map((g) => g.totals), totals].some((f) => !f.utilizationKnown) && (
        <p className="hint">* No utilization measured: R = 1 assumed, so the utilization-adjusted cost equals the billed cost.</p>
      )}
    </div>
  );
}

function FigureCells({ figures }: { figures: CostFigures }) {
  return (
    <>
      <td className="num">{formatUsd(figures.billedCost)}</td>
      <td className="num">{formatUsd(figures.listCost)}</td>
      <td className="num">{formatUsd(figures.utilizationAdjustedCost)}</td>
      <td className="num">{formatUsd(figures.idleCost)}</td>
      <td className="num" title={figures.utilizationKnown ? undefined : 'No utilization measured: R = 1 assumed'}>
        {formatPercent(figures.utilization)}
        {!figures.utilizationKnown && <span className="muted"> *</span>}
      </td>
      <UnitCostCell value={figures.costPerThousandUnits} per="1k" unit={figures.workUnit} />
      <UnitCostCell value={figures.costPerMillionUnits} per="1M" unit={figures.workUnit} />
    </>
  );
}

function UnitCostCell({ value, per, unit }: { value: number | null; per: string; unit: string | null }) {
  if (value === null || value === undefined || !unit) {
    return (
      <td className="num muted" title="No work units reported (throughput and workUnit)">
        —
      </td>
    );
  }
  return (
    <td className="num">
      {formatUsd(value)}
      <span className="unit unit-block">
        <span className="visually-hidden"> </span>per {per} {unit}
      </span>
    </td>
  );
}
