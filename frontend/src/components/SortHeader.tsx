export type SortDirection = 'asc' | 'desc';

interface SortHeaderProps {
  label: string;
  column: string;
  sort: { column: string; direction: SortDirection };
  onSort: (column: string, direction: SortDirection) => void;
  numeric?: boolean;
  /** The direction a first click sorts in (amounts: largest first). */
  firstDirection?: SortDirection;
}

/** A column header that sorts the table: a button inside the `th`, with `aria-sort` on the header. */
export function SortHeader({ label, column, sort, onSort, numeric = false, firstDirection = numeric ? 'desc' : 'asc' }: SortHeaderProps) {
  const active = sort.column === column;
  const next: SortDirection = active ? (sort.direction === 'asc' ? 'desc' : 'asc') : firstDirection;
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column, next)}>
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
