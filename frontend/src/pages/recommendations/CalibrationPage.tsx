import { Link } from 'react-router';
import { useCalibration } from '../../api/queries';
import type { CalibrationType } from '../../api/types';
import { SavingsComparisonChart } from '../../components/charts/SavingsComparisonChart';
import { EmptyState, ErrorAlert, Loading } from '../../components/feedback';
import { SortHeader, type SortDirection } from '../../components/SortHeader';
import { StatCard } from '../../components/StatCard';
import { formatNumber, formatPercent, formatUsd } from '../../lib/money';
import { typeLabel } from '../../lib/recommendations';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useUrlState } from '../../lib/useUrlState';

type Column = 'type' | 'verified' | 'notRealized' | 'predictedMonthlySavings' | 'realizedMonthlySavings' | 'realizedShare' | 'medianRealizedShare';

const NUMERIC: readonly { column: Exclude<Column, 'type'>; label: string }[] = [
  { column: 'verified', label: 'Verified' },
  { column: 'notRealized', label: 'Not realized' },
  { column: 'predictedMonthlySavings', label: 'Predicted / month' },
  { column: 'realizedMonthlySavings', label: 'Realized / month' },
  { column: 'realizedShare', label: 'Realized share' },
  { column: 'medianRealizedShare', label: 'Median share' },
];

function sortTypes(types: CalibrationType[], column: Column, direction: SortDirection): CalibrationType[] {
  const factor = direction === 'asc' ? 1 : -1;
  return [...types].sort((a, b) => {
    if (column === 'type') return factor * typeLabel(a.type).localeCompare(typeLabel(b.type));
    const x = a[column];
    const y = b[column];
    // Unknown shares last, whatever the direction.
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    return factor * (Number(x) - Number(y));
  });
}

function sum(types: CalibrationType[], pick: (t: CalibrationType) => number | string): number {
  return types.reduce((total, t) => total + Number(pick(t) ?? 0), 0);
}

export function CalibrationPage() {
  useDocumentTitle('Calibration');
  const calibration = useCalibration();
  const [state, update] = useUrlState({ sort: 'predictedMonthlySavings', dir: 'desc' });
  const column = (state.sort === 'type' || NUMERIC.some((c) => c.column === state.sort) ? state.sort : 'predictedMonthlySavings') as Column;
  const sort = { column, direction: (state.dir === 'asc' ? 'asc' : 'desc') as SortDirection };

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/recommendations">Recommendations</Link> <span aria-hidden="true">/</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>Calibration</h1>
          <p className="muted">
            How right each recommender was: the monthly savings it predicted against those realized, measured as the unit cost before and after
            each applied recommendation settled.
          </p>
        </div>
      </div>

      {calibration.isPending ? (
        <Loading label="Loading the calibration…" />
      ) : calibration.isError ? (
        <ErrorAlert error={calibration.error} title="Could not load the calibration" />
      ) : calibration.data.types.length === 0 ? (
        <section className="card">
          <EmptyState title="Nothing verified yet">
            A recommendation is checked once it has been marked applied and a settle period of new telemetry has passed: then its realized savings
            are compared with the predicted ones here. <Link to="/recommendations">See the open recommendations.</Link>
          </EmptyState>
        </section>
      ) : (
        <CalibrationResults
          types={calibration.data.types}
          sort={sort}
          onSort={(next, direction) => update({ sort: next, dir: direction })}
        />
      )}
    </>
  );
}

function CalibrationResults({
  types,
  sort,
  onSort,
}: {
  types: CalibrationType[];
  sort: { column: Column; direction: SortDirection };
  onSort: (column: string, direction: SortDirection) => void;
}) {
  const predicted = sum(types, (t) => t.predictedMonthlySavings);
  const realized = sum(types, (t) => t.realizedMonthlySavings);
  const verified = sum(types, (t) => t.verified);
  const notRealized = sum(types, (t) => t.notRealized);
  const sorted = sortTypes(types, sort.column, sort.direction);
  return (
    <>
      <section className="stats" aria-label="All recommenders">
        <StatCard label="Checked recommendations" value={formatNumber(verified + notRealized)}>
          <p>
            {formatNumber(verified)} verified, {formatNumber(notRealized)} not realized
          </p>
        </StatCard>
        <StatCard label="Predicted savings per month" value={formatUsd(predicted)} />
        <StatCard label="Realized savings per month" value={formatUsd(realized)}>
          {predicted > 0 && <p>{formatPercent(realized / predicted)} of the predicted savings</p>}
        </StatCard>
      </section>

      <section className="card" aria-labelledby="calibration-chart-heading">
        <h2 id="calibration-chart-heading">Predicted and realized savings per type</h2>
        <SavingsComparisonChart
          title="Monthly savings per recommendation type, predicted and realized"
          rows={sorted.map((t) => ({ label: typeLabel(t.type), predicted: Number(t.predictedMonthlySavings), realized: Number(t.realizedMonthlySavings) }))}
        />
      </section>

      <section className="card" aria-labelledby="calibration-table-heading">
        <h2 id="calibration-table-heading">Per type</h2>
        <div className="table-scroll">
          <table className="table table-numbers">
            <caption className="visually-hidden">Predicted against realized savings per recommendation type</caption>
            <thead>
              <tr>
                <SortHeader label="Type" column="type" sort={sort} onSort={onSort} />
                {NUMERIC.map((c) => (
                  <SortHeader key={c.column} label={c.label} column={c.column} sort={sort} onSort={onSort} numeric />
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((t) => (
                <tr key={t.type}>
                  <th scope="row">{typeLabel(t.type)}</th>
                  <td className="num">{formatNumber(t.verified)}</td>
                  <td className="num">{formatNumber(t.notRealized)}</td>
                  <td className="num">{formatUsd(t.predictedMonthlySavings)}</td>
                  <td className="num">{formatUsd(t.realizedMonthlySavings)}</td>
                  <td className="num">{formatPercent(t.realizedShare)}</td>
                  <td className="num">{formatPercent(t.medianRealizedShare)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num">{formatNumber(verified)}</td>
                <td className="num">{formatNumber(notRealized)}</td>
                <td className="num">{formatUsd(predicted)}</td>
                <td className="num">{formatUsd(realized)}</td>
                <td className="num">{predicted > 0 ? formatPercent(realized / predicted) : '—'}</td>
                <td className="num">—</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="hint">
          Realized share: realized / predicted over all of the type's checked recommendations. Median share: the median of each one's realized /
          predicted. A recommendation is verified when it realized at least half its predicted savings.
        </p>
      </section>
    </>
  );
}
