import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, type ProblemFieldError } from '../../api/client';
import { changeReportSubscription, createReportSubscription } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import {
  CADENCES,
  DAYS_OF_WEEK,
  REPORT_CONTENTS,
  type Cadence,
  type DayOfWeek,
  type ReportContent,
  type ReportSubscription,
  type SubscriptionRequest,
} from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { browserTimeZone, describeCadence, EMAIL_PATTERN, timeOfDayText, timeZones, weekdayLabel } from './schedule';

type Scope = 'all' | 'team' | 'project' | 'label';

const SCOPES: readonly { value: Scope; label: string; field: string; hint: string }[] = [
  { value: 'all', label: 'All workloads', field: '', hint: '' },
  { value: 'team', label: 'One team', field: 'Team', hint: "The value of the workloads' team label, e.g. search." },
  { value: 'project', label: 'One project', field: 'Project', hint: "The value of the workloads' project label, e.g. chatbot." },
  { value: 'label', label: 'Workloads with a label', field: 'Label', hint: 'name:value, e.g. model:llama-3-8b.' },
];

export interface SubscriptionDraft {
  name: string;
  recipients: string[];
  cadence: Cadence;
  dayOfWeek: DayOfWeek;
  dayOfMonth: string;
  timeOfDay: string;
  timeZone: string;
  scope: Scope;
  scopeValue: string;
  content: ReportContent[];
}

function draftOf(subscription: ReportSubscription | null, email: string): SubscriptionDraft {
  if (!subscription) {
    return {
      name: '',
      recipients: [email],
      cadence: 'WEEKLY',
      dayOfWeek: 'MONDAY',
      dayOfMonth: '1',
      timeOfDay: '08:00',
      timeZone: browserTimeZone(),
      scope: 'all',
      scopeValue: '',
      content: REPORT_CONTENTS.map((c) => c.value),
    };
  }
  const s = subscription;
  const scope: Scope = s.team ? 'team' : s.project ? 'project' : s.label ? 'label' : 'all';
  return {
    name: s.name,
    recipients: s.recipients.length > 0 ? [...s.recipients] : [''],
    cadence: s.cadence,
    dayOfWeek: s.dayOfWeek ?? 'MONDAY',
    dayOfMonth: s.dayOfMonth !== null ? String(s.dayOfMonth) : '1',
    timeOfDay: timeOfDayText(s.timeOfDay),
    timeZone: s.timeZone,
    scope,
    scopeValue: (scope === 'all' ? '' : s[scope]) ?? '',
    content: [...s.content],
  };
}

/** What is wrong with a draft before it is sent, pointing at the fields as the API would. */
export function draftProblems(draft: SubscriptionDraft, editsRecipients: boolean): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  const name = draft.name.trim();
  if (!name) problems.push({ pointer: '/name', detail: 'is required' });
  else if (name.length > 200) problems.push({ pointer: '/name', detail: 'must be at most 200 characters' });
  if (editsRecipients) {
    if (draft.recipients.length === 0) problems.push({ pointer: '/recipients', detail: 'add at least one e-mail address' });
    else if (draft.recipients.length > 50) problems.push({ pointer: '/recipients', detail: 'at most 50 addresses' });
    draft.recipients.forEach((recipient, index) => {
      const address = recipient.trim();
      if (!address) problems.push({ pointer: `/recipients/${index}`, detail: 'enter an e-mail address or remove this recipient' });
      else if (!EMAIL_PATTERN.test(address) || address.length > 254) problems.push({ pointer: `/recipients/${index}`, detail: 'must be an e-mail address' });
    });
  }
  if (draft.cadence === 'MONTHLY') {
    const day = Number(draft.dayOfMonth);
    if (!Number.isInteger(day) || day < 1 || day > 28 || draft.dayOfMonth.trim() === '') {
      problems.push({ pointer: '/dayOfMonth', detail: 'must be 1 to 28, so that every month has it' });
    }
  }
  if (!/^\d{2}:\d{2}$/.test(draft.timeOfDay)) problems.push({ pointer: '/timeOfDay', detail: 'is required, as HH:mm' });
  if (draft.scope !== 'all') {
    const value = draft.scopeValue.trim();
    if (!value) problems.push({ pointer: `/${draft.scope}`, detail: 'is required for this scope' });
    else if (draft.scope === 'label' && !/^[^:=]+[:=].+$/.test(value)) problems.push({ pointer: '/label', detail: 'must be name:value, such as model:llama-3-8b' });
  }
  if (draft.content.length === 0) problems.push({ pointer: '/content', detail: 'choose at least one section' });
  return problems;
}

