import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { setGpuHourPrice, setInstancePrice, setProviderDiscount } from '../../api/endpoints';
import { queryKeys, useGpuModels, useInstanceTypes } from '../../api/queries';
import {
  CLOUD_PROVIDERS,
  PURCHASE_OPTIONS,
  providerLabel,
  purchaseOptionLabel,
  type EffectiveInstanceType,
  type PriceOverride,
  type PurchaseOption,
} from '../../api/types';
import { ErrorAlert, SuccessNotice } from '../../components/feedback';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { formatDay, todayUtc } from '../../lib/days';
import { formatNumber, formatUsd } from '../../lib/money';

/** `""` stays absent (so the server names the missing field); anything else is sent as a JSON number. */
function amount(text: string): number {
  return text.trim() === '' ? (undefined as unknown as number) : Number(text);
}

function useOverrideMutation<V>(save: (variables: V) => Promise<PriceOverride>, onSaved: () => void) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<PriceOverride | null>(null);
  const mutation = useMutation({
    mutationFn: save,
    onMutate: () => setSaved(null),
    onSuccess: async (override) => {
      setSaved(override);
      onSaved();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.priceOverrides }),
        queryClient.invalidateQueries({ queryKey: ['instance-types'] }),
        // Costs are recomputed with the new prices in the background.
        queryClient.invalidateQueries({ queryKey: ['costs'] }),
      ]);
    },
  });
  return { mutation, saved };
}

function OverrideCard({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="muted">{description}</p>
      {children}
    </section>
  );
}

function CommonFields({
  effectiveFrom,
  note,
  onChange,
  error,
}: {
  effectiveFrom: string;
  note: string;
  onChange: (change: { effectiveFrom?: string; note?: string }) => void;
  error: unknown;
}) {
  return (
    <>
      <Field
        label="From (UTC day)"
        name="effectiveFrom"
        type="date"
        value={effectiveFrom}
        onChange={(e) => onChange({ effectiveFrom: e.target.value })}
        hint="The first day it applies; earlier days keep their prices."
        error={error}
      />
      <Field label="Note" name="note" value={note} maxLength={500} onChange={(e) => onChange({ note: e.target.value })} error={error} placeholder="e.g. 2027 enterprise agreement" />
    </>
  );
}

function Saved({ override, what }: { override: PriceOverride | null; what: string }) {
  if (!override) return null;
  return (
    <SuccessNotice>
      Saved: {what} from {formatDay(override.effectiveFrom)}. Costs are being recomputed.
    </SuccessNotice>
  );
}

export function DiscountForm() {
  const [provider, setProvider] = useState<string>('aws');
  const [percent, setPercent] = useState('');
  const [common, setCommon] = useState({ effectiveFrom: todayUtc(), note: '' });
  const { mutation, saved } = useOverrideMutation(
    (v: { provider: string; discountPercent: number; effectiveFrom: string; note: string }) =>
      setProviderDiscount(v.provider, { discountPercent: v.discountPercent, effectiveFrom: v.effectiveFrom, note: v.note || null }),
    () => {
      setPercent('');
      setCommon((c) => ({ ...c, note: '' }));
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({ provider, discountPercent: amount(percent), ...common });
  }

  return (
    <OverrideCard title="Provider discount" description="A percentage off every catalog price of a provider, e.g. an enterprise discount.">
      <form className="form" onSubmit={submit}>
        <SelectField label="Provider" name="provider" value={provider} onChange={(e) => setProvider(e.target.value)} error={mutation.error}>
          {CLOUD_PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {providerLabel(p)}
            </option>
          ))}
        </SelectField>
        <Field
          label="Discount (%)"
          name="discountPercent"
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          required
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
          hint="0 up to, not including, 100."
          error={mutation.error}
        />
        <CommonFields {...common} onChange={(c) => setCommon((x) => ({ ...x, ...c }))} error={mutation.error} />
        <ErrorAlert error={mutation.error} title="Could not save the discount" />
        <Saved override={saved} what={saved ? `${formatNumber(saved.discountPercent)}% off ${providerLabel(saved.provider)}` : ''} />
        <div className="form-actions start">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : 'Save discount'}
          </button>
        </div>
      </form>
    </OverrideCard>
  );
}

function instanceTypeLabel(type: EffectiveInstanceType): string {
  const c = type.catalog;
  const gpu = c.gpuModel ? `${formatNumber(c.gpuCount)}× ${c.gpuModel}, ` : '';
  return `${c.name} — ${gpu}${formatNumber(c.vcpus)} vCPU, ${formatNumber(c.memoryGiB)} GiB — ${formatUsd(type.onDemandHourlyUsd)}/h`;
}

