import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useOpenSavings, useRecommendations } from '../../api/queries';
import type { ConfidenceLevel, RecommendationFilters, RecommendationStatus, RecommendationType } from '../../api/types';
import { EmptyState, ErrorAlert, Loading } from '../../components/feedback';
import { RecommendationTable } from '../../components/RecommendationTable';
import { StatCard } from '../../components/StatCard';
import { formatPercent, formatUsd } from '../../lib/money';
import {
  CONFIDENCE_LABELS,
  CONFIDENCE_LEVELS,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TYPES,
  STATUS_LABELS,
  TYPE_LABELS,
} from '../../lib/recommendations';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useUrlState } from '../../lib/useUrlState';

/** Open ones by default; `ANY` lifts the status filter. */
const ANY = 'ANY';
const DEFAULTS = { type: '', status: 'OPEN', confidence: '', workload: '', team: '', project: '', minSavings: '' } as const;
type State = Record<keyof typeof DEFAULTS, string>;

function oneOf<T extends string>(values: readonly T[], value: string): T | undefined {
  return (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function filtersOf(state: State): RecommendationFilters {
  const minSavings = state.minSavings.trim() === '' ? NaN : Number(state.minSavings);
  return {
    workload: state.workload.trim() || undefined,
    team: state.team.trim() || undefined,
    project: state.project.trim() || undefined,
    type: oneOf<RecommendationType>(RECOMMENDATION_TYPES, state.type),
    status: state.status === ANY ? undefined : (oneOf<RecommendationStatus>(RECOMMENDATION_STATUSES, state.status) ?? 'OPEN'),
    confidence: oneOf<ConfidenceLevel>(CONFIDENCE_LEVELS, state.confidence),
    minSavings: Number.isFinite(minSavings) && minSavings > 0 ? minSavings : undefined,
  };
}

export function RecommendationsPage() {
  useDocumentTitle('Recommendations');
  const [state, update] = useUrlState(DEFAULTS);
  const filters = useMemo(() => filtersOf(state), [state]);
  const recommendations = useRecommendations(filters);
  const narrowed = Boolean(
    filters.workload || filters.team || filters.project || filters.type || filters.confidence || filters.minSavings || filters.status !== 'OPEN',
  );

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Recommendations</h1>
          <p className="muted">
            Batch-size, precision and placement changes for your workloads, with what each saves per month, how sure Costwise is and why.
          </p>
        </div>
        <Link className="btn btn-secondary" to="/recommendations/calibration">
          Calibration
        </Link>
      </div>

      <OpenSavingsFigures team={filters.team} project={filters.project} />

      <section className="card controls" aria-label="Filters">
        <FilterForm applied={state} onApply={update} />
      </section>

      <section className="card" aria-labelledby="recommendations-list-heading" aria-busy={recommendations.isFetching}>
        <h2 id="recommendations-list-heading">
          {filters.status ? STATUS_LABELS[filters.status] : 'Any status'}, largest savings first
        </h2>
        {recommendations.isPending ? (
          <Loading label="Loading recommendations…" />
        ) : recommendations.isError ? (
          <ErrorAlert error={recommendations.error} title="Could not load the recommendations" />
        ) : recommendations.items.length === 0 ? (
          narrowed ? (
            <EmptyState title="Nothing matches these filters">Try another type, status, confidence, workload, team or project, or clear the filters.</EmptyState>
          ) : (
            <EmptyState title="No open recommendations">
              Recommendations appear after telemetry is ingested: Costwise studies each workload's samples (batch size, precision, GPU
              utilization and memory, throughput) and proposes changes once it has enough of them. <Link to="/connect">Connect a workload</Link>{' '}
              to get started.
            </EmptyState>
          )
        ) : (
          <RecommendationTable items={recommendations.items} />
        )}
        {recommendations.hasNextPage && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => recommendations.fetchNextPage()}
            disabled={recommendations.isFetchingNextPage}
          >
            {recommendations.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
        {recommendations.isFetchNextPageError && <ErrorAlert error={recommendations.error} title="Could not load more recommendations" />}
      </section>
    </>
  );
}

/** The open savings of the workloads the team and project filters select (the other filters narrow only the list). */
function OpenSavingsFigures({ team, project }: { team?: string; project?: string }) {
  const savings = useOpenSavings({ team, project });
  if (savings.isPending) return <Loading label="Loading the open savings…" />;
  if (savings.isError) return <ErrorAlert error={savings.error} title="Could not load the open savings" />;
  const { monthlySavings, currentMonthlyCost, workloads } = savings.data;
  const share = Number(currentMonthlyCost) > 0 ? Number(monthlySavings) / Number(currentMonthlyCost) : null;
  return (
    <section className="stats" aria-label="Open savings">
      <StatCard label="Open savings per month" value={formatUsd(monthlySavings)}>
        <p>
          Open and accepted recommendations across {workloads.length} workload{workloads.length === 1 ? '' : 's'}
          {team ? ` of team ${team}` : ''}
          {project ? ` in project ${project}` : ''}; alternatives are not added up.
        </p>
      </StatCard>
      <StatCard label="Their cost per month" value={formatUsd(currentMonthlyCost)}>
        <p>{share === null ? 'Billed cost of the last 30 days' : `${formatPercent(share)} of it could be saved`}</p>
      </StatCard>
    </section>
  );
}

function FilterForm({ applied, onApply }: { applied: State; onApply: (changes: Partial<State>) => void }) {
  const [workload, setWorkload] = useState(applied.workload);
  const [team, setTeam] = useState(applied.team);
  const [project, setProject] = useState(applied.project);
  const [minSavings, setMinSavings] = useState(applied.minSavings);
  // Follow the URL (back/forward, shared links, "Clear").
  useEffect(() => {
    setWorkload(applied.workload);
    setTeam(applied.team);
    setProject(applied.project);
    setMinSavings(applied.minSavings);
  }, [applied.workload, applied.team, applied.project, applied.minSavings]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ workload: workload.trim(), team: team.trim(), project: project.trim(), minSavings: minSavings.trim() });
  }

  const untouched = (Object.keys(DEFAULTS) as (keyof State)[]).every((k) => applied[k] === DEFAULTS[k]);

  return (
    <form className="filters" onSubmit={submit} aria-label="Recommendation filters">
      <div className="field">
        <label htmlFor="rec-type">Type</label>
        <select id="rec-type" value={applied.type} onChange={(e) => onApply({ type: e.target.value })}>
          <option value="">Any type</option>
          {RECOMMENDATION_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rec-status">Status</label>
        <select id="rec-status" value={applied.status} onChange={(e) => onApply({ status: e.target.value })}>
          <option value={ANY}>Any status</option>
          {RECOMMENDATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rec-confidence">Confidence</label>
        <select id="rec-confidence" value={applied.confidence} onChange={(e) => onApply({ confidence: e.target.value })}>
          <option value="">Any confidence</option>
          {CONFIDENCE_LEVELS.map((c) => (
            <option key={c} value={c}>
              {CONFIDENCE_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rec-workload">Workload key</label>
        <input id="rec-workload" type="text" value={workload} onChange={(e) => setWorkload(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="rec-team">Team</label>
        <input id="rec-team" type="text" value={team} onChange={(e) => setTeam(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="rec-project">Project</label>
        <input id="rec-project" type="text" value={project} onChange={(e) => setProject(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="rec-min-savings">Minimum savings (USD / month)</label>
        <input
          id="rec-min-savings"
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          value={minSavings}
          onChange={(e) => setMinSavings(e.target.value)}
        />
      </div>
      <div className="filters-actions">
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        <button type="button" className="btn btn-ghost" disabled={untouched} onClick={() => onApply({ ...DEFAULTS })}>
          Clear
        </button>
      </div>
    </form>
  );
}
