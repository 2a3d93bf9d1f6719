import { CsvError, Parser, type Options } from 'csv-parse';
import { AppError } from '../platform/errors.js';
import { endSentence } from '../platform/text.js';
import { runAtOnce, type Sliced } from '../platform/slices.js';

/** One data record and the physical line of the file it starts on (1-based, as an editor shows it). */
export interface CsvRecord {
  line: number;
  values: string[];
}

/** A parsed file: the header row and the data records below it. */
export interface CsvTable {
  header: string[];
  headerLine: number;
  records: CsvRecord[];
}

const LF = 0x0a;
const CR = 0x0d;
const DELIMITERS = [',', ';', '\t'] as const;
// Bytes parsed between two chances to pause: about five hundred rows of a typical export.
const PARSE_CHUNK = 32 * 1024;

/**
 * Parses CSV text (quotes, embedded delimiters and line breaks, BOM, CRLF) into a header and records.
 * Blank lines and rows of empty cells are skipped. Throws `bad-request` naming the line of the
 * first malformed record; never throws anything else.
 */
export function readCsv(text: string): CsvTable {
  return runAtOnce(readCsvSliced(text));
}

/** `readCsv` as sliced work (platform/slices.ts): it pauses after each 32 KB of the file. */
export function* readCsvSliced(text: string): Sliced<CsvTable> {
  // A file saved as Windows-1252 arrives with replacement characters once decoded as UTF-8.
  if (text.includes('\uFFFD')) throw new AppError('bad-request', 'The file is not UTF-8 text; save it as "CSV UTF-8" and send it again.');
  const delimiter = detectDelimiter(text);
  // Line numbers are counted here from byte offsets: the parser's own count takes a CRLF inside a
  // quoted value for two lines, and blank lines are kept as records so no offset is skipped.
  const bytes = Buffer.from(text, 'utf8');
  const records: CsvRecord[] = [];
  let line = 1;
  let offset = 0;
  const parser = incrementalParser({
    bom: true,
    delimiter,
    relax_column_count: true,
    on_record: (values: string[], context) => {
      records.push({ line, values });
      line += countLineBreaks(bytes, offset, context.bytes);
      offset = context.bytes;
      return null;
    },
  });
  const ignore = () => {};
  for (let start = 0; start < bytes.length; start += PARSE_CHUNK) {
    const failure = parser.parse(bytes.subarray(start, start + PARSE_CHUNK), false, ignore, ignore);
    if (failure !== undefined) throw malformed(failure, line);
    yield;
  }
  const failure = parser.parse(undefined, true, ignore, ignore);
  if (failure !== undefined) throw malformed(failure, line);
  // Spreadsheets leave rows of empty cells (",,,,") and whitespace-only lines behind; they carry nothing.
  const [first, ...rest] = records.filter((record) => record.values.some((value) => value.trim() !== ''));
  if (!first) {
    throw new AppError('bad-request', 'The file is empty; its first line must be a header row, for example "customer,site,serial,model".');
  }
  for (const record of rest) {
    if (record.values.length !== first.values.length) {
      throw new AppError(
        'bad-request',
        `The file is not valid CSV: line ${record.line} has ${record.values.length} values but the header row has ${first.values.length} columns.`,
        { line: record.line },
      );
    }
  }
  return { header: first.values, headerLine: first.line, records: rest };
}

/** csv-parse's incremental core: `parse(chunk, false, …)` per chunk, then `parse(undefined, true, …)`. */
interface IncrementalParser {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

// csv-parse's own sync parser and stream both drive the `api` its Parser holds, exactly this way; using it
// directly gives the stream's chunk-by-chunk parsing with the sync parser's synchronous errors.
function incrementalParser(options: Options): IncrementalParser {
  return (new Parser(options) as unknown as { api: IncrementalParser }).api;
}

/** The delimiter of the header line: commas normally, semicolons from spreadsheets in comma-decimal locales, or tabs. */
function detectDelimiter(text: string): string {
  const headerLine = firstNonBlankLine(text.replace(/^\uFEFF/, ''));
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = headerLine.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

/** The first line with something on it, found without splitting the whole file into lines. */
function firstNonBlankLine(text: string): string {
  for (let start = 0; start < text.length; ) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end += 1;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return '';
}

function malformed(error: unknown, line: number): AppError {
  if (!(error instanceof CsvError)) return new AppError('bad-request', 'The file could not be read as CSV.');
  let reason: string;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      reason = 'a quoted value starting in this record is never closed';
      break;
    case 'CSV_INVALID_CLOSING_QUOTE':
      reason = 'a closing quote is followed by other characters; inside a quoted value write a quote as two quotes ("")';
      break;
    case 'INVALID_OPENING_QUOTE':
      reason = 'a value contains a quote but is not itself quoted; put the value in quotes and write the quote as two quotes ("")';
      break;
    case 'CSV_MAX_RECORD_SIZE':
      reason = 'a record is too long; check the quotes and the delimiter';
      break;
    default:
      reason = error.message.replace(/\s+/g, ' ');
  }
  return new AppError('bad-request', endSentence(`The file is not valid CSV at line ${line}: ${reason}`), { line });
}

/** Line breaks in bytes[from, to): LF, CR, or CRLF counted once (looking one byte past `to` for a split CRLF). */
function countLineBreaks(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const byte = bytes[i];
    if (byte === LF || (byte === CR && bytes[i + 1] !== LF)) count += 1;
  }
  return count;
}
