import { formatChange, relativeChange } from '../lib/money';

interface TrendProps {
  current: number;
  previous: number | undefined;
  /** What is compared with, e.g. "Oct 1 – 23". */
  against: string;
}

/** The change against an earlier period in words, with an arrow for sighted users. */
export function Trend({ current, previous, against }: TrendProps) {
  if (previous === undefined) return null;
  const change = relativeChange(current, previous);
  if (change === null) {
    return <p className="trend muted">{current === 0 ? `No cost in ${against} either` : `No cost in ${against} to compare with`}</p>;
  }
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■';
  return (
    <p className={`trend trend-${direction}`}>
      <span aria-hidden="true">{arrow} </span>
      {direction === 'flat' ? 'No change' : formatChange(change)} vs {against}
    </p>
  );
}
