import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changeWorkload } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import { kindLabel, PROVIDERS, providerLabel, WORKLOAD_KINDS, type Workload, type WorkloadChanges } from '../../api/types';
import { ErrorAlert, SuccessNotice } from '../../components/feedback';
import { Field, fieldMessage } from '../../components/Field';
import { SelectField } from '../../components/SelectField';

interface Draft {
  kind: string;
  labels: { name: string; value: string }[];
  latencySloP95Ms: string;
  interruptible: boolean;
  allowedRegions: string;
  allowedProviders: string[];
}

function draftOf(workload: Workload): Draft {
  return {
    kind: workload.kind ?? '',
    labels: Object.entries(workload.labels ?? {}).map(([name, value]) => ({ name, value })),
    latencySloP95Ms: workload.latencySloP95Ms === null || workload.latencySloP95Ms === undefined ? '' : String(workload.latencySloP95Ms),
    interruptible: workload.interruptible,
    allowedRegions: (workload.allowedRegions ?? []).join(', '),
    allowedProviders: workload.allowedProviders ?? [],
  };
}

function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The merge patch from the saved workload to the draft: only changed fields, `null` to clear.
 * Labels are replaced as a whole (that is how the API applies them).
 */
export function workloadPatch(workload: Workload, draft: Draft): WorkloadChanges {
  const patch: Record<string, unknown> = {};
  if (draft.kind !== (workload.kind ?? '')) patch.kind = draft.kind || null;
  const labels = Object.fromEntries(draft.labels.filter((l) => l.name.trim()).map((l) => [l.name.trim(), l.value]));
  if (JSON.stringify(labels) !== JSON.stringify(workload.labels ?? {})) patch.labels = labels;
  const slo = draft.latencySloP95Ms.trim() === '' ? null : Number(draft.latencySloP95Ms);
  if (slo !== (workload.latencySloP95Ms ?? null)) patch.latencySloP95Ms = slo;
  if (draft.interruptible !== workload.interruptible) patch.interruptible = draft.interruptible;
  const regions = splitList(draft.allowedRegions);
  if (!sameList(regions, workload.allowedRegions ?? [])) patch.allowedRegions = regions;
  const providers = PROVIDERS.filter((p) => draft.allowedProviders.includes(p));
  if (!sameList(providers, workload.allowedProviders ?? [])) patch.allowedProviders = providers;
  return patch as WorkloadChanges;
}

/** A workload's settings: editable by members and above, read-only for viewers. */
export function WorkloadSettings({ workload, editable }: { workload: Workload; editable: boolean }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(workload));
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setDraft(draftOf(workload)), [workload]);

  const save = useMutation({
    mutationFn: (changes: WorkloadChanges) => changeWorkload(workload.key, changes),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.workload(saved.key), saved);
      setNotice('Settings saved.');
      return queryClient.invalidateQueries({ queryKey: ['workloads'] });
    },
  });

  const patch = workloadPatch(workload, draft);
  const dirty = Object.keys(patch).length > 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (dirty) save.mutate(patch);
  }

  const setLabel = (index: number, change: Partial<{ name: string; value: string }>) =>
    setDraft((d) => ({ ...d, labels: d.labels.map((l, i) => (i === index ? { ...l, ...change } : l)) }));
  const labelsError = fieldMessage(save.error, 'labels');

  return (
    <form className="form" onSubmit={submit} aria-label="Workload settings">
      {!editable && (
        <div className="alert alert-info" role="note">
          Viewers can see these settings; members, admins and owners can change them.
        </div>
      )}
      <fieldset className="plain-fieldset" disabled={!editable}>
        <div className="form-grid">
          <SelectField label="Kind" name="kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })} error={save.error}>
            <option value="">Not set</option>
            {WORKLOAD_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </SelectField>
          <Field
            label="Latency SLO, p95 (ms)"
            name="latencySloP95Ms"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={draft.latencySloP95Ms}
            onChange={(e) => setDraft({ ...draft, latencySloP95Ms: e.target.value })}
            hint="Inference only: batch-size recommendations keep p95 latency under it. Empty for none."
            error={save.error}
          />
          <Field
            label="Allowed regions"
            name="allowedRegions"
            value={draft.allowedRegions}
            onChange={(e) => setDraft({ ...draft, allowedRegions: e.target.value })}
            hint="Comma-separated, e.g. us-east-1, eu-west-1. Empty: any region."
            error={save.error}
            autoComplete="off"
          />
        </div>

        <fieldset className="fieldset" aria-describedby={fieldMessage(save.error, 'allowedProviders') ? `${id}-providers-error` : undefined}>
          <legend>Allowed providers</legend>
          <p className="hint">Where placement recommendations may move this workload. None ticked: any provider.</p>
          <div className="checkbox-row">
            {PROVIDERS.map((p) => (
              <label key={p} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.allowedProviders.includes(p)}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      allowedProviders: e.target.checked ? [...draft.allowedProviders, p] : draft.allowedProviders.filter((x) => x !== p),
                    })
                  }
                />
                <span>{providerLabel(p)}</span>
              </label>
            ))}
          </div>
          {fieldMessage(save.error, 'allowedProviders') && (
            <p id={`${id}-providers-error`} className="field-error">
              {fieldMessage(save.error, 'allowedProviders')}
            </p>
          )}
        </fieldset>

        <label className="checkbox">
          <input type="checkbox" checked={draft.interruptible} onChange={(e) => setDraft({ ...draft, interruptible: e.target.checked })} />
          <span>
            Interruptible
            <span className="muted"> — it can resume after an interruption, so spot capacity may be recommended</span>
          </span>
        </label>

        <fieldset className="fieldset" aria-describedby={labelsError ? `${id}-labels-error` : undefined}>
          <legend>Labels</legend>
          <p className="hint">Free name = value pairs; team and project group costs.</p>
          {draft.labels.length === 0 && <p className="muted">No labels.</p>}
          {draft.labels.map((label, index) => (
            <div className="label-row" key={index}>
              <input
                aria-label={`Label ${index + 1} name`}
                value={label.name}
                onChange={(e) => setLabel(index, { name: e.target.value })}
                placeholder="name"
                autoComplete="off"
              />
              <span aria-hidden="true">=</span>
              <input
                aria-label={`Label ${index + 1} value`}
                value={label.value}
                onChange={(e) => setLabel(index, { value: e.target.value })}
                placeholder="value"
                autoComplete="off"
              />
              {editable && (
                <button
                  type="button"
                  className="btn btn-danger-ghost btn-small"
                  aria-label={`Remove label ${label.name || index + 1}`}
                  onClick={() => setDraft((d) => ({ ...d, labels: d.labels.filter((_, i) => i !== index) }))}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          {labelsError && (
            <p id={`${id}-labels-error`} className="field-error">
              {labelsError}
            </p>
          )}
          {editable && (
            <div>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setDraft((d) => ({ ...d, labels: [...d.labels, { name: '', value: '' }] }))}>
                Add label
              </button>
            </div>
          )}
        </fieldset>
      </fieldset>

      <ErrorAlert error={save.error} title="Could not save the settings" />
      {notice && !dirty && <SuccessNotice>{notice}</SuccessNotice>}
      {editable && (
        <div className="form-actions start">
          <button type="submit" className="btn btn-primary" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
          <button type="button" className="btn btn-ghost" disabled={!dirty || save.isPending} onClick={() => setDraft(draftOf(workload))}>
            Discard changes
          </button>
        </div>
      )}
    </form>
  );
}
