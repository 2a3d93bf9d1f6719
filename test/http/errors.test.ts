import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/store.js';
import { errorHandler } from '../../src/http/errors.js';
import { createTestDatabase, ENGINE } from '../support/database.js';

describe(`error mapping (${ENGINE})`, () => {
  it('answers a unique violation raised by the database with a 409 and one sentence, never a 500', async () => {
    const { database, cleanup } = await createTestDatabase();
    const lines: string[] = [];
    const app = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } } });
    app.setErrorHandler(errorHandler);
    app.get('/twice', async () => {
      // The real thing: the same primary key inserted twice.
      const dealer = { id: '00000000-0000-4000-8000-000000000001', name: 'Twice', created_at: new Date() };
      const { db } = createStore(database);
      await db.insertInto('dealers').values(dealer).execute();
      await db.insertInto('dealers').values(dealer).execute();
      return 'unreachable';
    });
    try {
      const response = await app.inject({ method: 'GET', url: '/twice' });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/saved at the same moment; reload and try again\.$/) });
      // The caller gets one sentence; the log keeps the database's error, in case a bug violated the key.
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unique violation answered 409');
      expect(logged?.err?.message).toMatch(/duplicate key|unique/i);
    } finally {
      await app.close();
      await cleanup();
    }
  });
});
