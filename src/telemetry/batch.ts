import type { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { BatchEnvelope, UploadedReading, type Refusal } from './readings.schemas.js';
import { fieldSentence } from '../http/errors.js';

/**
 * A batch taken reading by reading, for when the whole batch did not fit the schema: the readings that fit, and the
 * others refused each with one sentence naming the field, so one bad reading never costs the rest of its batch.
 * Only an envelope that is not a batch (no readings array, more than 500, a reading without a readingId to name it
 * by) is refused as a whole. Pure.
 */
export function sortBatch(body: unknown): { readings: UploadedReading[]; refused: Refusal[] } {
  const envelope = BatchEnvelope.safeParse(body);
  if (!envelope.success) throw new AppError('bad-request', describeIssue(envelope.error.issues[0], ['body']), { issues: envelope.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  const readings: UploadedReading[] = [];
  const refused: Refusal[] = [];
  for (const raw of envelope.data.readings) {
    const reading = UploadedReading.safeParse(raw);
    if (reading.success) readings.push(reading.data);
    else refused.push({ readingId: raw.readingId, reason: describeIssue(reading.error.issues[0]) });
  }
  return { readings, refused };
}

/** One sentence naming the field, e.g. "supplies.0.kind: Invalid option: …". */
function describeIssue(issue: z.core.$ZodIssue | undefined, within: string[] = []): string {
  if (!issue) return 'The reading does not fit the schema.';
  return fieldSentence([...within, ...issue.path.map(String)].join('.'), issue.message);
}
