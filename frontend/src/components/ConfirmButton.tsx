import { useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** Button label, e.g. "Revoke". */
  label: string;
  /** Question shown while confirming, e.g. "Revoke key “CI”?" */
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  busy?: boolean;
  /** Accessible name for the initial button when the visible label alone is ambiguous in a table. */
  ariaLabel?: string;
}

/** A destructive action that asks for an inline confirmation (keyboard friendly, no native dialog). */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled, busy, ariaLabel }: ConfirmButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) triggerRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className="btn btn-danger-ghost btn-small"
        onClick={() => setConfirming(true)}
        disabled={disabled || busy}
        aria-label={ariaLabel}
      >
        {busy ? `${label}…` : label}
      </button>
    );
  }

  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="btn btn-danger btn-small"
        onClick={() => {
          setConfirming(false);
          onConfirm();
        }}
        onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}
      >
        {confirmLabel ?? `Yes, ${label.toLowerCase()}`}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}
