import { AppError } from './errors.js';

/** A page of results with an opaque cursor for the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Encodes the sort key of the last row of a page as an opaque cursor. */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify([key]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`, or throws `bad-request` for anything else. */
export function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 1 && typeof parsed[0] === 'string') return parsed[0];
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad-request', 'The cursor is not one this server handed out; start again without it.');
}

/** Cuts a result fetched with limit+1 rows into a page, using `keyOf` of the last row as the cursor. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
