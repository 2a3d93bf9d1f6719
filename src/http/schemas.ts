import { z } from 'zod';

/** The CONTRACT error body. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody };

/** A path parameter that must be a UUID. */
export const IdParams = z.object({ id: z.uuid('must be a UUID') });

/** Query parameters of a paginated list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(2000).optional(),
});

/** A page of items of the given schema. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
