import { z } from 'zod';
import { Text } from '../http/schemas.js';
import { COLUMNS } from './columns.js';
import type { ImportRunRow } from './import-runs.repository.js';

export const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('true: check the file and report what would change, without writing anything'),
  wait: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true'))
    .describe(
      'true: answer when the import is done (200 with the report, or 400 with the row errors); false: answer 202 with the ' +
        'import at once and let it run (watch it at GET /imports/{id}). Unset: wait for files up to 1 MB (about 10,000 rows), not for larger ones.',
    ),
});

/** The CSV file itself; the content-type parser hands it over as text. */
export const ImportBody = Text.describe(`CSV with a header row. Columns: ${COLUMNS.join(', ')} (customer required).`);

const Tally = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const ImportResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int().describe('Data rows in the file'),
  changed: z.boolean().describe('False when the file matched what was stored already'),
  customers: Tally,
  sites: Tally,
  devices: Tally.extend({ moved: z.number().int().describe('Updated devices that changed customer') }),
});

const ImportError = z.object({
  code: z.string(),
  message: z.string().describe('One sentence: why the import failed; for a rejected file, how many rows have errors'),
  details: z.unknown().describe('For a rejected file: {errors: [{line, column, message}] (the first 100), moreErrors}'),
});

export const ImportRun = z.object({
  id: z.uuid(),
  status: z
    .enum(['checking', 'applying', 'undoing', 'done', 'failed'])
    .describe('checking the file (nothing written yet) → applying (writing) → done; or failed: a rejected file, or a run undone after an error or a server stop'),
  dryRun: z.boolean(),
  rows: z.number().int().nullable().describe('Data rows in the file, once it has been read'),
  progress: z
    .object({ done: z.number().int(), total: z.number().int() })
    .describe('checking: rows checked of the rows in the file; applying: records written of the records to write; undoing: records undone of those written'),
  report: ImportResult.nullable().describe('What the import did (or, for a dry run, would do), once done'),
  error: ImportError.nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

/** An import run as its watchers see it. */
export function presentImportRun(run: ImportRunRow): z.infer<typeof ImportRun> {
  return {
    id: run.id,
    status: run.status,
    dryRun: run.dryRun,
    rows: run.rows,
    progress: { done: run.progressDone, total: run.progressTotal },
    report: run.report as z.infer<typeof ImportResult> | null,
    error: run.error as z.infer<typeof ImportError> | null,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
