import { useId, useRef } from 'react';
import { useCopy } from '../lib/useCopy';

interface CodeBlockProps {
  /** Names the snippet for the copy button, e.g. "curl (JSON)". */
  title: string;
  code: string;
  /** A file name to suggest, e.g. `otel-collector.yaml`. */
  fileName?: string;
}

/** A copyable, scrollable (and keyboard-focusable) code snippet. */
export function CodeBlock({ title, code, fileName }: CodeBlockProps) {
  const id = useId();
  const preRef = useRef<HTMLPreElement>(null);
  const { state, copy } = useCopy();
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="mono muted">{fileName}</span>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => copy(code, preRef.current)} aria-describedby={`${id}-status`}>
          {state === 'copied' ? 'Copied' : `Copy ${title}`}
        </button>
      </div>
      <pre ref={preRef} tabIndex={0} aria-label={title} className="code">
        <code>{code}</code>
      </pre>
      <p id={`${id}-status`} className="hint" role="status" aria-live="polite">
        {state === 'copied' && 'Copied to the clipboard.'}
        {state === 'manual' && 'Copying is blocked by the browser: the snippet is selected, press Ctrl+C (⌘C on a Mac) to copy it.'}
      </p>
    </div>
  );
}
