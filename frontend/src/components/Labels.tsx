/** A workload's labels as `name=value` chips. */
export function Labels({ labels }: { labels: Record<string, string> | null | undefined }) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return <span className="muted">No labels</span>;
  return (
    <span className="chips">
      {entries.map(([name, value]) => (
        <span key={name} className="chip">
          {name}={value}
        </span>
      ))}
    </span>
  );
}
