import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, serverDatabase } from '../support/database.js';
import { startServe } from '../support/process.js';

describe(`tonerloop serve (${ENGINE})`, () => {
  let dataDir: string;
  let databaseUrl: string | null = null;
  let cleanup = async () => {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-serve-'));
    // An empty database: the server migrates it itself.
    ({ databaseUrl, cleanup } = await serverDatabase());
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the first admin with a generated password shown once, and keeps data across restarts', async () => {
    const first = await startServe({ dataDir, databaseUrl });
    const [, email, password] = await first.waitFor(/login:\s+(\S+)\n\s+password: (\S+)/);
    expect(first.output()).toMatch(/shown only once/);
    expect(first.output().match(new RegExp(password!, 'g'))).toHaveLength(1);
    const health = await (await fetch(`${first.url}/api/health`)).json();
    expect(health).toEqual({ status: 'ok', database: ENGINE });
    const login = await fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const created = await fetch(`${first.url}/api/v1/customers`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'Survives restarts' }) });
    expect(created.status).toBe(201);
    await first.stop();

    // Second start: migrations run again as no-ops, no second admin, the customer is still there.
    const second = await startServe({ dataDir, databaseUrl });
    expect(second.output()).not.toMatch(/First dealer admin created/);
    const again = await fetch(`${second.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(again.status).toBe(200);
    const list = await fetch(`${second.url}/api/v1/customers`, { headers: { cookie: again.headers.get('set-cookie')!.split(';')[0]! } });
    expect((await list.json()).items.map((c: { name: string }) => c.name)).toEqual(['Survives restarts']);
    await second.stop();
  });
});
