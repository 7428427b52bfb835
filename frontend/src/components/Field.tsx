import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../api/client';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  name: string;
  hint?: ReactNode;
  /** Error from the last submission; the message for this field (matched by `name`) is shown inline. */
  error?: unknown;
}

export function fieldMessage(error: unknown, name: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.formatted.fields.find((f) => f.field === name || f.field?.split('.')[0] === name)?.message;
}

/** Labelled text input with optional hint and inline server-side validation message. */
export function Field({ label, name, hint, error, ...input }: FieldProps) {
  const id = useId();
  const message = fieldMessage(error, name);
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={message ? true : undefined} aria-describedby={describedBy} {...input} />
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
