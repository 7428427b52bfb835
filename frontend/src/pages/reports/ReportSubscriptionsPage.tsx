import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteReportSubscription, previewReport } from '../../api/endpoints';
import { queryKeys, useCurrentUser, useReportDeliveries, useReportSubscriptions } from '../../api/queries';
import { canManage, type Me, type ReportDelivery, type ReportSubscription } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyState, ErrorAlert, Loading, SuccessNotice } from '../../components/feedback';
import { Modal } from '../../components/Modal';
import { Time } from '../../components/Time';
import { formatDayRange } from '../../lib/days';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { contentLabels, describeCadence, describeScope } from './schedule';
import { SubscriptionForm } from './SubscriptionForm';

/**
 * Scheduled e-mail reports. Owners and admins see and manage every subscription of the organisation;
 * other members (viewers too) the ones they set up, which only go to themselves.
 */
export function ReportSubscriptionsPage() {
  useDocumentTitle('Report subscriptions');
  const me = useCurrentUser();
  const admin = canManage(me.currentTenant.role);
  const queryClient = useQueryClient();
  const subscriptions = useReportSubscriptions();
  const [editing, setEditing] = useState<ReportSubscription | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState<ReportSubscription | null>(null);
  const [showingLog, setShowingLog] = useState<ReportSubscription | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  // Where focus goes back to when the form closes: the button that opened it.
  const opener = useRef<HTMLElement | null>(null);
  const restoreFocus = useRef(false);

  const remove = useMutation({
    mutationFn: (subscription: ReportSubscription) => deleteReportSubscription(subscription.id),
    onMutate: () => setNotice(null),
    onSuccess: (_, subscription) => {
      setNotice(`Deleted “${subscription.name}” and its delivery log.`);
      if (editing !== 'new' && editing?.id === subscription.id) setEditing(null);
      queryClient.removeQueries({ queryKey: queryKeys.reportDeliveries(subscription.id) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.reportSubscriptions }),
  });

  function setUpBy(subscription: ReportSubscription): string {
    if (subscription.createdBy === me.userId) return 'You';
    if (subscription.createdBy.startsWith('api-key:')) return 'An API key';
    // The API names members only: someone who has left the organisation is not.
    return subscription.createdByEmail ?? 'A former member';
  }

  function done(saved: ReportSubscription | null) {
    setEditing(null);
    if (saved) setNotice(`Saved “${saved.name}”. The next report goes out ${formatDateTime(saved.nextRunAt)}.`);
    restoreFocus.current = true;
  }

  useEffect(() => {
    if (editing || !restoreFocus.current) return;
    restoreFocus.current = false;
    (opener.current?.isConnected ? opener.current : newButton.current)?.focus();
  }, [editing]);

  function open(subscription: ReportSubscription | 'new') {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setNotice(null);
    setEditing(subscription);
  }

  const list = subscriptions.data ?? [];

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Report subscriptions</h1>
          <p className="muted">
            E-mails with {me.currentTenant.name}'s costs, top movers and savings, daily, weekly or monthly. Times are shown in your time zone.
          </p>
        </div>
        <button
          ref={newButton}
          type="button"
          className="btn btn-primary"
          onClick={() => open('new')}
          disabled={editing === 'new'}
        >
          New subscription
        </button>
      </div>
      {!admin && (
        <div className="alert alert-info" role="note">
          You see the reports you set up, sent to you ({me.email}). Owners and admins manage everyone's and send reports to anyone.
        </div>
      )}
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      {editing && (
        <SubscriptionForm
          key={editing === 'new' ? 'new' : editing.id}
          subscription={editing === 'new' ? null : editing}
          admin={admin}
          email={me.email}
          onDone={done}
        />
      )}

      <section className="card" aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">{admin ? 'All subscriptions' : 'Your subscriptions'}</h2>
        <ErrorAlert error={remove.error} title="Could not delete the subscription" />
        {subscriptions.isPending ? (
          <Loading label="Loading report subscriptions…" />
        ) : subscriptions.isError ? (
          <ErrorAlert error={subscriptions.error} title="Could not load the report subscriptions" />
        ) : list.length === 0 ? (
          <EmptyState title="No report subscriptions yet">Choose “New subscription” to get costs and savings by e-mail.</EmptyState>
        ) : (
          list.map((subscription) => (
            <SubscriptionCard
              key={subscription.id}
              subscription={subscription}
              me={me}
              admin={admin}
              setUpBy={admin ? setUpBy(subscription) : null}
              onEdit={() => open(subscription)}
              onPreview={() => setPreviewing(subscription)}
              onShowLog={() => setShowingLog(subscription)}
              onDelete={() => remove.mutate(subscription)}
              deleting={remove.isPending && remove.variables?.id === subscription.id}
            />
          ))
        )}
      </section>

      {previewing && <PreviewDialog subscription={previewing} onClose={() => setPreviewing(null)} />}
      {showingLog && <DeliveryLogDialog subscription={showingLog} onClose={() => setShowingLog(null)} />}
    </>
  );
}

