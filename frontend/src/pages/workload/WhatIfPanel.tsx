import { useId, useMemo, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ApiError, isStatus, type ProblemFieldError } from '../../api/client';
import { predictWhatIf } from '../../api/endpoints';
import { useGpuModels, useInstanceTypes, useWhatIfCurrent } from '../../api/queries';
import {
  CONFIDENCE_LABELS,
  PRECISIONS,
  PROVIDERS,
  PURCHASE_OPTIONS,
  providerLabel,
  purchaseOptionLabel,
  type ConfidenceLevel,
  type EffectiveInstanceType,
  type WhatIfPrediction,
  type WhatIfRequest,
  type WorkloadConfiguration,
} from '../../api/types';
import { EmptyState, ErrorAlert, Loading } from '../../components/feedback';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { StatCard } from '../../components/StatCard';
import { formatChange, formatNumber, formatUsd, relativeChange } from '../../lib/money';

/** The form's values as typed; empty means "keep the current value". */
export interface WhatIfDraft {
  provider: string;
  region: string;
  instanceType: string;
  purchaseOption: string;
  gpuModel: string;
  gpuCount: string;
  precision: string;
  batchSize: string;
  nodes: string;
}

function text(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export function draftOf(configuration: WorkloadConfiguration): WhatIfDraft {
  return {
    provider: text(configuration.provider),
    region: text(configuration.region),
    instanceType: text(configuration.instanceType),
    purchaseOption: text(configuration.purchaseOption),
    gpuModel: text(configuration.gpuModel),
    gpuCount: text(configuration.gpuCount),
    precision: text(configuration.precision),
    batchSize: text(configuration.batchSize),
    nodes: text(configuration.nodes),
  };
}

/** The proposed configuration as the API takes it: every field the form holds, empty ones left out (they keep the current value). */
export function proposalOf(draft: WhatIfDraft): WhatIfRequest {
  const proposal: Record<string, string | number> = {};
  for (const name of ['provider', 'region', 'instanceType', 'purchaseOption', 'gpuModel', 'precision'] as const) {
    const value = draft[name].trim();
    if (value) proposal[name] = value;
  }
  for (const name of ['gpuCount', 'batchSize', 'nodes'] as const) {
    const value = draft[name].trim();
    if (value) proposal[name] = Number(value);
  }
  return proposal as WhatIfRequest;
}

/** `AWS · us-east-1 · g5.xlarge · On demand · 1 × A10G · BF16 · batch 64`. */
export function describeConfiguration(c: WorkloadConfiguration): string {
  const parts = [
    c.provider ? providerLabel(c.provider) : null,
    c.region,
    c.instanceType,
    c.purchaseOption ? purchaseOptionLabel(c.purchaseOption) : null,
    c.gpuModel ? `${c.gpuCount !== null && c.gpuCount !== undefined ? `${formatNumber(c.gpuCount)} × ` : ''}${c.gpuModel}` : null,
    c.precision,
    c.batchSize !== null && c.batchSize !== undefined ? `batch ${formatNumber(c.batchSize)}` : null,
    c.nodes !== null && c.nodes !== undefined && c.nodes > 1 ? `${formatNumber(c.nodes)} nodes` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'Unknown configuration';
}

const CONFIDENCE_HINTS: Record<ConfidenceLevel, string> = {
  HIGH: 'Measured on this workload.',
  MEDIUM: 'Fitted to several configurations this workload ran in.',
  LOW: 'Modelled from one measured configuration and the GPU catalog.',
};

/**
 * The what-if panel of a workload: a proposed configuration, prefilled with the current one (a what-if
 * that proposes nothing answers it), and the predicted throughput, unit cost and monthly cost against now.
 */
export function WhatIfPanel({ workloadKey }: { workloadKey: string }) {
  const headingId = useId();
  const current = useWhatIfCurrent(workloadKey);

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>What-if</h2>
      <p className="muted">
        Try another GPU, instance, region, purchase option, precision, batch size or node count: Costwise predicts what this workload would
        deliver and cost, with the recommenders' models and your organisation's prices.
      </p>
      {current.isPending ? (
        <Loading label="Loading the current configuration…" />
      ) : current.isError ? (
        isStatus(current.error, 404) ? (
          <EmptyState title="Nothing to predict from yet">
            Predictions start from the workload's telemetry of the last 30 days, and there is none.
          </EmptyState>
        ) : (
          <ErrorAlert error={current.error} title="Could not load the current configuration" />
        )
      ) : (
        <WhatIfForm key={workloadKey} workloadKey={workloadKey} baseline={current.data} />
      )}
    </section>
  );
}

function withValue(values: readonly string[], ...extra: (string | null | undefined)[]): string[] {
  return [...new Set([...values, ...extra.filter((v): v is string => Boolean(v))])];
}

function instanceTypeLabel(type: EffectiveInstanceType): string {
  const c = type.catalog;
  const gpu = c.gpuModel ? `${formatNumber(c.gpuCount)} × ${c.gpuModel}` : 'no GPU';
  return `${c.name} — ${gpu}, ${formatNumber(c.vcpus)} vCPU, ${formatNumber(c.memoryGiB)} GiB — ${formatUsd(type.onDemandHourlyUsd)}/h on demand`;
}

function WhatIfForm({ workloadKey, baseline }: { workloadKey: string; baseline: WhatIfPrediction }) {
  const current = baseline.current;
  const [draft, setDraft] = useState<WhatIfDraft>(() => draftOf(current));
  const predict = useMutation({ mutationFn: (proposal: WhatIfRequest) => predictWhatIf(workloadKey, proposal) });
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const error = invalid ?? predict.error;

  const gpuModels = useGpuModels();
  const ofProvider = useInstanceTypes({ provider: draft.provider }, Boolean(draft.provider));
  const ofRegion = useInstanceTypes({ provider: draft.provider, region: draft.region }, Boolean(draft.provider && draft.region));
  const regions = useMemo(
    () => withValue([...new Set((ofProvider.data ?? []).map((t) => t.catalog.region))].sort(), draft.region),
    [ofProvider.data, draft.region],
  );
  const types = useMemo(() => [...(ofRegion.data ?? [])].sort((a, b) => a.catalog.name.localeCompare(b.catalog.name)), [ofRegion.data]);
  const typeInRegion = !draft.instanceType || ofRegion.isPending || types.some((t) => t.catalog.name === draft.instanceType);

  const proposal = proposalOf(draft);
  const stale = predict.data !== undefined && JSON.stringify(predict.variables) !== JSON.stringify(proposal);
  const set = (change: Partial<WhatIfDraft>) => setDraft((d) => ({ ...d, ...change }));

  function chooseInstanceType(name: string) {
    const type = types.find((t) => t.catalog.name === name);
    // An instance type brings its GPUs: propose those, not the old ones on the new machine.
    set(type?.catalog.gpuModel ? { instanceType: name, gpuModel: type.catalog.gpuModel, gpuCount: String(type.catalog.gpuCount) } : { instanceType: name });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // An empty field keeps the current value: after a move to another provider that would mix the old
    // region or instance type into the new place, so ask for them instead.
    const problems: ProblemFieldError[] = [];
    if (draft.provider && draft.provider !== (current.provider ?? '')) {
      if (!draft.region) problems.push({ pointer: '/region', detail: `choose a region of ${providerLabel(draft.provider)}` });
      else if (!draft.instanceType && types.length > 0) problems.push({ pointer: '/instanceType', detail: `choose an instance type in ${draft.region}` });
    }
    if (problems.length > 0) {
      predict.reset();
      setInvalid(new ApiError(0, { detail: 'Some fields need a choice.', errors: problems }));
      return;
    }
    setInvalid(null);
    predict.mutate(proposal);
  }

  function reset() {
    setDraft(draftOf(current));
    setInvalid(null);
    predict.reset();
  }

  const unit = baseline.workUnit ?? 'work units';

  return (
    <>
      <p>
        <strong>Now:</strong> {describeConfiguration(current)} — {formatUsd(baseline.currentMonthlyCost)} per month
        {baseline.currentThroughputPerNode !== null && (
          <>
            , {formatNumber(baseline.currentThroughputPerNode)} {unit}/s per node
          </>
        )}
        .
      </p>
      <form className="form" onSubmit={submit} aria-label="Proposed configuration" noValidate>
        <div className="form-columns">
          <SelectField
            label="Provider"
            name="provider"
            value={draft.provider}
            onChange={(e) => set({ provider: e.target.value, region: '', instanceType: '' })}
            error={error}
          >
            {!draft.provider && <option value="">Unknown</option>}
            {withValue(PROVIDERS, draft.provider).map((p) => (
              <option key={p} value={p}>
                {providerLabel(p)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Region"
            name="region"
            value={draft.region}
            onChange={(e) => set({ region: e.target.value })}
            disabled={!draft.provider}
            hint={ofProvider.isFetching && regions.length <= 1 ? 'Loading regions…' : ofProvider.isError ? 'Could not load the regions.' : undefined}
            error={error}
          >
            {!draft.region && <option value="">{draft.provider ? 'Choose a region' : 'Choose a provider first'}</option>}
            {regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Instance type"
            name="instanceType"
            wide
            value={draft.instanceType}
            onChange={(e) => chooseInstanceType(e.target.value)}
            disabled={!draft.region}
            hint={
              ofRegion.isFetching && types.length === 0
                ? 'Loading instance types…'
                : ofRegion.isError
                  ? 'Could not load the instance types.'
                  : !typeInRegion
                    ? `${draft.instanceType} is not in the catalog for ${draft.region}: choose another.`
                    : 'Choosing one proposes its GPUs as well.'
            }
            error={error}
          >
            {!draft.instanceType && <option value="">{draft.region ? 'Choose an instance type' : 'Choose a region first'}</option>}
            {draft.instanceType && !types.some((t) => t.catalog.name === draft.instanceType) && <option value={draft.instanceType}>{draft.instanceType}</option>}
            {types.map((t) => (
              <option key={t.catalog.name} value={t.catalog.name}>
                {instanceTypeLabel(t)}
              </option>
            ))}
          </SelectField>
          <SelectField label="Purchase option" name="purchaseOption" value={draft.purchaseOption} onChange={(e) => set({ purchaseOption: e.target.value })} error={error}>
            {!draft.purchaseOption && <option value="">Unknown</option>}
            {withValue(PURCHASE_OPTIONS, draft.purchaseOption).map((o) => (
              <option key={o} value={o}>
                {purchaseOptionLabel(o)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="GPU model"
            name="gpuModel"
            value={draft.gpuModel}
            onChange={(e) => set({ gpuModel: e.target.value })}
            hint={gpuModels.isPending ? 'Loading GPU models…' : gpuModels.isError ? 'Could not load the GPU models.' : undefined}
            error={error}
          >
            {!draft.gpuModel && <option value="">No GPU</option>}
            {draft.gpuModel && !(gpuModels.data ?? []).some((m) => m.model === draft.gpuModel) && <option value={draft.gpuModel}>{draft.gpuModel}</option>}
            {(gpuModels.data ?? []).map((m) => (
              <option key={m.model} value={m.model}>
                {m.model} — {m.architecture}, {formatNumber(m.memoryGiB)} GiB
              </option>
            ))}
          </SelectField>
          <Field
            label="GPUs per node"
            name="gpuCount"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={draft.gpuCount}
            onChange={(e) => set({ gpuCount: e.target.value })}
            hint="0.5 for half of a shared GPU."
            error={error}
          />
          <SelectField label="Precision" name="precision" value={draft.precision} onChange={(e) => set({ precision: e.target.value })} error={error}>
            {!draft.precision && <option value="">Unknown</option>}
            {withValue(PRECISIONS, draft.precision).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </SelectField>
          <Field
            label="Batch size"
            name="batchSize"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={draft.batchSize}
            onChange={(e) => set({ batchSize: e.target.value })}
            hint={current.batchSize !== null ? `Now ${formatNumber(current.batchSize)}.` : 'Not reported by the workload.'}
            error={error}
          />
          <Field
            label="Nodes"
            name="nodes"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={draft.nodes}
            onChange={(e) => set({ nodes: e.target.value })}
            hint="An inference fleet's size sets its cost; training does the same work on more nodes in less time."
            error={error}
          />
        </div>
        <ErrorAlert error={error} title="Could not predict this configuration" />
        <div className="form-actions start">
          <button type="submit" className="btn btn-primary" disabled={predict.isPending}>
            {predict.isPending ? 'Predicting…' : 'Predict'}
          </button>
          <button type="button" className="btn btn-ghost" onClick={reset} disabled={predict.isPending}>
            Reset to current
          </button>
        </div>
      </form>
      {predict.data && <WhatIfResult prediction={predict.data} stale={stale} />}
    </>
  );
}

function WhatIfResult({ prediction: p, stale }: { prediction: WhatIfPrediction; stale: boolean }) {
  const headingId = useId();
  const explanationId = useId();
  const risksId = useId();
  const unit = p.workUnit ?? 'work units';
  const current = Number(p.currentMonthlyCost);
  const predicted = Number(p.predictedMonthlyCost);
  const difference = Math.round((predicted - current) * 100) / 100;
  const change = relativeChange(predicted, current);
  const changeText = change === null ? '' : ` (${formatChange(change)})`;
  const currentPerMillion = p.currentCostPerThousandUnits === null ? null : Number(p.currentCostPerThousandUnits) * 1000;
  const headline =
    difference < 0
      ? `Saves ${formatUsd(-difference)} per month${changeText}.`
      : difference > 0
        ? `Costs ${formatUsd(difference)} more per month${changeText}.`
        : 'Costs the same per month.';

  return (
    <section className="whatif-result" aria-labelledby={headingId}>
      <h3 id={headingId}>Prediction</h3>
      <p className="muted">For {describeConfiguration(p.proposed)}.</p>
      <p className={`whatif-headline ${difference < 0 ? 'whatif-saves' : difference > 0 ? 'whatif-costs' : ''}`} role="status">
        {headline}
      </p>
      {stale && (
        <div className="alert alert-info" role="note">
          You changed the configuration since this prediction: press Predict to update it.
        </div>
      )}
      <div className="stats">
        <StatCard label="Monthly cost" value={formatUsd(p.predictedMonthlyCost)}>
          <p>Now {formatUsd(p.currentMonthlyCost)}</p>
        </StatCard>
        <StatCard
          label={difference < 0 ? 'Monthly savings' : difference > 0 ? 'Monthly extra cost' : 'Monthly difference'}
          value={formatUsd(Math.abs(difference))}
          tone={difference > 0 ? 'warning' : 'default'}
        >
          <p>{difference === 0 ? 'No change' : change === null ? 'Nothing is spent now' : `${formatChange(change)} against now`}</p>
        </StatCard>
        {p.predictedThroughputPerNode !== null ? (
          <StatCard label="Throughput per node" value={`${formatNumber(p.predictedThroughputPerNode)} ${unit}/s`}>
            <p>
              Now {formatNumber(p.currentThroughputPerNode)} {unit}/s · ×{formatNumber(p.speedup)} per GPU
            </p>
          </StatCard>
        ) : (
          <StatCard label="Speed per GPU" value={`×${formatNumber(p.speedup)}`}>
            <p>The workload reports no throughput.</p>
          </StatCard>
        )}
        {p.predictedCostPerMillionUnits !== null && (
          <StatCard label={`Cost per 1M ${unit}`} value={formatUsd(p.predictedCostPerMillionUnits)}>
            <p>
              Now {formatUsd(currentPerMillion)} · {formatUsd(p.predictedCostPerThousandUnits)} per 1k
            </p>
          </StatCard>
        )}
        <StatCard label="Confidence" value={CONFIDENCE_LABELS[p.confidence] ?? p.confidence}>
          <p>{CONFIDENCE_HINTS[p.confidence]}</p>
        </StatCard>
      </div>
      {p.risks.length > 0 && (
        <div className="alert alert-warning" role="note" aria-labelledby={risksId}>
          <h4 id={risksId}>Risks</h4>
          <ul aria-labelledby={risksId}>
            {p.risks.map((risk, index) => (
              <li key={index}>{risk}</li>
            ))}
          </ul>
        </div>
      )}
      {p.explanation.length > 0 && (
        <>
          <h4 id={explanationId}>How it was predicted</h4>
          <ul className="notes" aria-labelledby={explanationId}>
            {p.explanation.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
