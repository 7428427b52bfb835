import { Link } from 'react-router';
import type { Recommendation } from '../api/types';
import { workloadPath } from '../lib/costLabels';
import { formatPercent, formatUsd } from '../lib/money';
import { changeSummary, recommendationPath, typeLabel } from '../lib/recommendations';
import { ConfidenceBadge, StatusBadge } from './RecommendationBadges';

/** The recommendation table: one row each, in the server's order (largest savings first). */
export function RecommendationTable({ items, showWorkload = true }: { items: Recommendation[]; showWorkload?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Recommendations, largest monthly savings first</caption>
        <thead>
          <tr>
            <th scope="col">Change</th>
            {showWorkload && <th scope="col">Workload</th>}
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Savings / month
            </th>
            <th scope="col">Confidence</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <td className="cell-change">
                <Link to={recommendationPath(r.id)}>{r.title}</Link>
                <span className="change-summary">{changeSummary(r.current, r.proposed, '')}</span>
              </td>
              {showWorkload && (
                <td className="cell-key">
                  <Link to={workloadPath(r.workload)}>{r.workload}</Link>
                </td>
              )}
              <td>{typeLabel(r.type)}</td>
              <td className="num">
                {formatUsd(r.monthlySavings)}
                {Number(r.currentMonthlyCost) > 0 && (
                  <span className="unit unit-block">{formatPercent(Number(r.monthlySavings) / Number(r.currentMonthlyCost))} of its cost</span>
                )}
              </td>
              <td>
                <ConfidenceBadge level={r.confidence.level} />
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