export function InstancePriceForm() {
  const [provider, setProvider] = useState<string>('aws');
  const [region, setRegion] = useState('');
  const [instanceType, setInstanceType] = useState('');
  const [purchaseOption, setPurchaseOption] = useState<PurchaseOption>('ON_DEMAND');
  const [hourly, setHourly] = useState('');
  const [common, setCommon] = useState({ effectiveFrom: todayUtc(), note: '' });

  const ofProvider = useInstanceTypes({ provider });
  const regions = useMemo(() => [...new Set((ofProvider.data ?? []).map((t) => t.catalog.region))].sort(), [ofProvider.data]);
  const ofRegion = useInstanceTypes({ provider, region }, Boolean(region));
  const types = useMemo(() => [...(ofRegion.data ?? [])].sort((a, b) => a.catalog.name.localeCompare(b.catalog.name)), [ofRegion.data]);
  const chosen = types.find((t) => t.catalog.name === instanceType);

  const { mutation, saved } = useOverrideMutation(
    (v: { provider: string; region: string; instanceType: string; purchaseOption: PurchaseOption; hourlyPriceUsd: number; effectiveFrom: string; note: string }) =>
      setInstancePrice(
        { provider: v.provider, region: v.region, instanceType: v.instanceType, purchaseOption: v.purchaseOption },
        { hourlyPriceUsd: v.hourlyPriceUsd, effectiveFrom: v.effectiveFrom, note: v.note || null },
      ),
    () => {
      setHourly('');
      setCommon((c) => ({ ...c, note: '' }));
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({ provider, region, instanceType, purchaseOption, hourlyPriceUsd: amount(hourly), ...common });
  }

  const currentPrice = chosen ? (purchaseOption === 'SPOT' ? chosen.spotHourlyUsd : chosen.onDemandHourlyUsd) : null;

  return (
    <OverrideCard title="Instance price" description="Your negotiated hourly price of one instance type in a region, replacing the catalog price and any discount.">
      <form className="form form-columns" onSubmit={submit}>
        <SelectField
          label="Provider"
          name="provider"
          value={provider}
          onChange={(e) => {
            setProvider(e.target.value);
            setRegion('');
            setInstanceType('');
          }}
          error={mutation.error}
        >
          {CLOUD_PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {providerLabel(p)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Region"
          name="region"
          value={region}
          onChange={(e) => {
            setRegion(e.target.value);
            setInstanceType('');
          }}
          disabled={ofProvider.isPending || regions.length === 0}
          hint={ofProvider.isPending ? 'Loading regions…' : ofProvider.isError ? 'Could not load the regions.' : undefined}
          error={mutation.error}
          required
        >
          <option value="">Choose a region</option>
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
          value={instanceType}
          onChange={(e) => setInstanceType(e.target.value)}
          disabled={!region || ofRegion.isPending}
          hint={region && ofRegion.isPending ? 'Loading instance types…' : ofRegion.isError ? 'Could not load the instance types.' : undefined}
          error={mutation.error}
          required
        >
          <option value="">{region ? 'Choose an instance type' : 'Choose a region first'}</option>
          {types.map((t) => (
            <option key={t.catalog.name} value={t.catalog.name}>
              {instanceTypeLabel(t)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Purchase option"
          name="purchaseOption"
          value={purchaseOption}
          onChange={(e) => setPurchaseOption(e.target.value as PurchaseOption)}
          error={mutation.error}
        >
          {PURCHASE_OPTIONS.map((o) => (
            <option key={o} value={o}>
              {purchaseOptionLabel(o)}
            </option>
          ))}
        </SelectField>
        <Field
          label="Hourly price (USD)"
          name="hourlyPriceUsd"
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          required
          value={hourly}
          onChange={(e) => setHourly(e.target.value)}
          hint={currentPrice !== null && currentPrice !== undefined ? `You pay ${formatUsd(currentPrice)}/h today.` : undefined}
          error={mutation.error}
        />
        <CommonFields {...common} onChange={(c) => setCommon((x) => ({ ...x, ...c }))} error={mutation.error} />
        <ErrorAlert error={mutation.error} title="Could not save the instance price" />
        <Saved
          override={saved}
          what={saved ? `${saved.instanceType} in ${saved.region} at ${formatUsd(saved.hourlyPriceUsd)}/h (${purchaseOptionLabel(saved.purchaseOption)})` : ''}
        />
        <div className="form-actions start">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : 'Save instance price'}
          </button>
        </div>
      </form>
    </OverrideCard>
  );
}

export function GpuHourPriceForm() {
  const models = useGpuModels();
  const [gpuModel, setGpuModel] = useState('');
  const [hourly, setHourly] = useState('');
  const [common, setCommon] = useState({ effectiveFrom: todayUtc(), note: '' });
  const { mutation, saved } = useOverrideMutation(
    (v: { gpuModel: string; hourlyPriceUsd: number; effectiveFrom: string; note: string }) =>
      setGpuHourPrice(v.gpuModel, { hourlyPriceUsd: v.hourlyPriceUsd, effectiveFrom: v.effectiveFrom, note: v.note || null }),
    () => {
      setHourly('');
      setCommon((c) => ({ ...c, note: '' }));
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({ gpuModel, hourlyPriceUsd: amount(hourly), ...common });
  }

  return (
    <OverrideCard title="GPU-hour price" description="What an hour of one of your own (on-premises) GPUs costs, e.g. amortized hardware, power and hosting.">
      <form className="form" onSubmit={submit}>
        <SelectField
          label="GPU model"
          name="gpuModel"
          value={gpuModel}
          onChange={(e) => setGpuModel(e.target.value)}
          disabled={models.isPending}
          hint={models.isPending ? 'Loading GPU models…' : models.isError ? 'Could not load the GPU models.' : undefined}
          error={mutation.error}
          required
        >
          <option value="">Choose a GPU model</option>
          {(models.data ?? []).map((m) => (
            <option key={m.model} value={m.model}>
              {m.vendor} {m.model} — {m.architecture}, {formatNumber(m.memoryGiB)} GiB
            </option>
          ))}
        </SelectField>
        <Field
          label="Price per GPU-hour (USD)"
          name="hourlyPriceUsd"
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          required
          value={hourly}
          onChange={(e) => setHourly(e.target.value)}
          error={mutation.error}
        />
        <CommonFields {...common} onChange={(c) => setCommon((x) => ({ ...x, ...c }))} error={mutation.error} />
        <ErrorAlert error={mutation.error} title="Could not save the GPU-hour price" />
        <Saved override={saved} what={saved ? `${saved.gpuModel} at ${formatUsd(saved.hourlyPriceUsd)} per GPU-hour` : ''} />
        <div className="form-actions start">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : 'Save GPU-hour price'}
          </button>
        </div>
      </form>
    </OverrideCard>
  );
}
