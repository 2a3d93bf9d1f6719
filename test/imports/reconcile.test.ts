import { describe, expect, it } from 'vitest';
import { planImport, readCsv, type ImportPlan } from '../../src/imports/index.js';
import { reconcile, type ImportChanges, type StoredState } from '../../src/imports/reconcile.js';

const planOf = (text: string): ImportPlan => {
  const result = planImport(readCsv(text));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
};
const nothingStored: StoredState = { customers: [], sites: [], devices: [] };
const ids = () => {
  let next = 0;
  return () => `new-${++next}`;
};
const changesOf = (text: string, stored: StoredState): ImportChanges => {
  const result = reconcile(planOf(text), stored, ids());
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.changes;
};

const acme = { id: 'c-acme', name: 'Acme', externalRef: 'C1' };
const hq = { id: 's-hq', customerId: 'c-acme', name: 'HQ', address: '1 Main St', city: 'Leeds', postcode: null, country: 'GB' };
const depot = { ...hq, id: 's-depot', name: 'Depot' };
const printer = { id: 'd-1', customerId: 'c-acme', siteId: 's-hq', serial: 'SN1', model: 'M507', location: null };
const stored: StoredState = { customers: [acme], sites: [hq, depot], devices: [printer] };

describe('reconcile', () => {
  it('creates everything for a new dealer, children pointing at their new parents', () => {
    const changes = changesOf('customer,site,serial\nAcme,HQ,SN1\n', nothingStored);
    expect(changes.customers).toEqual([{ id: 'new-1', name: 'Acme', externalRef: null }]);
    expect(changes.sites).toEqual([expect.objectContaining({ id: 'new-2', customerId: 'new-1', name: 'HQ' })]);
    expect(changes.devices).toEqual([{ id: 'new-3', customerId: 'new-1', siteId: 'new-2', serial: 'SN1', model: null, location: null }]);
    expect(changes.tally.devices).toEqual({ created: 1, updated: 0, unchanged: 0, moved: 0 });
  });

  it('writes nothing when the file says what is already stored', () => {
    const changes = changesOf('customer,customer_ref,site,serial,model\nAcme,C1,HQ,SN1,M507\n', stored);
    expect([changes.customers, changes.sites, changes.devices]).toEqual([[], [], []]);
    expect(changes.tally.customers).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it('keeps stored values where the file leaves cells empty', () => {
    const changes = changesOf('customer,site,city,serial\nAcme,HQ,,SN1\n', stored);
    expect(changes.tally).toMatchObject({ customers: { unchanged: 1 }, sites: { unchanged: 1 }, devices: { unchanged: 1 } });
  });

  it('keeps a device at its site when the file names its customer but no site', () => {
    expect(changesOf('customer,serial\nAcme,SN1\n', stored).devices).toEqual([]);
  });

  it('updates what the file changes: a reference, a site detail, a model, a site', () => {
    const changes = changesOf('customer,customer_ref,site,city,serial,model\nAcme,C9,HQ,York,SN1,M404\n', stored);
    expect(changes.customers).toEqual([{ ...acme, externalRef: 'C9' }]);
    expect(changes.sites).toEqual([{ ...hq, city: 'York' }]);
    expect(changes.devices).toEqual([{ ...printer, model: 'M404' }]);
    expect(changesOf('customer,site,serial\nAcme,Depot,SN1\n', stored).devices).toEqual([{ ...printer, siteId: 's-depot' }]);
  });

  it('moves a device listed under another customer there, without its old site', () => {
    const changes = changesOf('customer,serial\nBeta,SN1\n', stored);
    expect(changes.devices).toEqual([{ ...printer, customerId: 'new-1', siteId: null }]);
    expect(changes.tally.devices).toEqual({ created: 0, updated: 1, unchanged: 0, moved: 1 });
  });

  it('sets where a printer stands, keeps it where the cell is empty, and drops it when the printer moves to another customer', () => {
    const placed = { ...printer, location: '2nd floor, by reception' };
    expect(changesOf('customer,serial,location\nAcme,SN1,"2nd floor, by reception"\n', stored).devices).toEqual([placed]);
    const storedPlaced: StoredState = { ...stored, devices: [placed] };
    expect(changesOf('customer,serial,location\nAcme,SN1,\n', storedPlaced).devices).toEqual([]);
    expect(changesOf('customer,serial,location\nAcme,SN1,Basement\n', storedPlaced).devices).toEqual([{ ...placed, location: 'Basement' }]);
    expect(changesOf('customer,serial\nBeta,SN1\n', storedPlaced).devices).toEqual([{ ...printer, customerId: 'new-1', siteId: null, location: null }]);
  });

  it('refuses a customer_ref that already belongs to another stored customer, on the line that gives it', () => {
    const result = reconcile(planOf('customer,customer_ref\nBeta,\nBeta,C1\n'), stored, ids());
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 3, column: 'customer_ref', message: 'customer_ref "C1" already belongs to customer "Acme"; a reference identifies one customer' }],
    });
  });
});
