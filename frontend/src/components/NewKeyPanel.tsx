import { useEffect, useRef, useState } from 'react';
import type { ApiKeyCreated } from '../api/types';

type CopyState = 'idle' | 'copied' | 'manual';

/** Shows a freshly created API key exactly once, with a copy button and a warning. */
export function NewKeyPanel({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function copyKey() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('Clipboard API unavailable');
      await navigator.clipboard.writeText(created.key);
      setCopy('copied');
    } catch {
      // Fallback: select the text so the user can copy it with the keyboard.
      const input = inputRef.current;
      input?.focus();
      input?.select();
      let copied = false;
      try {
        copied = typeof document.execCommand === 'function' && document.execCommand('copy');
      } catch {
        copied = false;
      }
      setCopy(copied ? 'copied' : 'manual');
    }
  }

  return (
    <section className="card key-panel" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading" ref={headingRef} tabIndex={-1}>
        API key “{created.name}” created
      </h2>
      <div className="alert alert-warning" role="note">
        Copy this key now and store it somewhere safe. For your security it <strong>will not be shown again</strong>.
      </div>
      <div className="field">
        <label htmlFor="new-api-key">Your new API key</label>
        <div className="copy-row">
          <input
            id="new-api-key"
            ref={inputRef}
            className="mono"
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" className="btn btn-primary" onClick={copyKey}>
            {copy === 'copied' ? 'Copied' : 'Copy'}
          </button>
        </div>
        <p className="hint" role="status" aria-live="polite">
          {copy === 'copied' && 'Copied to the clipboard.'}
          {copy === 'manual' && 'Copying is blocked by the browser: the key is selected, press Ctrl+C (⌘C on a Mac) to copy it.'}
        </p>
      </div>
      <p className="muted">
        Use it as <code>Authorization: Bearer &lt;key&gt;</code>. Scopes: {created.scopes.join(', ') || 'none'}.
      </p>
      <div className="form-actions start">
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          I have saved the key
        </button>
      </div>
    </section>
  );
}
