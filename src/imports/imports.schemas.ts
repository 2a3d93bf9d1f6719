import { z } from 'zod';
import { Text } from '../http/schemas.js';
import { COLUMNS } from './columns.js';

export const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('true: check the file and report what would change, without writing anything'),
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
