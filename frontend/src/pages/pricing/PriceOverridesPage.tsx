import { useCurrentUser, usePriceOverrides } from '../../api/queries';
import { canManage, providerLabel, purchaseOptionLabel, type PriceOverride } from '../../api/types';
import { EmptyState, ErrorAlert, Loading } from '../../components/feedback';
import { Time } from '../../components/Time';
import { formatDay } from '../../lib/days';
import { formatNumber, formatUsd } from '../../lib/money';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { DiscountForm, GpuHourPriceForm, InstancePriceForm } from './PriceForms';

const KIND_LABELS: Record<PriceOverride['kind'], string> = {
  DISCOUNT: 'Provider discount',
  INSTANCE_PRICE: 'Instance price',
  GPU_HOUR_PRICE: 'GPU-hour price',
};

export function PriceOverridesPage() {
  useDocumentTitle('Price overrides');
  const me = useCurrentUser();
  const admin = canManage(me.currentTenant.role);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Price overrides</h1>
          <p className="muted">
            {me.currentTenant.name}'s negotiated prices replace the catalog's from their first day (UTC) on; earlier days keep the prices they had.
          </p>
        </div>
      </div>
      {!admin && (
        <div className="alert alert-info" role="note">
          Only owners and admins can set negotiated prices.
        </div>
      )}
      {admin && (
        <>
          <InstancePriceForm />
          <div className="grid-2">
            <DiscountForm />
            <GpuHourPriceForm />
          </div>
        </>
      )}
      <OverrideHistory />
    </>
  );
}

function appliesTo(override: PriceOverride): string {
  switch (override.kind) {
    case 'DISCOUNT':
      return `${providerLabel(override.provider)} catalog prices`;
    case 'INSTANCE_PRICE':
      return [providerLabel(override.provider), override.region, override.instanceType, purchaseOptionLabel(override.purchaseOption)]
        .filter(Boolean)
        .join(' · ');
    case 'GPU_HOUR_PRICE':
      return `${override.gpuModel ?? 'GPU'} on premises`;
    default:
      return '—';
  }
}

function price(override: PriceOverride): string {
  if (override.kind === 'DISCOUNT') return override.discountPercent === null ? '—' : `${formatNumber(override.discountPercent)}% off`;
  return override.hourlyPriceUsd === null ? '—' : `${formatUsd(override.hourlyPriceUsd)} / hour`;
}

function OverrideHistory() {
  const overrides = usePriceOverrides();
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {overrides.isPending ? (
        <Loading label="Loading price overrides…" />
      ) : overrides.isError ? (
        <ErrorAlert error={overrides.error} title="Could not load the price overrides" />
      ) : overrides.data.length === 0 ? (
        <EmptyState title="No negotiated prices yet">Costs use the shipped catalog prices.</EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Every negotiated price, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Applies to</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">From (UTC)</th>
                <th scope="col">Note</th>
                <th scope="col">Set by</th>
                <th scope="col">Set</th>
              </tr>
            </thead>
            <tbody>
              {overrides.data.map((override) => (
                <tr key={override.id}>
                  <td>{KIND_LABELS[override.kind] ?? override.kind}</td>
                  <td>{appliesTo(override)}</td>
                  <td className="num">{price(override)}</td>
                  <td>{formatDay(override.effectiveFrom)}</td>
                  <td>{override.note || <span className="muted">—</span>}</td>
                  <td>{override.setBy}</td>
                  <td>
                    <Time value={override.setAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
