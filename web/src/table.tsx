import type { KeyboardEvent, ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /** The column's name on a phone, where each row is a card and the header row is not shown; defaults to `header` when that is text. */
  label?: string;
  cell(row: T): ReactNode;
  className?: string;
  /** The card's title on a phone: spans the card's width, without a label. */
  primary?: boolean;
  /** Spans the card's width on a phone (long text, a list of levels). */
  wide?: boolean;
  /** Left out on a phone, where the room goes to what matters at a printer. */
  phoneHidden?: boolean;
}

/**
 * A list as a table on a desk and as one card per row on a phone (below 760 px, styles.css), so no list
 * ever scrolls sideways: the fleet, the request board, and the pages that build on them (jobs, picking).
 * `onOpen` makes a row open its details by click or Enter; `selection` adds the bulk-action checkboxes.
 */
export function DataTable<T>({ columns, rows, rowKey, label, rowLabel, onOpen, openKey, selection, className, rowClass }: {
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): string;
  label: string;
  rowLabel?(row: T): string;
  onOpen?(row: T): void;
  openKey?: string | null;
  selection?: { selected: Set<string>; toggle(key: string): void; toggleAll(): void };
  className?: string;
  /** A class on every row (a hook for tests and benchmarks). */
  rowClass?: string;
}) {
  const open = (row: T) => onOpen?.(row);
  const keyDown = (row: T) => (event: KeyboardEvent) => { if (event.key === 'Enter' && event.target === event.currentTarget) open(row); };
  return (
    <div className="table-wrap">
      <table className={`table data-table ${className ?? ''}`} aria-label={label}>
        <thead>
          <tr>
            {selection && <th className="cell-select"><input type="checkbox" aria-label="Select all" checked={rows.length > 0 && selection.selected.size === rows.length} onChange={selection.toggleAll} /></th>}
            {columns.map((c) => <th key={c.key} className={`${c.className ?? ''} ${c.phoneHidden ? 'cell-phone-hidden' : ''}`}>{c.header}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = rowKey(row);
            return (
              <tr key={key} className={`${rowClass ?? ''} ${onOpen ? 'row-openable' : ''} ${openKey === key ? 'row-open' : ''}`}
                {...(onOpen ? { onClick: () => open(row), onKeyDown: keyDown(row), tabIndex: 0, 'aria-label': rowLabel?.(row) } : {})}>
                {selection && (
                  <td className="cell-select" onClick={(e) => e.stopPropagation()}>
                    <input type="checkbox" aria-label={`Select ${rowLabel?.(row) ?? 'row'}`} checked={selection.selected.has(key)} onChange={() => selection.toggle(key)} />
                  </td>
                )}
                {columns.map((c) => (
                  <td key={c.key} data-label={c.primary ? undefined : (c.label ?? (typeof c.header === 'string' ? c.header : undefined))}
                    className={`${c.className ?? ''} ${c.primary ? 'cell-primary' : ''} ${c.wide ? 'cell-wide' : ''} ${c.phoneHidden ? 'cell-phone-hidden' : ''}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
