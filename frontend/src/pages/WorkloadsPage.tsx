import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useCosts, useOpenSavings, useWorkloads } from '../api/queries';
import { kindLabel, WORKLOAD_KINDS, type CostFigures, type WorkloadFilters, type WorkloadKind } from '../api/types';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback';
import { Labels } from '../components/Labels';
import { Time } from '../components/Time';
import { workloadPath } from '../lib/costLabels';
import { formatDayRange, lastDays } from '../lib/days';
import { formatPercent, formatUsd } from '../lib/money';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { useUrlState } from '../lib/useUrlState';

const DEFAULTS = { q: '', kind: '', label: '' } as const;

export function WorkloadsPage() {
  useDocumentTitle('Workloads');
  const [state, update] = useUrlState(DEFAULTS);
  const filters: WorkloadFilters = useMemo(
    () => ({
      q: state.q.trim() || undefined,
      kind: (WORKLOAD_KINDS as readonly string[]).includes(state.kind) ? (state.kind as WorkloadKind) : undefined,
      label: state.label.trim() || undefined,
    }),
    [state],
  );
  const workloads = useWorkloads(filters);
  const period = useMemo(() => lastDays(30), []);
  const costs = useCosts({ ...period, groupBy: 'workload' });
  const costByKey = useMemo(() => new Map((costs.data?.groups ?? []).map((g) => [g.key, g.totals])), [costs.data]);
  const savings = useOpenSavings();
  const savingsByKey = useMemo(() => new Map((savings.data?.workloads ?? []).map((w) => [w.workload, w.monthlySavings])), [savings.data]);
  const filtered = Boolean(filters.q || filters.kind || filters.label);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Workloads</h1>
          <p className="muted">Training runs, inference services and batch jobs, created when their first telemetry arrives.</p>
        </div>
        <Link className="btn btn-secondary" to="/connect">
          Connect a workload
        </Link>
      </div>

      <section className="card controls" aria-label="Search">
        <SearchForm applied={state} onApply={update} />
      </section>

      <section className="card" aria-labelledby="workloads-heading">
        <h2 id="workloads-heading">{filtered ? 'Matching workloads' : 'All workloads'}</h2>
        {costs.isError && <ErrorAlert error={costs.error} title="Could not load the costs of the last 30 days" />}
        {workloads.isPending ? (
          <Loading label="Loading workloads…" />
        ) : workloads.isError ? (
          <ErrorAlert error={workloads.error} title="Could not load workloads" />
        ) : workloads.items.length === 0 ? (
          filtered ? (
            <EmptyState title="No workload matches">Try another part of the key, kind or label.</EmptyState>
          ) : (
            <EmptyState title="No workloads yet">
              A workload appears as soon as it sends its first sample. <Link to="/connect">See how to connect one.</Link>
            </EmptyState>
          )
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Workload</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Labels</th>
                  <th scope="col">Last sample</th>
                  <th scope="col" className="num">
                    Cost, last 30 days
                    <span className="visually-hidden"> ({formatDayRange(period)})</span>
                  </th>
                  <th scope="col" className="num">
                    Utilization
                  </th>
                  <th scope="col" className="num">
                    Open savings / month
                  </th>
                </tr>
              </thead>
              <tbody>
                {workloads.items.map((workload) => (
                  <tr key={workload.key}>
                    <td className="cell-key">
                      <Link to={workloadPath(workload.key)}>{workload.key}</Link>
                    </td>
                    <td>{workload.kind ? kindLabel(workload.kind) : <span className="muted">Not set</span>}</td>
                    <td>
                      <Labels labels={workload.labels} />
                    </td>
                    <td>
                      <Time value={workload.lastSampleAt} fallback="Never" />
                    </td>
                    <CostCells loading={costs.isPending} failed={costs.isError} figures={costByKey.get(workload.key)} />
                    <SavingsCell loading={savings.isPending} failed={savings.isError} monthlySavings={savingsByKey.get(workload.key)} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {workloads.hasNextPage && (
          <button type="button" className="btn btn-ghost" onClick={() => workloads.fetchNextPage()} disabled={workloads.isFetchingNextPage}>
            {workloads.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </>
  );
}

function CostCells({ loading, failed, figures }: { loading: boolean; failed: boolean; figures: CostFigures | undefined }) {
  if (loading) {
    return (
      <td className="num muted" colSpan={2}>
        Loading…
      </td>
    );
  }
  if (failed) {
    return (
      <td className="num muted" colSpan={2}>
        Unavailable
      </td>
    );
  }
  return (
    <>
      <td className="num">{formatUsd(figures?.billedCost ?? 0)}</td>
      <td className="num">{figures ? formatPercent(figures.utilization) : '—'}</td>
    </>
  );
}

function SavingsCell({ loading, failed, monthlySavings }: { loading: boolean; failed: boolean; monthlySavings: number | undefined }) {
  if (loading || failed) return <td className="num muted">{loading ? 'Loading…' : 'Unavailable'}</td>;
  if (!monthlySavings) return <td className="num muted">—</td>;
  return <td className="num">{formatUsd(monthlySavings)}</td>;
}

function SearchForm({ applied, onApply }: { applied: Record<keyof typeof DEFAULTS, string>; onApply: (next: Partial<Record<keyof typeof DEFAULTS, string>>) => void }) {
  const [q, setQ] = useState(applied.q);
  const [label, setLabel] = useState(applied.label);
  useEffect(() => {
    setQ(applied.q);
    setLabel(applied.label);
  }, [applied.q, applied.label]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ q: q.trim(), label: label.trim() });
  }

  return (
    <form className="filters filters-search" role="search" onSubmit={submit}>
      <div className="field">
        <label htmlFor="workload-q">Search by key</label>
        <input id="workload-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. llama" autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="workload-kind">Kind</label>
        <select id="workload-kind" value={applied.kind} onChange={(e) => onApply({ kind: e.target.value })}>
          <option value="">Any kind</option>
          {WORKLOAD_KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="workload-label">Label</label>
        <input
          id="workload-label"
          type="text"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder="team:search"
          aria-describedby="workload-label-hint"
          autoComplete="off"
        />
        <p id="workload-label-hint" className="hint">
          name:value
        </p>
      </div>
      <div className="filters-actions">
        <button type="submit" className="btn btn-primary">
          Search
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          disabled={!applied.q && !applied.kind && !applied.label}
          onClick={() => onApply({ q: '', kind: '', label: '' })}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
