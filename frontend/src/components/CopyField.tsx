import { useId, useRef } from 'react';
import { useCopy } from '../lib/useCopy';

/** A read-only value (an address, a header) with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const { state, copy } = useCopy();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={inputRef} className="mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" className="btn btn-secondary" onClick={() => copy(value, inputRef.current)} aria-label={`Copy ${label}`}>
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="hint" role="status" aria-live="polite">
        {state === 'manual' && 'Copying is blocked by the browser: the text is selected, press Ctrl+C (⌘C on a Mac) to copy it.'}
      </p>
    </div>
  );
}
