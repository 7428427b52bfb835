import { useId } from 'react';
import { addDays, isDay, type DayRange } from '../lib/days';
import { lastDayOf, PERIODS, type Period } from '../lib/periods';

interface PeriodPickerProps {
  period: string;
  /** Custom range as in the URL: first day and the day after the last. */
  from: string;
  to: string;
  /** The range currently shown, used to start a custom range from it. */
  current: DayRange | null;
  error?: string;
  onChange: (change: { period: Period; from?: string | null; to?: string | null }) => void;
}

/** Preset periods plus custom first and last days (inclusive in the form; the URL and API hold `to` exclusive). */
export function PeriodPicker({ period, from, to, current, error, onChange }: PeriodPickerProps) {
  const id = useId();
  const custom = period === 'custom';
  return (
    <div className="period-picker" role="group" aria-labelledby={`${id}-label`}>
      <div className="field">
        <label id={`${id}-label`} htmlFor={`${id}-period`}>
          Period
        </label>
        <select
          id={`${id}-period`}
          value={period}
          onChange={(e) => {
            const next = e.target.value as Period;
            if (next === 'custom') onChange({ period: next, from: current?.from ?? from, to: current?.to ?? to });
            else onChange({ period: next, from: null, to: null });
          }}
        >
          {PERIODS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {custom && (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>First day</label>
            <input
              id={`${id}-from`}
              type="date"
              value={isDay(from) ? from : ''}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => onChange({ period: 'custom', from: e.target.value, to })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>Last day</label>
            <input
              id={`${id}-to`}
              type="date"
              value={isDay(to) ? lastDayOf({ from, to }) : ''}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => onChange({ period: 'custom', from, to: isDay(e.target.value) ? addDays(e.target.value, 1) : e.target.value })}
            />
          </div>
        </>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error period-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