interface SubscriptionCardProps {
  subscription: ReportSubscription;
  me: Me;
  admin: boolean;
  setUpBy: string | null;
  onEdit: () => void;
  onPreview: () => void;
  onShowLog: () => void;
  onDelete: () => void;
  deleting: boolean;
}

function SubscriptionCard({ subscription: s, me, admin, setUpBy, onEdit, onPreview, onShowLog, onDelete, deleting }: SubscriptionCardProps) {
  const headingId = useId();
  // The API lets admins change every subscription and others their own (the only ones they see).
  const editable = admin || s.createdBy === me.userId;

  return (
    <article className="subscription" aria-labelledby={headingId}>
      <header className="subscription-header">
        <h3 id={headingId}>{s.name}</h3>
        <div className="subscription-actions">
          {editable && (
            <button type="button" className="btn btn-secondary btn-small" onClick={onEdit} aria-describedby={headingId}>
              Edit
            </button>
          )}
          <button type="button" className="btn btn-secondary btn-small" onClick={onPreview} aria-describedby={headingId}>
            Preview
          </button>
          <button type="button" className="btn btn-secondary btn-small" onClick={onShowLog} aria-describedby={headingId}>
            Delivery log
          </button>
          {editable && (
            <ConfirmButton
              label="Delete"
              ariaLabel={`Delete ${s.name}`}
              question={`Delete “${s.name}” and its delivery log?`}
              busy={deleting}
              onConfirm={onDelete}
            />
          )}
        </div>
      </header>
      <dl className="meta meta-wide">
        <dt>Recipients</dt>
        <dd className="break">{s.recipients.join(', ')}</dd>
        <dt>Schedule</dt>
        <dd>{describeCadence(s)}</dd>
        <dt>Scope</dt>
        <dd>{describeScope(s)}</dd>
        <dt>Sections</dt>
        <dd>{contentLabels(s.content)}</dd>
        <dt>Next report</dt>
        <dd>
          <Time value={s.nextRunAt} /> <span className="muted">({formatRelative(s.nextRunAt)})</span>
        </dd>
        <dt>Last delivery</dt>
        <dd>{s.lastDelivery ? <DeliveryStatus delivery={s.lastDelivery} /> : <span className="muted">None yet</span>}</dd>
        {setUpBy !== null && (
          <>
            <dt>Set up by</dt>
            <dd>{setUpBy}</dd>
          </>
        )}
      </dl>
    </article>
  );
}

const STATUS: Record<string, { label: string; badge: string }> = {
  SENT: { label: 'Sent', badge: 'badge-active' },
  RETRYING: { label: 'Retrying', badge: 'badge-warning' },
  FAILED: { label: 'Failed', badge: 'badge-revoked' },
  PENDING: { label: 'Pending', badge: '' },
};

