import type { Column, ColumnMap } from './columns.js';
import type { CsvRecord } from './csv.js';

/** What is wrong with one row of the file, by physical line and (when it is about one cell) column. */
export interface RowError {
  line: number;
  column?: Column;
  message: string;
}

/** One row of the file, trimmed and normalized; an empty cell is null ("not stated"). */
export interface ImportRow {
  line: number;
  customer: string | null;
  customerRef: string | null;
  site: string | null;
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  serial: string | null;
  model: string | null;
  /** Where in its site the printer stands. */
  location: string | null;
}

// Limits match what the customers API accepts, so an imported record can be edited there afterwards.
const MAX_LENGTH: Record<Column, number> = {
  customer: 200, customer_ref: 100, site: 200, address: 500, city: 200, postcode: 40, country: 100, serial: 100, model: 200, location: 200,
};
const SITE_DETAILS = ['address', 'city', 'postcode', 'country'] as const;
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n]/u;
// Serials are matched against what printers report over SNMP/IPP: one token, no spaces, no zero-width characters.
const NOT_A_SERIAL = /[\s\p{Cc}\p{Cf}]/u;

/** Reads one record into a normalized row and the problems found in it alone (cross-row checks come later). */
export function readRow(record: CsvRecord, columns: ColumnMap): { row: ImportRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const line = record.line;
  const cell = (column: Column): string | null => {
    const position = columns.index[column];
    const raw = position === undefined ? '' : (record.values[position] ?? '');
    const value = normalize(raw, column === 'address');
    if (value === null) return null;
    const problem = checkValue(column, value);
    if (problem) errors.push({ line, column, message: problem });
    return value;
  };
  const row: ImportRow = {
    line,
    customer: cell('customer'),
    customerRef: cell('customer_ref'),
    site: cell('site'),
    address: cell('address'),
    city: cell('city'),
    postcode: cell('postcode'),
    country: cell('country'),
    serial: cell('serial'),
    model: cell('model'),
    location: cell('location'),
  };

  if (row.customer === null) {
    const message = row.site !== null ? `site "${row.site}" is given without a customer; name the customer it belongs to` : 'customer is empty; every row needs one';
    errors.push({ line, column: 'customer', message });
  }
  for (const column of SITE_DETAILS) {
    if (row.site === null && row[column] !== null) errors.push({ line, column, message: `${column} is given but site is empty; addresses belong to a site` });
  }
  if (row.serial === null && row.model !== null) errors.push({ line, column: 'model', message: 'model is given without a serial' });
  if (row.serial === null && row.location !== null) errors.push({ line, column: 'location', message: 'location is given without a serial' });
  for (const position of columns.unnamed) {
    if ((record.values[position] ?? '').trim() !== '') errors.push({ line, message: `column ${position + 1} has a value but no header` });
  }
  return { row, errors };
}

/** Trims a cell and unifies Unicode and line breaks; null when nothing is left. */
function normalize(raw: string, multiline: boolean): string | null {
  let value = raw.normalize('NFC').trim();
  if (multiline) value = value.replace(/\r\n?/g, '\n');
  return value === '' ? null : value;
}

function checkValue(column: Column, value: string): string | null {
  const length = [...value].length;
  if (length > MAX_LENGTH[column]) return `${column} is ${length} characters long; at most ${MAX_LENGTH[column]} are allowed`;
  if (column === 'serial' && NOT_A_SERIAL.test(value)) return `serial "${printable(value)}" contains spaces or invisible characters; a serial is one word`;
  if ((column === 'address' ? CONTROL_EXCEPT_NEWLINE : CONTROL).test(value)) return `${column} contains a control character (${column === 'address' ? 'only line breaks are allowed' : 'line breaks and tabs are not allowed here'})`;
  return null;
}

/** The value with invisible characters made visible, for error messages. */
function printable(value: string): string {
  return value.replace(/[\s\p{Cc}\p{Cf}]/gu, (char) => (char === ' ' ? '␠' : `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`));
}