/**
 * The request for a draft. A new subscription names only the filter it has; a change names all three,
 * empty for the ones it clears. Members who do not edit recipients leave them out of a change.
 */
export function requestOf(draft: SubscriptionDraft, options: { editing: boolean; editsRecipients: boolean; email: string }): SubscriptionRequest {
  const request: SubscriptionRequest = {
    name: draft.name.trim(),
    cadence: draft.cadence,
    timeOfDay: draft.timeOfDay,
    timeZone: draft.timeZone,
    content: REPORT_CONTENTS.map((c) => c.value).filter((c) => draft.content.includes(c)),
  };
  if (options.editsRecipients) request.recipients = draft.recipients.map((r) => r.trim());
  else if (!options.editing) request.recipients = [options.email];
  if (draft.cadence === 'WEEKLY') request.dayOfWeek = draft.dayOfWeek;
  if (draft.cadence === 'MONTHLY') request.dayOfMonth = Number(draft.dayOfMonth);
  const value = draft.scopeValue.trim();
  for (const scope of ['team', 'project', 'label'] as const) {
    if (draft.scope === scope) request[scope] = value;
    else if (options.editing) request[scope] = '';
  }
  return request;
}

function message(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.formatted.fields.find((f) => f.field === field)?.message : undefined;
}

interface SubscriptionFormProps {
  /** The subscription to change, or `null` for a new one. */
  subscription: ReportSubscription | null;
  /** Owners and admins send reports to anyone; others only to themselves. */
  admin: boolean;
  email: string;
  onDone: (saved: ReportSubscription | null) => void;
}

