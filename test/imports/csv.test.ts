import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/imports/index.js';
import { isAppError } from '../../src/platform/errors.js';

function failure(text: string) {
  try {
    readCsv(text);
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected readCsv to fail');
}

describe('readCsv', () => {
  it('reads a header and records with the physical line each record starts on', () => {
    const table = readCsv('customer,serial\nAcme,SN1\n\nBeta,SN2\n');
    expect(table.header).toEqual(['customer', 'serial']);
    expect(table.headerLine).toBe(1);
    expect(table.records).toEqual([{ line: 2, values: ['Acme', 'SN1'] }, { line: 4, values: ['Beta', 'SN2'] }]);
  });

  it('keeps quoted commas, quotes and line breaks inside values, and counts lines after them correctly', () => {
    const table = readCsv('customer,address\n"Acme, Ltd","1 ""Main"" St\nFloor 2"\nBeta,x\n');
    expect(table.records).toEqual([{ line: 2, values: ['Acme, Ltd', '1 "Main" St\nFloor 2'] }, { line: 4, values: ['Beta', 'x'] }]);
  });

  it('counts a CRLF inside a quoted value as one line, even in a file whose lines end in LF', () => {
    const table = readCsv('customer,address\nAcme,"Unit 4\r\nMill Lane\r\nLeeds"\nBeta,x\n');
    expect(table.records.map((r) => r.line)).toEqual([2, 5]);
  });

  it('strips a byte order mark and accepts CRLF and CR line endings', () => {
    expect(readCsv('\uFEFFcustomer,serial\r\nAcme,SN1\r\n').header).toEqual(['customer', 'serial']);
    expect(readCsv('customer,serial\rAcme,SN1\rBeta,SN2').records.map((r) => r.line)).toEqual([2, 3]);
  });

  it('detects semicolon- and tab-separated files from the header line', () => {
    expect(readCsv('customer;address\nAcme;"1, Main St"\n').records[0]!.values).toEqual(['Acme', '1, Main St']);
    expect(readCsv('customer\tserial\nAcme\tSN1\n').records[0]!.values).toEqual(['Acme', 'SN1']);
  });

  it('skips rows of empty cells and whitespace-only lines that spreadsheets leave behind', () => {
    const table = readCsv('customer,serial\nAcme,SN1\n,\n   \nBeta,SN2\n');
    expect(table.records.map((r) => r.line)).toEqual([2, 5]);
  });

  it('rejects a quote inside an unquoted value, explaining how to quote it', () => {
    const error = failure('customer,model\nAcme,SN1\nAcme,Tray 12" wide\n');
    expect(error.message).toMatch(/line 3: .*two quotes/);
    expect(readCsv('customer,model\nAcme,"Tray 12"" wide"\n').records[0]!.values).toEqual(['Acme', 'Tray 12" wide']);
  });

  it('rejects a quote that is never closed, naming the line where the record starts', () => {
    const error = failure('customer,serial\nAcme,SN1\n"Beta,SN2\nGamma,SN3\n');
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(/line 3\b.*never closed/);
    expect(error.details).toEqual({ line: 3 });
  });

  it('rejects a record with more or fewer values than the header has columns, naming its line', () => {
    expect(failure('customer,serial\nAcme,SN1\nBeta,SN2,extra\n').message).toMatch(/line 3 has 3 values but the header row has 2 columns/);
    expect(failure('customer,serial\nAcme,SN1\n\n"Be\nta"\n').details).toEqual({ line: 4 });
  });

  it('rejects text after a closing quote with advice on escaping quotes', () => {
    expect(failure('customer,serial\n"Acme"x,SN1\n').message).toMatch(/line 2: .*two quotes/);
  });

  it('rejects an empty file and one that only holds blank lines', () => {
    expect(failure('').message).toMatch(/empty/);
    expect(failure('\n\r\n  \n').message).toMatch(/empty/);
  });

  it('rejects text that was not saved as UTF-8', () => {
    expect(failure('customer\nM\uFFFDller GmbH\n').message).toMatch(/UTF-8/);
  });
});