/** A delivery's outcome in words: when it was sent, or why it failed and when it is tried again. */
function DeliveryStatus({ delivery: d }: { delivery: ReportDelivery }) {
  const status = STATUS[d.status] ?? { label: d.status, badge: '' };
  const attempts = `${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}`;
  return (
    <span className="delivery-status">
      <span className={`badge ${status.badge}`}>{status.label}</span>{' '}
      {d.status === 'SENT' ? (
        <>
          <Time value={d.sentAt} />
          {d.attempts > 1 && <span className="muted"> after {attempts}</span>}
        </>
      ) : d.status === 'RETRYING' ? (
        <>
          next attempt <Time value={d.nextAttemptAt} /> <span className="muted">({attempts} so far)</span>
        </>
      ) : d.status === 'FAILED' ? (
        <span className="muted">gave up after {attempts}</span>
      ) : (
        <>
          due <Time value={d.dueAt} />
        </>
      )}
      {d.lastError && d.status !== 'SENT' && <span className="delivery-reason">Reason: {d.lastError}</span>}
    </span>
  );
}

function DeliveryLogDialog({ subscription, onClose }: { subscription: ReportSubscription; onClose: () => void }) {
  const deliveries = useReportDeliveries(subscription.id);
  return (
    <Modal title={`Delivery log: ${subscription.name}`} onClose={onClose} wide>
      {deliveries.isPending ? (
        <Loading label="Loading the delivery log…" />
      ) : deliveries.isError ? (
        <ErrorAlert error={deliveries.error} title="Could not load the delivery log" />
      ) : deliveries.data.length === 0 ? (
        <EmptyState title="Nothing delivered yet">The first report goes out {formatDateTime(subscription.nextRunAt)}.</EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Deliveries of {subscription.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">Period</th>
                <th scope="col">Outcome</th>
                <th scope="col">Recipients</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Time value={d.dueAt} />
                  </td>
                  <td>{formatDayRange({ from: d.periodFrom, to: d.periodTo })}</td>
                  <td>
                    <DeliveryStatus delivery={d} />
                  </td>
                  <td className="break">{d.recipients.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/**
 * The rendered e-mail made fit for an `<iframe srcdoc>`, where links open in a new tab. The API embeds
 * the chart (`data:image/png`), so the e-mail shows as it is.
 */
export function previewDocument(html: string): string {
  const base = '<base target="_blank">';
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (head) => head + base);
  if (/<html[^>]*>/i.test(html)) return html.replace(/<html[^>]*>/i, (tag) => `${tag}<head>${base}</head>`);
  return base + html;
}

function PreviewDialog({ subscription, onClose }: { subscription: ReportSubscription; onClose: () => void }) {
  const preview = useQuery({
    queryKey: queryKeys.reportPreview(subscription.id),
    queryFn: () => previewReport(subscription.id),
    staleTime: 0,
    gcTime: 0,
  });
  return (
    <Modal title={`Preview: ${subscription.name}`} onClose={onClose} wide>
      {preview.isPending ? (
        <Loading label="Rendering the report…" />
      ) : preview.isError ? (
        <ErrorAlert error={preview.error} title="Could not render the report" />
      ) : (
        <>
          <dl className="meta meta-wide">
            <dt>Subject</dt>
            <dd>{preview.data.subject}</dd>
            <dt>Covers</dt>
            <dd>{formatDayRange({ from: preview.data.periodFrom, to: preview.data.periodTo })}</dd>
          </dl>
          <p className="hint">The report as it would go out now, to you. Nothing is sent.</p>
          <iframe
            className="report-preview"
            title={`E-mail preview: ${preview.data.subject}`}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={previewDocument(preview.data.html)}
          />
          <details className="report-text">
            <summary>Plain-text version</summary>
            <pre className="code">{preview.data.text}</pre>
          </details>
        </>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
