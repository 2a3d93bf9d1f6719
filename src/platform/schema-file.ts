import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from './errors.js';
import { endSentence } from './text.js';

/**
 * A schema's first complaint as one sentence naming the field: "SOURCE: WHERE: MESSAGE." Unknown fields are
 * named ("unknown field "leadTimes""), since zod's own words for them do not say which, and a typo in a
 * file a person wrote must be findable.
 */
export function firstIssueSentence(error: z.ZodError, source: string): string {
  const issue = error.issues[0];
  if (!issue) return endSentence(`${source}: the input does not fit`);
  const where = issue.path.map(String).join('.') || 'top level';
  const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  return endSentence(`${source}: ${where}: ${message}`);
}

/** Checks `input` against `schema`, or throws `bad-request` with firstIssueSentence. */
export function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown, source: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('bad-request', firstIssueSentence(parsed.error, source));
  return parsed.data;
}

/**
 * Reads a YAML or JSON file (JSON is YAML too) as plain data for a schema to check; `bad-request` with one
 * sentence if it cannot be read or parsed. `what` names the file for a person: "scenario" → "Cannot read scenario file …".
 */
export function readYamlFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('bad-request', `Cannot read ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new AppError('bad-request', `${what.charAt(0).toUpperCase()}${what.slice(1)} file ${path} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}.`);
  }
}
