import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { isStatus } from '../../api/client';
import { useCurrentUser, useRecommendation } from '../../api/queries';
import { canWrite, type Recommendation, type RecommendationAction, type RecommendationEvent } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/feedback';
import { Modal } from '../../components/Modal';
import { ConfidenceBadge, StatusBadge } from '../../components/RecommendationBadges';
import { StatCard } from '../../components/StatCard';
import { Time } from '../../components/Time';
import { workloadPath } from '../../lib/costLabels';
import { formatDayRange } from '../../lib/days';
import { formatNumber, formatPercent, formatUsd } from '../../lib/money';
import { CONFIGURATION_FIELDS, configurationValue, legalActions, statusLabel, typeLabel } from '../../lib/recommendations';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { Evidence } from './Evidence';
import { useRecommendationAction, type ActionRequest } from './useRecommendationAction';

const ACTION_LABELS: Record<RecommendationAction, string> = { accept: 'Accept', dismiss: 'Dismiss', apply: 'Mark applied' };
const ACTION_FAILURES: Record<RecommendationAction, string> = {
  accept: 'Could not accept the recommendation',
  dismiss: 'Could not dismiss the recommendation',
  apply: 'Could not mark the recommendation applied',
};

export function RecommendationPage() {
  const { id = '' } = useParams();
  const detail = useRecommendation(id);
  useDocumentTitle(detail.data?.recommendation.title ?? 'Recommendation');

  if (detail.isPending) return <Loading label="Loading the recommendation…" />;
  if (detail.isError) {
    return (
      <>
        <h1>Recommendation</h1>
        {isStatus(detail.error, 404) || isStatus(detail.error, 400) ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">Recommendation not found</p>
            <p>There is no such recommendation in this organisation.</p>
          </div>
        ) : (
          <ErrorAlert error={detail.error} title="Could not load the recommendation" />
        )}
        <Link to="/recommendations">Back to all recommendations</Link>
      </>
    );
  }
  const { recommendation: r, history } = detail.data;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/recommendations">Recommendations</Link> <span aria-hidden="true">/</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>{r.title}</h1>
          <p className="muted">
            {typeLabel(r.type)} for <Link to={workloadPath(r.workload)}>{r.workload}</Link> · proposed <Time value={r.createdAt} /> · evidence of{' '}
            {formatDayRange({ from: r.evidenceFrom, to: r.evidenceTo })} (UTC days)
          </p>
        </div>
      </div>

      <StatusAndActions recommendation={r} />

      <section className="stats" aria-label="Cost and savings">
        <StatCard label="Current cost per month" value={formatUsd(r.currentMonthlyCost)}>
          <p>Billed cost of the last 30 days</p>
        </StatCard>
        <StatCard label="Predicted cost per month" value={formatUsd(r.predictedMonthlyCost)}>
          <p>The same work with the change</p>
        </StatCard>
        <StatCard label="Savings per month" value={formatUsd(r.monthlySavings)}>
          <p>
            {Number(r.currentMonthlyCost) > 0 ? `${formatPercent(Number(r.monthlySavings) / Number(r.currentMonthlyCost))} of the current cost` : '—'}
          </p>
        </StatCard>
        {r.speedup !== null && r.speedup !== undefined && (
          <StatCard label="Predicted speedup" value={`×${formatNumber(r.speedup)}`}>
            <p>Throughput, proposed / current</p>
          </StatCard>
        )}
      </section>

      <div className="grid-2">
        <ConfigurationComparison recommendation={r} />
        <ConfidenceDetails recommendation={r} />
      </div>

      <section className="card" aria-labelledby="rationale-heading">
        <h2 id="rationale-heading">Why</h2>
        <p className="rationale">{r.rationale}</p>
        <div className="grid-2">
          <div>
            <h3>Assumptions</h3>
            <TextList items={r.assumptions} empty="None stated." />
          </div>
          <div>
            <h3>Risks</h3>
            <TextList items={r.risks} empty="None known." />
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">Evidence</h2>
        <Evidence recommendation={r} />
      </section>

      {r.verification && <VerificationResult recommendation={r} />}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <History events={history} />
      </section>
    </>
  );
}