export function SubscriptionForm({ subscription, admin, email, onDone }: SubscriptionFormProps) {
  const id = useId();
  const editing = subscription !== null;
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SubscriptionDraft>(() => draftOf(subscription, email));
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const recipientRefs = useRef<(HTMLInputElement | null)[]>([]);
  const focusRecipient = useRef<number | null>(null);
  // Some 400 zones: listed once, not on every keystroke.
  const zoneOptions = useMemo(
    () =>
      timeZones(subscription?.timeZone).map((zone) => (
        <option key={zone} value={zone}>
          {zone.replace(/_/g, ' ')}
        </option>
      )),
    [subscription?.timeZone],
  );

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (focusRecipient.current !== null) {
      recipientRefs.current[focusRecipient.current]?.focus();
      focusRecipient.current = null;
    }
  }, [draft.recipients.length]);

  const save = useMutation({
    mutationFn: (request: SubscriptionRequest) => (subscription ? changeReportSubscription(subscription.id, request) : createReportSubscription(request)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.reportSubscriptions });
      onDone(saved);
    },
  });
  const error = invalid ?? save.error;
  const set = (change: Partial<SubscriptionDraft>) => setDraft((d) => ({ ...d, ...change }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = draftProblems(draft, admin);
    if (problems.length > 0) {
      save.reset();
      setInvalid(new ApiError(0, { detail: 'Some fields need a change.', errors: problems }));
      return;
    }
    setInvalid(null);
    save.mutate(requestOf(draft, { editing, editsRecipients: admin, email }));
  }

  const scope = SCOPES.find((s) => s.value === draft.scope)!;
  const recipientsError = message(error, 'recipients');
  const contentError = message(error, 'content');
  const title = subscription ? `Edit “${subscription.name}”` : 'New subscription';

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
        <div className="form-columns">
          <Field
            label="Name"
            name="name"
            value={draft.name}
            maxLength={200}
            onChange={(e) => set({ name: e.target.value })}
            placeholder="e.g. Weekly GPU costs"
            hint="The e-mail's title."
            error={error}
            autoComplete="off"
            required
          />
        </div>

        <fieldset className="fieldset" aria-describedby={recipientsError ? `${id}-recipients-error` : `${id}-recipients-hint`}>
          <legend>Recipients</legend>
          {admin ? (
            <>
              <p id={`${id}-recipients-hint`} className="hint">
                Anyone's address: members or not. Each recipient can unsubscribe with a link in the e-mail.
              </p>
              {draft.recipients.map((recipient, index) => {
                const problem = message(error, `recipients.${index}`);
                return (
                  <div className="recipient-row" key={index}>
                    <input
                      ref={(element) => {
                        recipientRefs.current[index] = element;
                      }}
                      type="email"
                      aria-label={`Recipient ${index + 1}`}
                      value={recipient}
                      onChange={(e) => set({ recipients: draft.recipients.map((r, i) => (i === index ? e.target.value : r)) })}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-recipient-${index}-error` : undefined}
                      autoComplete="off"
                      placeholder="name@example.com"
                    />
                    {draft.recipients.length > 1 && (
                      <button
                        type="button"
                        className="btn btn-danger-ghost btn-small"
                        aria-label={`Remove recipient ${index + 1}${recipient ? ` (${recipient})` : ''}`}
                        onClick={() => set({ recipients: draft.recipients.filter((_, i) => i !== index) })}
                      >
                        Remove
                      </button>
                    )}
                    {problem && (
                      <p id={`${id}-recipient-${index}-error`} className="field-error">
                        {problem}
                      </p>
                    )}
                  </div>
                );
              })}
              <div>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => {
                    focusRecipient.current = draft.recipients.length;
                    set({ recipients: [...draft.recipients, ''] });
                  }}
                >
                  Add recipient
                </button>
              </div>
            </>
          ) : (
            <p id={`${id}-recipients-hint`}>
              {subscription ? subscription.recipients.join(', ') : email}
              <span className="muted"> — only owners and admins send reports to others.</span>
            </p>
          )}
          {recipientsError && (
            <p id={`${id}-recipients-error`} className="field-error">
              {recipientsError}
            </p>
          )}
        </fieldset>

        <fieldset className="fieldset">
          <legend>Schedule</legend>
          <div className="form-columns">
            <SelectField label="Frequency" name="cadence" value={draft.cadence} onChange={(e) => set({ cadence: e.target.value as Cadence })} error={error}>
              {CADENCES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </SelectField>
            {draft.cadence === 'WEEKLY' && (
              <SelectField label="Day of the week" name="dayOfWeek" value={draft.dayOfWeek} onChange={(e) => set({ dayOfWeek: e.target.value as DayOfWeek })} error={error}>
                {DAYS_OF_WEEK.map((d) => (
                  <option key={d} value={d}>
                    {weekdayLabel(d)}
                  </option>
                ))}
              </SelectField>
            )}
            {draft.cadence === 'MONTHLY' && (
              <Field
                label="Day of the month"
                name="dayOfMonth"
                type="number"
                min={1}
                max={28}
                step={1}
                inputMode="numeric"
                value={draft.dayOfMonth}
                onChange={(e) => set({ dayOfMonth: e.target.value })}
                hint="1 to 28, so that every month has it."
                error={error}
              />
            )}
            <Field label="Time" name="timeOfDay" type="time" value={draft.timeOfDay} onChange={(e) => set({ timeOfDay: e.target.value })} hint="In the time zone." error={error} required />
            <SelectField label="Time zone" name="timeZone" value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} error={error}>
              {zoneOptions}
            </SelectField>
          </div>
          <p className="hint">
            Goes out {describeCadence({ ...draft, dayOfMonth: Number(draft.dayOfMonth) || null }).replace(/^\w/, (c) => c.toLowerCase())}, covering the
            days since the previous report.
          </p>
        </fieldset>

        <fieldset className="fieldset">
          <legend>Scope</legend>
          <div className="form-columns">
            <SelectField label="Workloads" name="scope" value={draft.scope} onChange={(e) => set({ scope: e.target.value as Scope, scopeValue: '' })}>
              {SCOPES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </SelectField>
            {draft.scope !== 'all' && (
              <Field
                key={draft.scope}
                label={scope.field}
                name={draft.scope}
                value={draft.scopeValue}
                onChange={(e) => set({ scopeValue: e.target.value })}
                hint={scope.hint}
                error={error}
                autoComplete="off"
                required
              />
            )}
          </div>
        </fieldset>

        <fieldset className="fieldset" aria-describedby={contentError ? `${id}-content-error` : undefined}>
          <legend>Sections</legend>
          {REPORT_CONTENTS.map((c) => (
            <label key={c.value} className="checkbox">
              <input
                type="checkbox"
                name="content"
                value={c.value}
                checked={draft.content.includes(c.value)}
                onChange={(e) => set({ content: e.target.checked ? [...draft.content, c.value] : draft.content.filter((x) => x !== c.value) })}
              />
              <span>
                {c.label}
                <span className="muted"> — {c.description}</span>
              </span>
            </label>
          ))}
          {contentError && (
            <p id={`${id}-content-error`} className="field-error">
              {contentError}
            </p>
          )}
        </fieldset>

        <ErrorAlert error={error} title={subscription ? 'Could not save the subscription' : 'Could not create the subscription'} />
        <div className="form-actions start">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : subscription ? 'Save changes' : 'Create subscription'}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => onDone(null)} disabled={save.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

