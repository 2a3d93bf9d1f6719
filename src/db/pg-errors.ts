/**
 * PostgreSQL's SQLSTATE codes the code reacts to, as both engines (PGlite and pg) report them on the thrown
 * error's `code`.
 */
const sqlState = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

/** A unique key refused the row (23505). */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';

/** A foreign key refused the row: what it points at is gone (23503). */
export const isForeignKeyViolation = (error: unknown): boolean => sqlState(error) === '23503';
