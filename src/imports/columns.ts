import { AppError } from '../platform/errors.js';

/** The columns an import file may have, in the order the documentation lists them. */
export const COLUMNS = ['customer', 'customer_ref', 'site', 'address', 'city', 'postcode', 'country', 'serial', 'model', 'location'] as const;

export type Column = (typeof COLUMNS)[number];

/** Which file column (0-based) holds each known column; blank-header columns are listed so stray values in them can be reported. */
export interface ColumnMap {
  index: Partial<Record<Column, number>>;
  unnamed: number[];
}

const REQUIRED: readonly Column[] = ['customer'];

// Exports from other tools write "Customer Ref", "CUSTOMER_REF" or "customer-ref": compare without case or separators.
const squash = (header: string) => header.normalize('NFC').toLowerCase().replace(/[\s_-]+/g, '');
const BY_SQUASHED = new Map<string, Column>(COLUMNS.map((column) => [squash(column), column]));

/** Maps a header row to columns; throws `bad-request` naming every unknown, duplicate or missing column. */
export function mapHeader(header: readonly string[]): ColumnMap {
  const index: Partial<Record<Column, number>> = {};
  const unnamed: number[] = [];
  const unknown: string[] = [];
  const duplicate: string[] = [];
  header.forEach((raw, position) => {
    const name = raw.trim();
    if (name === '') return void unnamed.push(position);
    const column = BY_SQUASHED.get(squash(name));
    if (!column) return void unknown.push(name);
    if (index[column] !== undefined) return void duplicate.push(column);
    index[column] = position;
  });
  const missing = REQUIRED.filter((column) => index[column] === undefined);
  if (unknown.length + duplicate.length + missing.length === 0) return { index, unnamed };

  const problems = [
    unknown.length ? `unknown column${unknown.length > 1 ? 's' : ''} ${quoteAll(unknown)}` : '',
    duplicate.length ? `${quoteAll(duplicate)} appear${duplicate.length > 1 ? '' : 's'} more than once` : '',
    missing.length ? `required column ${quoteAll(missing)} is missing` : '',
  ].filter(Boolean);
  throw new AppError(
    'bad-request',
    `The header row is not usable: ${problems.join('; ')}. Accepted columns: ${COLUMNS.join(', ')} (case, spaces and underscores do not matter; ${REQUIRED.join(', ')} is required).`,
    { unknown, duplicate, missing, accepted: [...COLUMNS], required: [...REQUIRED] },
  );
}

function quoteAll(names: string[]): string {
  return names.map((name) => `"${name.length > 60 ? `${name.slice(0, 60)}…` : name}"`).join(', ');
}
