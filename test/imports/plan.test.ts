import { describe, expect, it } from 'vitest';
import { importRejected, planImport, readCsv, type ImportPlan, type RowError } from '../../src/imports/index.js';
import { AppError } from '../../src/platform/errors.js';
import { csvOf } from './factories.js';

const plan = (text: string): ImportPlan => {
  const result = planImport(readCsv(text));
  if (!result.ok) throw new Error(`unexpected row errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
};
const errorsOf = (text: string): RowError[] => {
  const result = planImport(readCsv(text));
  if (result.ok) throw new Error('expected row errors');
  return result.errors;
};
const headerFailure = (text: string): AppError => {
  try {
    planImport(readCsv(text));
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  throw new Error('expected the header to be refused');
};

describe('planImport: header', () => {
  it('accepts column names in any case, with spaces, underscores or hyphens, in any order', () => {
    const result = plan('SERIAL,CUSTOMER,Customer Ref\nSN1,Acme,C-1\n');
    expect(result.customers).toEqual([{ name: 'Acme', externalRef: 'C-1', line: 2, refLine: 2 }]);
    expect(result.devices).toEqual([{ serial: 'SN1', customer: 'Acme', site: null, model: null, location: null, line: 2 }]);
    expect(plan('customer-ref,Customer\nC1,Acme\n').customers[0]!.externalRef).toBe('C1');
  });

  it('refuses unknown columns by name and lists the accepted ones', () => {
    const error = headerFailure('customer,serial,colour\nAcme,SN1,red\n');
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(/unknown column "colour".*Accepted columns: customer, customer_ref, site, address, city, postcode, country, serial, model/);
    expect(error.details).toMatchObject({ unknown: ['colour'], missing: [] });
  });

  it('refuses a file without a customer column', () => {
    const error = headerFailure('site,serial\nHQ,SN1\n');
    expect(error.message).toMatch(/required column "customer" is missing/);
    expect(error.details).toMatchObject({ missing: ['customer'] });
  });

  it('refuses a column given twice', () => {
    expect(headerFailure('customer,Serial,serial\nAcme,SN1,SN2\n').details).toMatchObject({ duplicate: ['serial'] });
  });

  it('refuses a header with no rows below it', () => {
    expect(headerFailure('customer,serial\n').message).toMatch(/no rows/);
  });

  it('ignores a column without a header while it stays empty', () => {
    expect(plan('customer,serial,\nAcme,SN1,\n').devices).toHaveLength(1);
    expect(errorsOf('customer,serial,\nAcme,SN1,oops\n')).toEqual([{ line: 2, message: 'column 3 has a value but no header' }]);
  });
});

describe('planImport: rows', () => {
  it('makes sure a customer and its site exist when a row has no serial', () => {
    const result = plan(csvOf([{ customer: 'Acme', site: 'HQ', address: '1 Main St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB', serial: '' }]));
    expect(result.customers).toEqual([{ name: 'Acme', externalRef: null, line: 2, refLine: null }]);
    expect(result.sites).toEqual([{ customer: 'Acme', name: 'HQ', address: '1 Main St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB', line: 2 }]);
    expect(result.devices).toEqual([]);
  });

  it('trims values and treats empty cells as not stated', () => {
    const result = plan('customer,site,serial,model\n  Acme  , HQ ,SN1,\n');
    expect(result.devices).toEqual([{ serial: 'SN1', customer: 'Acme', site: 'HQ', model: null, location: null, line: 2 }]);
  });

  it('lists each customer, site and device once, merging what repeated rows state', () => {
    const result = plan('customer,customer_ref,site,city,serial,model\nAcme,,HQ,,SN1,\nAcme,C1,HQ,Leeds,SN1,M507\nAcme,,,,SN2,\n');
    expect(result.rows).toBe(3);
    expect(result.customers).toEqual([{ name: 'Acme', externalRef: 'C1', line: 2, refLine: 3 }]);
    expect(result.sites).toEqual([expect.objectContaining({ name: 'HQ', city: 'Leeds', line: 2 })]);
    expect(result.devices).toEqual([
      { serial: 'SN1', customer: 'Acme', site: 'HQ', model: 'M507', location: null, line: 2 },
      { serial: 'SN2', customer: 'Acme', site: null, model: null, location: null, line: 4 },
    ]);
  });

  it('keeps line breaks inside an address', () => {
    expect(plan('customer,site,address\nAcme,HQ,"Unit 4\r\nMill Lane"\n').sites[0]!.address).toBe('Unit 4\nMill Lane');
  });

  it('rejects an empty customer, and a site without a customer, on the physical line', () => {
    expect(errorsOf('customer,site,serial\n,,SN1\n"",HQ,\n')).toEqual([
      { line: 2, column: 'customer', message: 'customer is empty; every row needs one' },
      { line: 3, column: 'customer', message: 'site "HQ" is given without a customer; name the customer it belongs to' },
    ]);
  });

  it('rejects address details without a site, and a model without a serial', () => {
    expect(errorsOf('customer,city,model\nAcme,Leeds,M507\n')).toEqual([
      { line: 2, column: 'city', message: 'city is given but site is empty; addresses belong to a site' },
      { line: 2, column: 'model', message: 'model is given without a serial' },
    ]);
  });

  it('rejects values longer than the API accepts', () => {
    const [error] = errorsOf(`customer,postcode,site\nAcme,${'9'.repeat(41)},HQ\n`);
    expect(error).toEqual({ line: 2, column: 'postcode', message: 'postcode is 41 characters long; at most 40 are allowed' });
  });

  it('rejects a serial with spaces, tabs or invisible characters', () => {
    const errors = errorsOf('customer,serial\nAcme,SN 1\nAcme,"SN\t2"\nAcme,SN\u200B3\n');
    expect(errors.map((e) => [e.line, e.column])).toEqual([[2, 'serial'], [3, 'serial'], [4, 'serial']]);
    expect(errors[0]!.message).toBe('serial "SN␠1" contains spaces or invisible characters; a serial is one word');
  });

  it('rejects control characters in names, and in an address anything but line breaks', () => {
    expect(errorsOf('customer\n"Ac\nme"\n')[0]).toMatchObject({ line: 2, column: 'customer' });
    expect(errorsOf('customer,site,address\nAcme,HQ,"Unit 4\tMill Lane"\n')[0]).toMatchObject({ line: 2, column: 'address' });
    expect(plan('customer,site,address\nAcme,HQ,"Unit 4\nMill Lane"\n').sites).toHaveLength(1);
  });

  it('rejects the same serial twice under different customers, sites or models, naming the first line', () => {
    const errors = errorsOf('customer,site,serial,model\nAcme,HQ,SN1,M507\nBeta,,SN1,\nAcme,Depot,SN1,\nAcme,,SN1,M404\nAcme,HQ,SN1,M507\n');
    expect(errors).toEqual([
      { line: 3, column: 'serial', message: 'serial "SN1" is already listed on line 2 for customer "Acme"' },
      { line: 4, column: 'site', message: 'serial "SN1" is already listed on line 2 at site "HQ"' },
      { line: 5, column: 'model', message: 'serial "SN1" is already listed on line 2 as model "M507"' },
    ]);
  });

  it('takes where a printer stands (one line, 200 characters, with its serial), once per printer', () => {
    expect(plan('customer,serial,location\nAcme,SN1,"2nd floor, by reception"\nAcme,SN1,\n').devices).toEqual([expect.objectContaining({ serial: 'SN1', location: '2nd floor, by reception' })]);
    expect(errorsOf(`customer,serial,location\nAcme,,Basement\nAcme,SN2,"Floor 2\nroom 5"\nAcme,SN3,${'x'.repeat(201)}\nAcme,SN4,Basement\nAcme,SN4,Attic\n`)).toEqual([
      { line: 2, column: 'location', message: 'location is given without a serial' },
      { line: 3, column: 'location', message: 'location contains a control character (line breaks and tabs are not allowed here)' },
      { line: 5, column: 'location', message: 'location is 201 characters long; at most 200 are allowed' },
      { line: 7, column: 'location', message: 'serial "SN4" is already listed on line 6 at location "Basement"' },
    ]);
  });

  it('rejects one customer_ref for two customers, and two refs for one customer', () => {
    const errors = errorsOf('customer,customer_ref\nAcme,C1\nBeta,C1\nAcme,C2\n');
    expect(errors).toEqual([
      { line: 3, column: 'customer_ref', message: 'customer_ref "C1" is already used for customer "Acme" on line 2' },
      { line: 4, column: 'customer_ref', message: 'customer "Acme" has customer_ref "C2" here but "C1" on line 2' },
    ]);
  });

  it('rejects one site with two different addresses', () => {
    expect(errorsOf('customer,site,city\nAcme,HQ,Leeds\nAcme,HQ,York\n')).toEqual([
      { line: 3, column: 'city', message: 'site "HQ" of customer "Acme" has city "York" here but "Leeds" on line 2' },
    ]);
  });

  it('treats sites of the same name under different customers as different sites', () => {
    expect(plan('customer,site,city\nAcme,HQ,Leeds\nBeta,HQ,York\n').sites).toHaveLength(2);
  });

  it('reports errors on the line a multi-line record starts on', () => {
    expect(errorsOf('customer,site,address,serial\nAcme,HQ,"1 Main St\nLeeds",SN1\nAcme,HQ,,SN 2\n')).toEqual([
      expect.objectContaining({ line: 4, column: 'serial' }),
    ]);
  });
});

describe('importRejected', () => {
  it('counts rows, not errors, and says nothing was imported', () => {
    const error = importRejected([{ line: 2, message: 'a' }, { line: 2, message: 'b' }, { line: 5, message: 'c' }]);
    expect(error.code).toBe('bad-request');
    expect(error.message).toBe('2 rows have errors; nothing was imported.');
    expect(importRejected([{ line: 9, message: 'x' }]).message).toBe('1 row has errors; nothing was imported.');
  });

  it('lists the first 100 errors and says how many more there are', () => {
    const errors = Array.from({ length: 250 }, (_, i) => ({ line: i + 2, message: 'customer is empty; every row needs one' }));
    const details = importRejected(errors).details as { errors: RowError[]; moreErrors: number };
    expect(details.errors).toHaveLength(100);
    expect(details.errors[0]!.line).toBe(2);
    expect(details.moreErrors).toBe(150);
  });
});
