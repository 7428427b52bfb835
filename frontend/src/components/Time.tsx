import { formatDate, formatDateTime, formatFull } from '../lib/format';

interface TimeProps {
  value: string | null | undefined;
  /** Shown when the value is absent. */
  fallback?: string;
  dateOnly?: boolean;
}

/** A `<time>` element rendered in the user's time zone, with the full timestamp as a tooltip. */
export function Time({ value, fallback = '—', dateOnly = false }: TimeProps) {
  if (!value) return <span className="muted">{fallback}</span>;
  const text = dateOnly ? formatDate(value, fallback) : formatDateTime(value, fallback);
  return (
    <time dateTime={value} title={formatFull(value)}>
      {text}
    </time>
  );
}
