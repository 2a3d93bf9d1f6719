import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type AppErrorCode } from '../platform/errors.js';
import { endSentence } from '../platform/text.js';
import { isUniqueViolation } from '../db/index.js';

/** The one place AppError codes become HTTP statuses. */
export const STATUS_OF: Record<AppErrorCode, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  'invalid-config': 500,
  unavailable: 503,
  internal: 500,
};

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: { issue?: { path?: PropertyKey[]; message?: string; code?: string; expected?: string } };
}

/** Turns the first schema issue into one sentence that names the field, e.g. "body.name: Required." */
function describeValidation(part: string | undefined, issues: ValidationIssue[]): string {
  const first = issues[0];
  const path = first?.params?.issue?.path?.map(String).join('.') || first?.instancePath?.replace(/^\//, '').replaceAll('/', '.') || '';
  const where = [part, path].filter(Boolean).join('.');
  return fieldSentence(where, first?.params?.issue?.message ?? first?.message ?? 'is invalid');
}

/** "where: message." — a schema's complaint about one field as one sentence ("received undefined" said as "is required"). */
export function fieldSentence(where: string, message: string): string {
  const said = /received undefined/.test(message) ? 'is required' : message;
  return endSentence(`${where ? `${where}: ` : ''}${said}`);
}

/** Maps any error thrown while handling a request to the CONTRACT error shape; bad input is never a 500. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let status = 500;
  let code: string = 'internal';
  let message = 'Something went wrong on the server; it has been logged. Try again, and report it if it keeps happening.';
  let details: unknown = null;

  if (error instanceof AppError) {
    status = STATUS_OF[error.code];
    code = error.code;
    message = error.message;
    details = error.details;
    if (error.code === 'rate-limited') {
      const seconds = (error.details as { retryAfterSeconds?: number } | null)?.retryAfterSeconds;
      if (seconds) reply.header('retry-after', String(seconds));
    }
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    status = 400;
    code = 'bad-request';
    const part = (error as FastifyError).validationContext;
    message = describeValidation(part, error.validation as ValidationIssue[]);
    details = { issues: error.validation.map((i) => ({ path: i.instancePath, message: i.message })) };
  } else if (isUniqueViolation(error)) {
    // A uniqueness the database keeps (one open request per supply, a contract name) that a service check
    // could not see because another request saved the same thing at the same moment.
    status = 409;
    code = 'conflict';
    message = 'Something with the same identity was saved at the same moment; reload and try again.';
    // A key violated by a bug looks the same to the caller: the log keeps which constraint and the error.
    request.log.warn({ err: error, constraint: (error as { constraint?: string }).constraint }, 'unique violation answered 409');
  } else if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
  } else {
    const fastifyError = error as FastifyError;
    const statusCode = fastifyError.statusCode ?? 500;
    if (statusCode >= 400 && statusCode < 500) {
      status = statusCode;
      ({ code, message } = describeFastifyError(fastifyError));
    }
  }
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.status(status).send({ error: { code, message, details } });
}

// Fastify's own 4xx errors (body parsing, limits, content types) reworded as one sentence saying what to do.
function describeFastifyError(error: FastifyError): { code: string; message: string } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload-too-large', message: 'The request body is larger than this endpoint accepts; send less at a time.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported-media-type', message: `This endpoint does not accept that content type; send application/json${error.message.includes('csv') ? '' : ' (or text/csv for imports)'}.` };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'bad-request', message: 'The request body is empty; send a JSON object.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'bad-request', message: 'The request body is not valid JSON.' };
    default:
      if (error instanceof SyntaxError) return { code: 'bad-request', message: 'The request body is not valid JSON.' };
      return { code: 'bad-request', message: endSentence(error.message) };
  }
}

/**
 * The 404 for a path no route serves, or the 405 with Allow for a path served under other methods
 * (`allowedMethods`: see allowed-methods.ts).
 */
export const notFoundHandler = (allowedMethods: (path: string) => string[]) => (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  const path = request.url.split('?')[0]!;
  const allowed = allowedMethods(path);
  // A route of this very method that found nothing (a missing asset) is a 404, not a wrong method.
  if (allowed.length > 0 && !allowed.includes(request.method)) {
    return reply
      .status(405)
      .header('allow', allowed.join(', '))
      .send({ error: { code: 'method-not-allowed', message: `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}.`, details: { allow: allowed } } });
  }
  return reply.status(404).send({ error: { code: 'not-found', message: `No endpoint ${request.method} ${path}.`, details: null } });
};
