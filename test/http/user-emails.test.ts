import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

const OTHER_PASSWORD = 'another dealer, another password';

describe(`e-mail addresses across dealers (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let a: DealerWorld;
  let b: DealerWorld;
  let bCookie: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    a = await buildDealer(ctx.store, 'mail-a');
    b = await buildDealer(ctx.store, 'mail-b');
    bCookie = await loginCookie(ctx.app, b.admin.email);
  });
  afterAll(() => ctx.close());

  const addUser = (email: string, password = OTHER_PASSWORD) => ctx.app.inject({
    method: 'POST', url: '/api/v1/users', headers: { cookie: bCookie }, payload: { email, name: 'New colleague', password, role: 'dispatcher' },
  });
  const logIn = (email: string, password: string, dealerId?: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...(dealerId ? { dealerId } : {}) } });

  it("finding 7: adding a user with another dealer's address answers exactly as a new address does", async () => {
    const fresh = await addUser(`nobody-anywhere-${Date.now()}@example.test`);
    const foreign = await addUser(a.dispatcher.email.toUpperCase());
    expect(foreign.statusCode).toBe(fresh.statusCode);
    expect(foreign.statusCode).toBe(201);
    expect(Object.keys(foreign.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(Object.keys(foreign.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    expect(foreign.json()).toMatchObject({ email: a.dispatcher.email.toUpperCase(), role: 'dispatcher', disabled: false });
    expect(foreign.json().id).not.toBe(a.dispatcher.id);
    // B's list shows its own new user; A's user is untouched and still logs in to A with A's password.
    const listed = (await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: bCookie } })).json().items as { id: string }[];
    expect(listed.map((u) => u.id)).toContain(foreign.json().id);
    expect(listed.map((u) => u.id)).not.toContain(a.dispatcher.id);
    const intoA = await logIn(a.dispatcher.email, PASSWORD);
    expect(intoA.statusCode).toBe(200);
    expect(intoA.json().user.id).toBe(a.dispatcher.id);
    const intoB = await logIn(a.dispatcher.email, OTHER_PASSWORD);
    expect(intoB.statusCode).toBe(200);
    expect(intoB.json().user.id).toBe(foreign.json().id);
  });

  it('finding 7: an address taken at the same dealer is still a conflict, said of that dealer only', async () => {
    const again = await addUser(b.warehouse.email);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(`Your dealer already has a user with e-mail ${b.warehouse.email}.`);
  });

  it('finding 7: a password that opens accounts at two dealers asks which dealer, and dealerId picks it', async () => {
    const shared = await addUser(a.keyUser.email, PASSWORD);
    expect(shared.statusCode).toBe(201);
    const ambiguous = await logIn(a.keyUser.email, PASSWORD);
    expect(ambiguous.statusCode).toBe(409);
    expect(ambiguous.cookies.find((c) => c.name === 'tl_session')).toBeUndefined();
    expect(ambiguous.json().error.details.dealers).toEqual(expect.arrayContaining([{ id: a.dealer.id, name: a.dealer.name }, { id: b.dealer.id, name: b.dealer.name }]));
    const chosen = await logIn(a.keyUser.email, PASSWORD, b.dealer.id);
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().user.id).toBe(shared.json().id);
    // A wrong password says only that, whatever the dealer named.
    expect((await logIn(a.keyUser.email, 'not the password', a.dealer.id)).statusCode).toBe(401);
    expect((await logIn(a.dispatcher.email, PASSWORD, b.dealer.id)).statusCode).toBe(401);
  });
});
