import { useId, useMemo } from 'react';
import { Link } from 'react-router';
import { useCosts, useCurrentUser } from '../api/queries';
import { canManage, groupByNoun, roleLabel, type CostFigures, type CostGroup, type GroupBy } from '../api/types';
import { CostChart } from '../components/charts/CostChart';
import { EmptyState, ErrorAlert, Loading, RoleBadge } from '../components/feedback';
import { RecommendationsCard } from '../components/RecommendationsCard';
import { StatCard } from '../components/StatCard';
import { Trend } from '../components/Trend';
import { groupKeyLabel, workloadPath } from '../lib/costLabels';
import { formatDayRange, monthToDate, previousMonthSameDays, type DayRange } from '../lib/days';
import { formatPercent, formatUsd } from '../lib/money';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { useUrlState } from '../lib/useUrlState';

const STACKS: readonly { value: GroupBy; label: string }[] = [
  { value: 'team', label: 'Team' },
  { value: 'kind', label: 'Kind' },
  { value: 'gpuModel', label: 'GPU model' },
];

const TOP = 5;

export function OverviewPage() {
  useDocumentTitle('Overview');
  const me = useCurrentUser();
  const tenant = me.currentTenant;
  const [state, update] = useUrlState({ stack: 'team' });
  const stack = STACKS.find((s) => s.value === state.stack)?.value ?? 'team';

  // "This month" and its comparison are UTC days, as the cost records are.
  const month = useMemo(() => monthToDate(), []);
  const previous = useMemo(() => previousMonthSameDays(month), [month]);

  const current = useCosts({ ...month, groupBy: stack, step: 'day' });
  const before = useCosts({ ...previous });
  const workloads = useCosts({ ...month, groupBy: 'workload' });

  const noCostsYet = current.isSuccess && !current.isPlaceholderData && Number(current.data.totals.billedCost) === 0 && current.data.groups.length === 0;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            {tenant.name} · you are <RoleBadge role={tenant.role} label={roleLabel(tenant.role)} /> · this month, {formatDayRange(month)} (UTC days)
          </p>
        </div>
        <Link className="btn btn-secondary" to="/costs">
          Explore costs
        </Link>
      </div>

      <MonthFigures
        figures={current.data?.totals}
        previous={before.data?.totals}
        previousRange={previous}
        loading={current.isPending}
        error={current.error}
      />

      {noCostsYet ? (
        <GetStarted admin={canManage(tenant.role)} tenantName={tenant.name} />
      ) : (
        <>
          <section className="card" aria-labelledby="cost-over-time">
            <div className="card-header">
              <h2 id="cost-over-time">Cost over time</h2>
              <StackSwitch value={stack} onChange={(value) => update({ stack: value })} />
            </div>
            {current.isPending ? (
              <Loading label="Loading costs…" />
            ) : current.isError ? (
              <ErrorAlert error={current.error} title="Could not load the cost over time" />
            ) : (
              <CostChart
                groups={current.data.groups}
                metric="billedCost"
                range={month}
                labelOf={(key) => groupKeyLabel(stack, key)}
                title={`Billed cost per day by ${groupByNoun(stack)}`}
              />
            )}
          </section>

          <RecommendationsCard />

          <div className="grid-2">
            <TopWorkloads
              title="Top workloads by cost"
              loading={workloads.isPending}
              error={workloads.error}
              groups={workloads.data?.groups}
              rank={(f) => Number(f.billedCost)}
              valueLabel="Billed"
              secondLabel="Utilization"
              second={(f) => formatPercent(f.utilization)}
            />
            <TopWorkloads
              title="Top workloads by idle cost"
              loading={workloads.isPending}
              error={workloads.error}
              groups={workloads.data?.groups}
              rank={(f) => Number(f.idleCost)}
              valueLabel="Idle"
              secondLabel="Billed"
              second={(f) => formatUsd(f.billedCost)}
            />
          </div>
        </>
      )}
    </>
  );
}

