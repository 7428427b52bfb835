interface Column {
  key: string;
  label: string;
  format: (value: unknown) => string;
}

/** A chart's numbers as a table in a disclosure: the text alternative of the chart, and a way to read exact values. */
export function ChartTable({ caption, columns, rows }: { caption: string; columns: Column[]; rows: Record<string, unknown>[] }) {
  if (rows.length === 0) return null;
  return (
    <details className="chart-data">
      <summary>Show the numbers</summary>
      <div className="table-scroll">
        <table className="table table-compact">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c, index) => (
                <th key={c.key} scope="col" className={index > 0 ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {columns.map((c, index) =>
                  index === 0 ? (
                    <th key={c.key} scope="row">
                      {c.format(row[c.key])}
                    </th>
                  ) : (
                    <td key={c.key} className="num">
                      {c.format(row[c.key])}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
