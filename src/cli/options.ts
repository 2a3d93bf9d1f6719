import { AppError } from '../platform/errors.js';

/**
 * A command-line option as a whole number within bounds: `fallback` when it was not given, a
 * `bad-request` naming the option, its range and what was typed otherwise (the CLI turns that into
 * exit code 2 with usage). `what` says what the number counts, when "a whole number" says too little.
 */
export function wholeNumber(flag: string, value: string | undefined, range: { min: number; max: number; fallback?: number; what?: string }): number {
  if (value === undefined && range.fallback !== undefined) return range.fallback;
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < range.min || n > range.max) {
    throw new AppError('bad-request', `${flag} must be ${range.what ?? 'a whole number'} from ${range.min} to ${range.max}, not "${value ?? ''}".`);
  }
  return n;
}
