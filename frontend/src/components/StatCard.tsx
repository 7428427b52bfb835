import { useId, type ReactNode } from 'react';

interface StatCardProps {
  label: ReactNode;
  value: ReactNode;
  /** A formula, unit or comparison under the value. */
  children?: ReactNode;
  tone?: 'default' | 'warning';
}

/** One headline figure: a labelled group so that assistive technology reads label and value together. */
export function StatCard({ label, value, children, tone = 'default' }: StatCardProps) {
  const id = useId();
  return (
    <div className={`stat${tone === 'warning' ? ' stat-warning' : ''}`} role="group" aria-labelledby={id}>
      <p className="stat-label" id={id}>
        {label}
      </p>
      <p className="stat-value">{value}</p>
      {children && <div className="stat-hint">{children}</div>}
    </div>
  );
}
