import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { isStatus } from '../../api/client';
import { useCurrentUser, useWorkload, useWorkloadCost } from '../../api/queries';
import { canWrite, kindLabel } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/feedback';
import { Labels } from '../../components/Labels';
import { Time } from '../../components/Time';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useUrlState } from '../../lib/useUrlState';
import { CostExplain } from './CostExplain';
import { costWindow, defaultRange, parseRange, usageWindow, WORKLOAD_RANGES } from './ranges';
import { UsageCharts } from './UsageCharts';
import { WorkloadRecommendations } from './WorkloadRecommendations';
import { WhatIfPanel } from './WhatIfPanel';
import { WorkloadSettings } from './WorkloadSettings';

export function WorkloadPage() {
  const { key = '' } = useParams();
  useDocumentTitle(key ? `Workload ${key}` : 'Workload');
  const me = useCurrentUser();
  const workload = useWorkload(key);
  // Without a range in the URL, the page waits for the workload to pick one that shows its last sample.
  const [state, update] = useUrlState({ range: '' });
  const range = parseRange(state.range) ?? (workload.data ? defaultRange(workload.data.lastSampleAt) : undefined);
  const usage = useMemo(() => usageWindow(range ?? '7d'), [range]);
  const days = useMemo(() => costWindow(range ?? '7d'), [range]);
  const cost = useWorkloadCost(key, days, range !== undefined);

  if (workload.isPending) return <Loading label="Loading the workload…" />;
  if (workload.isError) {
    return (
      <>
        <h1 className="workload-title">{key}</h1>
        {isStatus(workload.error, 404) ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">Workload not found</p>
            <p>There is no workload “{key}” in this organisation.</p>
          </div>
        ) : (
          <ErrorAlert error={workload.error} title="Could not load the workload" />
        )}
        <Link to="/workloads">Back to all workloads</Link>
      </>
    );
  }
  const w = workload.data;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/workloads">Workloads</Link> <span aria-hidden="true">/</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 className="workload-title">{w.key}</h1>
          <p className="muted">
            {w.kind ? kindLabel(w.kind) : 'Kind not set'} · first seen <Time value={w.firstSeenAt} /> · last sample{' '}
            <Time value={w.lastSampleAt} fallback="never" />
          </p>
          <p>
            <Labels labels={w.labels} />
          </p>
        </div>
        <div className="field field-inline">
          <label htmlFor="workload-range">Period</label>
          <select id="workload-range" value={range} onChange={(e) => update({ range: e.target.value })}>
            {WORKLOAD_RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      </div>

      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading">Usage over time</h2>
        <UsageCharts workloadKey={w.key} window={usage} workUnit={cost.data?.totals.workUnit} latencySloMs={w.latencySloP95Ms} />
      </section>

      <section className="card" aria-labelledby="cost-heading">
        <h2 id="cost-heading">Cost breakdown</h2>
        <CostExplain cost={cost} range={days} />
      </section>

      <WorkloadRecommendations workloadKey={w.key} />
      <WhatIfPanel workloadKey={w.key} />

      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <WorkloadSettings workload={w} editable={canWrite(me.currentTenant.role)} />
      </section>
    </>
  );
}
