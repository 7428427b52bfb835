import { useId } from 'react';
import { Link } from 'react-router';
import { useOpenSavings, useRecommendations } from '../api/queries';
import { workloadPath } from '../lib/costLabels';
import { formatUsd } from '../lib/money';
import { changeSummary, recommendationPath } from '../lib/recommendations';
import { EmptyState, ErrorAlert, Loading } from './feedback';
import { ConfidenceBadge } from './RecommendationBadges';
import { StatCard } from './StatCard';

const TOP = 5;

/** The Overview's open savings: the total per month (alternatives not added up) and the top recommendations by savings. */
export function RecommendationsCard() {
  const headingId = useId();
  const savings = useOpenSavings();
  const top = useRecommendations({ status: 'OPEN' }, TOP);
  const items = top.items.slice(0, TOP);

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Top recommendations</h2>
        <Link to="/recommendations">All recommendations</Link>
      </div>
      <div className="recommendations-card">
        {savings.isPending ? (
          <Loading label="Loading the open savings…" />
        ) : savings.isError ? (
          <ErrorAlert error={savings.error} title="Could not load the open savings" />
        ) : (
          <StatCard label="Open savings per month" value={formatUsd(savings.data.monthlySavings)}>
            <p>
              Across {savings.data.workloads.length} workload{savings.data.workloads.length === 1 ? '' : 's'}, without adding up alternatives
            </p>
          </StatCard>
        )}
        <div>
          {top.isPending ? (
            <Loading label="Loading recommendations…" />
          ) : top.isError ? (
            <ErrorAlert error={top.error} title="Could not load the recommendations" />
          ) : items.length === 0 ? (
            <EmptyState title="No open recommendations">
              They appear after telemetry is ingested, once Costwise has enough samples of a workload to propose a cheaper configuration.
            </EmptyState>
          ) : (
            <table className="table">
              <caption className="visually-hidden">The {TOP} open recommendations with the largest monthly savings</caption>
              <thead>
                <tr>
                  <th scope="col">Change</th>
                  <th scope="col">Workload</th>
                  <th scope="col" className="num">
                    Savings / month
                  </th>
                  <th scope="col">Confidence</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td className="cell-change">
                      <Link to={recommendationPath(r.id)}>{r.title}</Link>
                      <span className="change-summary">{changeSummary(r.current, r.proposed, '')}</span>
                    </td>
                    <td className="cell-key">
                      <Link to={workloadPath(r.workload)}>{r.workload}</Link>
                    </td>
                    <td className="num">{formatUsd(r.monthlySavings)}</td>
                    <td>
                      <ConfidenceBadge level={r.confidence.level} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
