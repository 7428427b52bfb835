import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';
import { fieldMessage } from './Field';

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  name: string;
  hint?: ReactNode;
  /** Error from the last submission; the message for this field (matched by `name`) is shown inline. */
  error?: unknown;
  children: ReactNode;
  /** Takes two columns of a multi-column form (for long option texts). */
  wide?: boolean;
}

/** Labelled select with optional hint and inline server-side validation message (the select twin of `Field`). */
export function SelectField({ label, name, hint, error, children, wide = false, ...select }: SelectFieldProps) {
  const id = useId();
  const message = fieldMessage(error, name);
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={message ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={`${id}-error`} className="field-error">
          {message}
        </p>
      )}
    </div>
  );
}