function MonthFigures({
  figures,
  previous,
  previousRange,
  loading,
  error,
}: {
  figures: CostFigures | undefined;
  previous: CostFigures | undefined;
  previousRange: DayRange;
  loading: boolean;
  error: unknown;
}) {
  if (loading) return <Loading label="Loading this month's costs…" />;
  if (error || !figures) return <ErrorAlert error={error} title="Could not load this month's costs" />;
  const against = formatDayRange(previousRange);
  return (
    <section className="stats" aria-label="This month's costs">
      <StatCard label="Billed cost" value={formatUsd(figures.billedCost)}>
        <p>What the resources cost, B = Σ C·T</p>
        <Trend current={Number(figures.billedCost)} previous={previous && Number(previous.billedCost)} against={against} />
      </StatCard>
      <StatCard label="Utilization-adjusted cost" value={formatUsd(figures.utilizationAdjustedCost)}>
        <p>
          <code className="formula">Σ C·T / R</code> — the cost per resource actually used
        </p>
        <Trend
          current={Number(figures.utilizationAdjustedCost)}
          previous={previous && Number(previous.utilizationAdjustedCost)}
          against={against}
        />
      </StatCard>
      <StatCard label="Idle cost" value={formatUsd(figures.idleCost)} tone={Number(figures.idleCost) > 0 ? 'warning' : 'default'}>
        <p>Paid for idle resources, B·(1 − R)</p>
        <Trend current={Number(figures.idleCost)} previous={previous && Number(previous.idleCost)} against={against} />
      </StatCard>
      <StatCard label="Utilization R" value={formatPercent(figures.utilization)}>
        <p>{figures.utilizationKnown ? 'Cost-weighted, Σ C·T·u / B' : 'No utilization measured yet: R = 1 assumed'}</p>
        {previous && <p className="trend muted">{formatPercent(previous.utilization)} in {against}</p>}
      </StatCard>
    </section>
  );
}

function StackSwitch({ value, onChange }: { value: GroupBy; onChange: (value: GroupBy) => void }) {
  const id = useId();
  return (
    <fieldset className="segmented">
      <legend id={id}>Stack by</legend>
      {STACKS.map((s) => (
        <label key={s.value} className={value === s.value ? 'active' : undefined}>
          <input type="radio" name={`${id}-stack`} value={s.value} checked={value === s.value} onChange={() => onChange(s.value)} />
          {s.label}
        </label>
      ))}
    </fieldset>
  );
}

function TopWorkloads({
  title,
  loading,
  error,
  groups,
  rank,
  valueLabel,
  secondLabel,
  second,
}: {
  title: string;
  loading: boolean;
  error: unknown;
  groups: CostGroup[] | undefined;
  rank: (figures: CostFigures) => number;
  valueLabel: string;
  secondLabel: string;
  second: (figures: CostFigures) => string;
}) {
  const headingId = useId();
  const top = (groups ?? [])
    .filter((g) => g.key !== null && rank(g.totals) > 0)
    .sort((a, b) => rank(b.totals) - rank(a.totals))
    .slice(0, TOP);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {loading ? (
        <Loading label="Loading workloads…" />
      ) : error ? (
        <ErrorAlert error={error} title="Could not load the workloads' costs" />
      ) : top.length === 0 ? (
        <EmptyState title="Nothing to show this month" />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Workload</th>
              <th scope="col" className="num">
                {valueLabel}
              </th>
              <th scope="col" className="num">
                {secondLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {top.map((group) => (
              <tr key={group.key}>
                <td className="cell-key">
                  <Link to={workloadPath(group.key!)}>{group.key}</Link>
                </td>
                <td className="num">{formatUsd(rank(group.totals))}</td>
                <td className="num">{second(group.totals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function GetStarted({ admin, tenantName }: { admin: boolean; tenantName: string }) {
  return (
    <>
      <section className="card" aria-labelledby="no-costs">
        <EmptyState title="No costs yet this month">
          Costwise prices the telemetry your AI workloads send. Send a first batch of samples and the costs appear here within seconds.
        </EmptyState>
        <div className="form-actions start top-gap">
          <Link className="btn btn-primary" to="/connect">
            Connect your workloads
          </Link>
        </div>
      </section>
      <div className="grid-2">
        <section className="card" aria-labelledby="get-ready">
          <h2 id="get-ready">Send telemetry</h2>
          <p className="muted">Workloads authenticate with an API key that has the telemetry:write scope.</p>
          {admin ? (
            <Link className="btn btn-secondary" to="/settings/api-keys">
              Manage API keys
            </Link>
          ) : (
            <p className="muted">Ask an owner or admin of {tenantName} to create a key.</p>
          )}
        </section>
        <section className="card" aria-labelledby="team">
          <h2 id="team">Your team</h2>
          <p className="muted">Invite colleagues and decide who can change settings.</p>
          <Link className="btn btn-secondary" to="/settings/members">
            {admin ? 'Manage members' : 'View members'}
          </Link>
        </section>
      </div>
    </>
  );
}