function TextList({ items, empty }: { items: readonly string[] | null | undefined; empty: string }) {
  if (!items || items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="text-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

function StatusAndActions({ recommendation: r }: { recommendation: Recommendation }) {
  const me = useCurrentUser();
  const labelId = useId();
  const statusRef = useRef<HTMLDivElement>(null);
  const mutation = useRecommendationAction(r.id);
  const [dismissing, setDismissing] = useState(false);
  const [last, setLast] = useState<RecommendationAction | null>(null);
  const writer = canWrite(me.currentTenant.role);
  const actions = legalActions(r.status);

  // The button just used disappears with the new status: move the focus to the status it changed.
  const focusStatus = useRef(false);
  useEffect(() => {
    if (!focusStatus.current) return;
    focusStatus.current = false;
    statusRef.current?.focus();
  }, [r.status]);

  function run(request: ActionRequest) {
    setLast(request.action);
    focusStatus.current = true;
    mutation.mutate(request);
  }

  return (
    <section className="card status-bar" aria-label="Status and actions">
      <div className="status-line" ref={statusRef} tabIndex={-1}>
        <span id={labelId} className="status-label">
          Status
        </span>
        <span role="status" aria-labelledby={labelId}>
          <StatusBadge status={r.status} />
        </span>
        {r.appliedAt && (
          <span className="muted">
            applied <Time value={r.appliedAt} />
          </span>
        )}
      </div>
      {writer && actions.length > 0 && (
        <div className="action-row">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={action === 'accept' ? 'btn btn-primary' : action === 'dismiss' ? 'btn btn-danger-ghost' : 'btn btn-secondary'}
              disabled={mutation.isPending}
              onClick={() => (action === 'dismiss' ? setDismissing(true) : run({ action }))}
            >
              {ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      )}
      {!writer && actions.length > 0 && (
        <p className="muted">Viewers can read recommendations; members, admins and owners accept, dismiss or mark them applied.</p>
      )}
      {mutation.isError && last && (
        <>
          <ErrorAlert error={mutation.error} title={ACTION_FAILURES[last]} />
          {isStatus(mutation.error, 409) && (
            <p className="muted">Its status changed in the meantime, for example in another tab; the page now shows the current status.</p>
          )}
        </>
      )}
      {dismissing && (
        <DismissDialog
          onCancel={() => setDismissing(false)}
          onConfirm={(reason) => {
            setDismissing(false);
            run({ action: 'dismiss', reason });
          }}
        />
      )}
    </section>
  );
}

function DismissDialog({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  const id = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    onConfirm(reason.trim());
  }
  return (
    <Modal title="Dismiss this recommendation?" onClose={onCancel}>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason (optional)</label>
          <textarea
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={1000}
            rows={3}
            aria-describedby={`${id}-hint`}
          />
          <p id={`${id}-hint`} className="hint">
            Kept in the recommendation's history, e.g. why the change does not fit this workload.
          </p>
        </div>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="btn btn-danger">
            Confirm
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ConfigurationComparison({ recommendation: r }: { recommendation: Recommendation }) {
  const rows = CONFIGURATION_FIELDS.filter(({ field }) => r.current?.[field] != null || r.proposed?.[field] != null);
  return (
    <section className="card" aria-labelledby="configuration-heading">
      <h2 id="configuration-heading">Configuration</h2>
      {rows.length === 0 ? (
        <p className="muted">The telemetry did not describe the configuration.</p>
      ) : (
        <table className="table table-compact">
          <caption className="visually-hidden">Current and proposed configuration; changed settings are marked</caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Current</th>
              <th scope="col">Proposed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ field, label }) => {
              const proposed = r.proposed?.[field];
              const changed = proposed !== null && proposed !== undefined && proposed !== r.current?.[field];
              return (
                <tr key={field} className={changed ? 'row-changed' : undefined}>
                  <th scope="row">{label}</th>
                  <td>{configurationValue(field, r.current?.[field])}</td>
                  <td>
                    {changed ? (
                      <>
                        <strong>{configurationValue(field, proposed)}</strong>
                        <span className="visually-hidden"> (changed)</span>
                      </>
                    ) : (
                      <span className="muted">{configurationValue(field, r.current?.[field])}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ConfidenceDetails({ recommendation: r }: { recommendation: Recommendation }) {
  const c = r.confidence;
  return (
    <section className="card" aria-labelledby="confidence-heading">
      <h2 id="confidence-heading">Confidence</h2>
      <p>
        <ConfidenceBadge level={c.level} /> confidence
      </p>
      <dl className="meta">
        <dt>Samples</dt>
        <dd>{formatNumber(c.sampleCount)} samples</dd>
        <dt>Lookback</dt>
        <dd>
          {formatNumber(c.lookbackDays)} day{c.lookbackDays === 1 ? '' : 's'} of telemetry
        </dd>
        <dt>Fit error</dt>
        <dd>{c.fitError === null || c.fitError === undefined ? 'No model fitted' : `${formatPercent(c.fitError)} relative RMS error`}</dd>
        <dt>Effect</dt>
        <dd>{c.measured ? 'Measured: the workload has run this way' : 'Modelled from the GPU catalog, not yet measured on this workload'}</dd>
      </dl>
    </section>
  );
}

function VerificationResult({ recommendation: r }: { recommendation: Recommendation }) {
  const v = r.verification!;
  const done = r.status === 'VERIFIED' || r.status === 'NOT_REALIZED';
  const realized = v.realizedMonthlySavings;
  const share = realized !== null && realized !== undefined && Number(r.monthlySavings) > 0 ? Number(realized) / Number(r.monthlySavings) : null;
  const unitCost = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${formatUsd(value)} ${v.unit}`);
  return (
    <section className="card" aria-labelledby="verification-heading">
      <h2 id="verification-heading">Verification</h2>
      {done ? (
        <p>
          {r.status === 'VERIFIED' ? 'Verified' : 'Not realized'}
          {v.verifiedAt && (
            <>
              {' '}
              on <Time value={v.verifiedAt} />
            </>
          )}
          : the unit cost after the change settled, compared with the unit cost before it.
        </p>
      ) : (
        <p>
          Once a settle period of new telemetry has passed after it was applied, Costwise compares the unit cost with the one before the change; it
          is verified when at least half the predicted savings are realized.
        </p>
      )}
      <div className="stats">
        <StatCard label="Predicted savings per month" value={formatUsd(r.monthlySavings)} />
        {done && (
          <StatCard label="Realized savings per month" value={formatUsd(realized)} tone={r.status === 'NOT_REALIZED' ? 'warning' : 'default'}>
            {share !== null && <p>{formatPercent(share)} of the predicted savings</p>}
          </StatCard>
        )}
        <StatCard label="Unit cost before" value={unitCost(v.baselineUnitCost)} />
        {done && <StatCard label="Unit cost after" value={unitCost(v.realizedUnitCost)} />}
      </div>
    </section>
  );
}

function History({ events }: { events: RecommendationEvent[] }) {
  if (events.length === 0) return <p className="muted">No status changes yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Status changes, oldest first, in your time zone</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Status</th>
            <th scope="col">By</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event, index) => (
            <tr key={`${event.at}-${index}`}>
              <td>
                <Time value={event.at} />
              </td>
              <td>{statusLabel(event.status)}</td>
              <td>{event.actor}</td>
              <td>{event.reason ? event.reason : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
