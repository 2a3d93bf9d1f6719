import { z } from 'zod';
import { unstorableText } from '../platform/text.js';

/** The CONTRACT error body. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody };

const storable = (value: string, ctx: z.RefinementCtx) => {
  const why = unstorableText(value);
  if (why) ctx.addIssue({ code: 'custom', message: why, input: value });
};

/**
 * A string every route accepts: any Unicode text PostgreSQL stores exactly as sent (no NUL, no lone
 * surrogate). Every input string of the API is a Text (or an enum, UUID, e-mail or Timestamp); the
 * input guard (input-guard.ts) refuses what a schema lets through anyway.
 */
export const Text = z.string().superRefine(storable);

/** Text of at most `max` characters, trimmed and non-empty unless `min: 0` or `trim: false` says otherwise. */
export function text(options: { max: number; min?: number; trim?: boolean }) {
  const base = options.trim === false ? Text : Text.trim();
  return base.min(options.min ?? 1).max(options.max);
}

// The instants both engines store and read back as JavaScript wrote them: PGlite reads years before 100
// as 19xx, PostgreSQL has no year 0 and rejects offsets beyond ±15:59, and JavaScript's Date stops at
// year 275760. Four-digit years and the offsets in use on Earth (−12:00 to +14:00) leave a margin on all three.
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(10_000, 0, 1) - 1;
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * An ISO 8601 date-time with `Z` or an offset within ±14:00, between the years 1000 and 9999 (UTC):
 * the one timestamp type of every route, so no instant reaches the database that it cannot store or
 * would read back differently. Stays a string; services turn it into a Date.
 */
export const Timestamp = z
  .iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2027-01-01T00:00:00Z' })
  .superRefine((value, ctx) => {
    const offset = /([+-])(\d\d):(\d\d)$/.exec(value);
    if (offset && Number(offset[2]) * 60 + Number(offset[3]) > MAX_OFFSET_MINUTES) {
      ctx.addIssue({ code: 'custom', message: 'must have a UTC offset within ±14:00', input: value });
      return;
    }
    const at = Date.parse(value);
    // Not a date-time at all: the format check above has said so.
    if (Number.isNaN(at)) return;
    if (!(at >= EARLIEST && at <= LATEST)) ctx.addIssue({ code: 'custom', message: 'must be between the years 1000 and 9999 (UTC)', input: value });
  });

/** A path parameter that must be a UUID. */
export const IdParams = z.object({ id: z.uuid('must be a UUID') });

/** Query parameters of a paginated list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: text({ max: 2000, trim: false }).optional(),
});

/** A page of items of the given schema. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
