import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

const MODEL = 'HP LaserJet Pro M404dn';
const item = (sku: string, extra: Record<string, unknown> = {}) => ({
  sku, description: `${sku} toner`, kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: [], barcodes: [], ...extra,
});

describe(`stock catalogue (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let stranger: DealerWorld;
  const as: Record<string, { cookie: string }> = {};
  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: as[who], ...(payload === undefined ? {} : { payload: payload as object }) });
  const csv = (who: string, body: string, dryRun = false) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/stock-items/import?dryRun=${dryRun}`, headers: { ...as[who], 'content-type': 'text/csv' }, payload: body });
  // One sentence, as every refusal of the API is (test/http/bad-input.test.ts).
  const oneSentence = (message: string) => expect(message).toMatch(/^\S[^\n]*[.!?]$/);

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'stock');
    stranger = await buildDealer(ctx.store, 'stock-stranger');
    as.admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    as.dispatcher = { cookie: await loginCookie(ctx.app, world.dispatcher.email) };
    as.warehouse = { cookie: await loginCookie(ctx.app, world.warehouse.email) };
    as.keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    as.stranger = { cookie: await loginCookie(ctx.app, stranger.admin.email) };
  });
  afterAll(() => ctx.close());

  describe('stock items', () => {
    it('creates an item with normalized part numbers, classified barcodes and substitutes, and reads it back', async () => {
      const high = await call('dispatcher', 'POST', '/api/v1/stock-items', item('HP-59X', { yieldPages: 10000, partNumbers: ['cf259x'] }));
      expect(high.statusCode, high.body).toBe(201);
      const created = await call('dispatcher', 'POST', '/api/v1/stock-items', item('HP-59A', {
        color: 'Black', partNumbers: ['cf259a', ' CF 259A '], barcodes: ['4006381333931', 'TL-0001'], substitutes: [{ sku: 'HP-59X', withoutAsking: true }],
      }));
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json();
      expect(body).toMatchObject({
        sku: 'HP-59A', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['CF259A'],
        barcodes: [{ code: '4006381333931', kind: 'gtin' }, { code: 'TL-0001', kind: 'dealer' }], substitutes: [{ sku: 'HP-59X', withoutAsking: true }], levels: [],
      });
      const read = await call('warehouse', 'GET', `/api/v1/stock-items/${body.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(body);
      const audit = await ctx.store.repos.audit.list(world.dealer.id, { limit: 50 });
      expect(audit.map((a) => a.action)).toContain('stock-item.created');
    });

    it('keeps the CONTRACT’s plain list of substitute SKUs working', async () => {
      const created = await call('admin', 'POST', '/api/v1/stock-items', item('COMPAT-59A', { substitutes: ['HP-59A'] }));
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().substitutes).toEqual([{ sku: 'HP-59A', withoutAsking: false }]);
    });

    it('lists by SKU and finds an item by SKU, description, part number or barcode', async () => {
      const skus = async (query: string) => (await call('dispatcher', 'GET', `/api/v1/stock-items?query=${encodeURIComponent(query)}`)).json().items.map((i: { sku: string }) => i.sku);
      expect((await call('dispatcher', 'GET', '/api/v1/stock-items')).json().items.map((i: { sku: string }) => i.sku)).toEqual(['COMPAT-59A', 'HP-59A', 'HP-59A-stock', 'HP-59X']);
      expect(await skus('59x')).toEqual(['HP-59X']);
      expect(await skus('compat')).toEqual(['COMPAT-59A']);
      expect(await skus('cf259a')).toEqual(['HP-59A', 'HP-59A-stock']);
      expect(await skus('4006381333931')).toEqual(['HP-59A']);
      expect(await skus('nothing like it')).toEqual([]);
      const page = (await call('dispatcher', 'GET', '/api/v1/stock-items?limit=3')).json();
      expect(page.items).toHaveLength(3);
      const next = (await call('dispatcher', 'GET', `/api/v1/stock-items?limit=3&cursor=${page.nextCursor}`)).json();
      expect(next).toMatchObject({ items: [{ sku: 'HP-59X' }], nextCursor: null });
    });

    it('edits an item: the body replaces its fields, part numbers, barcodes and substitutes', async () => {
      const [existing] = (await call('admin', 'GET', '/api/v1/stock-items?query=COMPAT-59A')).json().items;
      const edited = await call('dispatcher', 'PUT', `/api/v1/stock-items/${existing.id}`, item('COMPAT-59A', { description: 'Compatible 59A', yieldPages: null, partNumbers: ['CF259A'], substitutes: [] }));
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ id: existing.id, description: 'Compatible 59A', yieldPages: null, partNumbers: ['CF259A'], substitutes: [] });
    });

    it('answers 409 with one sentence for a SKU or a barcode already used', async () => {
      const sku = await call('dispatcher', 'POST', '/api/v1/stock-items', item('HP-59A'));
      expect(sku.statusCode).toBe(409);
      oneSentence(sku.json().error.message);
      expect(sku.json().error.message).toContain('HP-59A');
      const barcode = await call('dispatcher', 'POST', '/api/v1/stock-items', item('OTHER', { barcodes: ['4006381333931'] }));
      expect(barcode.statusCode).toBe(409);
      expect(barcode.json().error.message).toBe('Barcode 4006381333931 already belongs to stock item HP-59A; a barcode names one item.');
      expect((await call('dispatcher', 'GET', '/api/v1/stock-items?query=OTHER')).json().items).toEqual([]);
      const [compat] = (await call('admin', 'GET', '/api/v1/stock-items?query=COMPAT-59A')).json().items;
      const renamed = await call('dispatcher', 'PUT', `/api/v1/stock-items/${compat.id}`, item('HP-59X'));
      expect(renamed.statusCode).toBe(409);
    });

    it('answers 400 with one sentence for an unknown kind, an unknown substitute SKU or a bad yield', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ kind: 'tonre' }, /kind/],
        [{ substitutes: ['NO-SUCH-SKU'] }, /There is no stock item with SKU NO-SUCH-SKU/],
        [{ yieldPages: -5 }, /yieldPages/],
        [{ yieldPages: 2.5 }, /yieldPages/],
        [{ color: 'black & white' }, /colou?r/],
        [{ sku: 'HAS SPACE' }, /one word/],
        [{ substitutes: ['SELF'] }, /own substitute/],
      ];
      for (const [change, message] of cases) {
        const response = await call('dispatcher', 'POST', '/api/v1/stock-items', item('SELF', change));
        expect(response.statusCode, JSON.stringify(change)).toBe(400);
        oneSentence(response.json().error.message);
        expect(response.json().error.message, JSON.stringify(change)).toMatch(message);
      }
      expect((await call('dispatcher', 'GET', '/api/v1/stock-items?query=SELF')).json().items).toEqual([]);
    });

    it('refuses key users (403) and hides another dealer’s items (404)', async () => {
      const [mine] = (await call('admin', 'GET', '/api/v1/stock-items?query=HP-59A')).json().items;
      expect((await call('keyUser', 'GET', '/api/v1/stock-items')).statusCode).toBe(403);
      expect((await call('keyUser', 'POST', '/api/v1/stock-items', item('KEY'))).statusCode).toBe(403);
      expect((await call('warehouse', 'POST', '/api/v1/stock-items', item('WH'))).statusCode).toBe(403);
      expect((await call('stranger', 'GET', `/api/v1/stock-items/${mine.id}`)).statusCode).toBe(404);
      expect((await call('stranger', 'PUT', `/api/v1/stock-items/${mine.id}`, item('HP-59A'))).statusCode).toBe(404);
      expect((await call('stranger', 'GET', '/api/v1/stock-items')).json().items.map((i: { sku: string }) => i.sku)).toEqual([stranger.stockItem.sku]);
      // The same SKU and barcode are free in another dealer's catalogue.
      expect((await call('stranger', 'POST', '/api/v1/stock-items', item('HP-59A', { barcodes: ['4006381333931'] }))).statusCode).toBe(201);
      const me = (await call('warehouse', 'GET', '/api/v1/auth/me')).json();
      expect(me.capabilities).toContain('stock:read');
      expect(me.capabilities).not.toContain('stock:write');
    });
  });

  describe('related stock and contract default stock', () => {
    it('sets and reads the related stock of a model, in order', async () => {
      const put = await call('dispatcher', 'PUT', '/api/v1/related-stock', { model: MODEL, skus: ['HP-59X', 'HP-59A'] });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ model: MODEL, skus: ['HP-59X', 'HP-59A'] });
      const get = await call('warehouse', 'GET', `/api/v1/related-stock?model=${encodeURIComponent(MODEL)}`);
      expect(get.json()).toMatchObject({ model: MODEL, skus: ['HP-59X', 'HP-59A'] });
      expect((await call('dispatcher', 'PUT', '/api/v1/related-stock', { model: MODEL, skus: ['NOPE'] })).statusCode).toBe(400);
      expect((await call('stranger', 'GET', `/api/v1/related-stock?model=${encodeURIComponent(MODEL)}`)).json().skus).toEqual([]);
      const models = (await call('dispatcher', 'GET', '/api/v1/printer-models')).json().items;
      expect(models).toContainEqual({ model: MODEL, devices: 2, related: 2 });
    });

    it('sets and reads the default stock of a contract; another dealer’s contract is 404', async () => {
      const url = `/api/v1/contracts/${world.contract.id}/default-stock`;
      const put = await call('dispatcher', 'PUT', url, { skus: ['COMPAT-59A'] });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ contractId: world.contract.id, skus: ['COMPAT-59A'] });
      expect((await call('admin', 'GET', url)).json().skus).toEqual(['COMPAT-59A']);
      expect((await call('stranger', 'PUT', url, { skus: [] })).statusCode).toBe(404);
      expect((await call('keyUser', 'GET', url)).statusCode).toBe(403);
      const rows = await ctx.store.db.selectFrom('contract_default_stock').selectAll().where('contract_id', '=', world.contract.id).execute();
      expect(rows).toHaveLength(1);
    });

    it("suggests, per supply of a model's printers, the items whose part numbers match", async () => {
      const response = await call('dispatcher', 'GET', `/api/v1/related-stock/suggestions?model=${encodeURIComponent(MODEL)}`);
      expect(response.statusCode, response.body).toBe(200);
      const { supplies } = response.json();
      const toner = supplies.find((s: { kind: string }) => s.kind === 'toner');
      expect(toner).toMatchObject({ color: 'black', partNumbers: ['CF259A'], devices: 2 });
      expect(toner.items.map((i: { sku: string; related: boolean }) => [i.sku, i.related])).toEqual([['COMPAT-59A', false], ['HP-59A', true], [world.stockItem.sku, false]]);
      expect(supplies.find((s: { kind: string }) => s.kind === 'drum').items).toEqual([]);
      // Another dealer's printers of the same model are matched against its own catalogue only.
      const theirs = (await call('stranger', 'GET', `/api/v1/related-stock/suggestions?model=${encodeURIComponent(MODEL)}`)).json();
      expect(theirs.supplies.find((s: { kind: string }) => s.kind === 'toner').items.map((i: { sku: string }) => i.sku)).toEqual([stranger.stockItem.sku]);
    });
  });

  describe('CSV import of the catalogue', () => {
    const file = [
      'sku,description,kind,color,yieldPages,partNumbers,barcodes,substitutes',
      'TN-2410,Brother TN-2410 toner,toner,black,1200,TN-2410,,TN-2420*',
      'TN-2420,Brother TN-2420 high-yield toner,toner,black,3000,TN-2420|tn-2420 ,5012345678900,',
      'DR-2400,Brother DR-2400 drum,drum,,12000,DR-2400,,',
    ].join('\n');

    it('reports what a dry run would do and changes nothing', async () => {
      const response = await csv('dispatcher', file, true);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ dryRun: true, rows: 3, changed: true, created: 3, updated: 0, unchanged: 0 });
      expect((await call('dispatcher', 'GET', '/api/v1/stock-items?query=TN-24')).json().items).toEqual([]);
    });

    it('imports the file, substitutes naming items of the same file; the same file again changes nothing', async () => {
      const response = await csv('dispatcher', file);
      expect(response.json()).toEqual({ dryRun: false, rows: 3, changed: true, created: 3, updated: 0, unchanged: 0 });
      const [tn2410] = (await call('dispatcher', 'GET', '/api/v1/stock-items?query=TN-2410')).json().items;
      expect(tn2410).toMatchObject({ yieldPages: 1200, partNumbers: ['TN-2410'], substitutes: [{ sku: 'TN-2420', withoutAsking: true }] });
      const [tn2420] = (await call('dispatcher', 'GET', '/api/v1/stock-items?query=5012345678900')).json().items;
      expect(tn2420).toMatchObject({ sku: 'TN-2420', partNumbers: ['TN-2420'], barcodes: [{ code: '5012345678900', kind: 'gtin' }] });
      expect((await csv('dispatcher', file)).json()).toMatchObject({ changed: false, created: 0, updated: 0, unchanged: 3 });
    });

    it('rejects the whole file with every bad line numbered, and imports none of it', async () => {
      const bad = [
        'sku,description,kind,yieldPages,substitutes,barcodes',
        'NEW-1,Fine item,toner,1000,,',
        'NEW-2,Bad kind,tonre,1000,,',
        'NEW-3,Bad yield,toner,lots,,',
        'NEW-4,Unknown substitute,toner,1000,GHOST,',
        'NEW-5,Taken barcode,toner,1000,,4006381333931',
        'NEW-1,Twice,toner,1000,,',
      ].join('\n');
      const checkOnly = await csv('dispatcher', bad);
      expect(checkOnly.statusCode).toBe(400);
      const { message, details } = checkOnly.json().error;
      expect(message).toBe('3 rows have errors; nothing was imported.');
      expect(details.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([[3, 'kind'], [4, 'yieldPages'], [7, 'sku']]);
      // Lines whose errors are found against the catalogue are reported once the file itself is clean.
      const clean = bad.split('\n').filter((_, i) => ![2, 3, 6].includes(i)).join('\n');
      const against = (await csv('dispatcher', clean)).json().error;
      expect(against.details.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([[3, 'substitutes'], [4, 'barcodes']]);
      expect(against.details.errors[1].message).toContain('HP-59A');
      expect((await call('dispatcher', 'GET', '/api/v1/stock-items?query=NEW-')).json().items).toEqual([]);
    });

    it('refuses an unusable header with one sentence, and key users', async () => {
      const response = await csv('dispatcher', 'sku,name\nA,B\n');
      expect(response.statusCode).toBe(400);
      oneSentence(response.json().error.message);
      expect((await csv('keyUser', file)).statusCode).toBe(403);
    });
  });
});
