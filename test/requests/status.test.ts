import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/platform/errors.js';
import { REQUEST_STATUSES, REQUEST_TRANSITIONS, initialStatus, mayRetrigger, concernsCurrentCartridge, reauthorize, transition, type RequestActor, type RequestStatus } from '../../src/requests/index.js';
import { DAY, NOW, admin, dispatcher, erp, keyUser, request, system } from './factories.js';

/** The actor allowed to make each move (loop closure is the system; a rejection override is a dealer admin). */
const actorFor = (from: RequestStatus, to: RequestStatus): RequestActor => (to === 'completed' ? system : from === 'rejected' && to === 'outstanding' ? admin : dispatcher);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isAppError(error, 'conflict')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the transition to be refused');
}

const allowed = REQUEST_STATUSES.flatMap((from) => REQUEST_TRANSITIONS[from].map((to) => [from, to] as const));
const refused = REQUEST_STATUSES.flatMap((from) => REQUEST_STATUSES.filter((to) => !REQUEST_TRANSITIONS[from].includes(to) && !(from === 'actioned' && to === 'actioned')).map((to) => [from, to] as const));

describe('transition', () => {
  it.each(allowed)('moves a %s request to %s and records it in the history', (from, to) => {
    const actor = actorFor(from, to);
    const { request: next, entry, changed } = transition(request(from), to, actor, NOW, { comment: 'because' });
    expect(changed).toBe(true);
    expect(next.status).toBe(to);
    expect(next.statusChangedAt).toBe(new Date(NOW).toISOString());
    expect(entry).toMatchObject({ from, to, actor, comment: 'because', at: new Date(NOW).toISOString() });
    expect(next.history).toEqual([entry]);
  });

  it.each(refused)('refuses to move a %s request to %s with one clear sentence', (from, to) => {
    const message = refusal(() => transition(request(from), to, admin, NOW));
    expect(message).toMatch(/^Request req-1 cannot go from \w+ to \w+: (it is final|it can only become [a-z, ]+)\.$/);
  });

  it('says a completed request is final', () => {
    expect(refusal(() => transition(request('completed'), 'outstanding', admin, NOW))).toBe('Request req-1 cannot go from completed to outstanding: it is final.');
  });

  it('leaves the original request untouched', () => {
    const before = request('outstanding');
    transition(before, 'ignored', dispatcher, NOW);
    expect(before.status).toBe('outstanding');
    expect(before.history).toEqual([]);
  });

  it('keeps the full history across moves', () => {
    const a = transition(request('outstanding'), 'queried', dispatcher, NOW, { comment: 'Is the printer still in use?' }).request;
    const b = transition(a, 'outstanding', dispatcher, NOW + 1000, { comment: 'Yes' }).request;
    const c = transition(b, 'actioned', erp, NOW + 2000, { externalId: 'SO-1' }).request;
    expect(c.history.map((h) => `${h.from}→${h.to}`)).toEqual(['outstanding→queried', 'queried→outstanding', 'outstanding→actioned']);
  });
});

describe('transition to actioned', () => {
  it('writes the externalId into the comment (CONTRACT)', () => {
    const { request: next } = transition(request('outstanding'), 'actioned', erp, NOW, { externalId: 'SO-4711', comment: 'Ships Monday' });
    expect(next).toMatchObject({ status: 'actioned', externalId: 'SO-4711', comment: 'B2B ID SO-4711 — Ships Monday' });
  });

  it('is a no-op when repeated with the same externalId', () => {
    const actioned = transition(request('outstanding'), 'actioned', erp, NOW, { externalId: 'SO-4711' }).request;
    const again = transition(actioned, 'actioned', erp, NOW + DAY, { externalId: 'SO-4711' });
    expect(again).toEqual({ request: actioned, entry: null, changed: false });
  });

  it('refuses a different externalId on an actioned request as a conflict', () => {
    const actioned = transition(request('outstanding'), 'actioned', erp, NOW, { externalId: 'SO-4711' }).request;
    expect(refusal(() => transition(actioned, 'actioned', erp, NOW, { externalId: 'SO-9999' }))).toBe('Request req-1 was already actioned with externalId SO-4711, not SO-9999.');
  });

  it('refuses actioning an actioned request again without an externalId', () => {
    expect(refusal(() => transition(request('actioned', { externalId: 'SO-1' }), 'actioned', dispatcher, NOW))).toBe('Request req-1 is already actioned.');
  });
});

describe('transition out of rejected', () => {
  it('lets a dealer admin override a rejection with a comment, marked as an override for the audit', () => {
    const { entry } = transition(request('rejected'), 'outstanding', admin, NOW, { comment: 'Customer moved the printer; meters will catch up.' });
    expect(entry).toMatchObject({ from: 'rejected', to: 'outstanding', override: true, actor: admin });
  });

  it.each([dispatcher, keyUser, erp, system])('refuses the override for a $kind that is not a dealer admin', (actor) => {
    expect(refusal(() => transition(request('rejected'), 'outstanding', actor, NOW, { comment: 'please' }))).toBe('Only a dealer admin may override the rejection of request req-1.');
  });

  it('refuses an override without a comment', () => {
    expect(refusal(() => transition(request('rejected'), 'outstanding', admin, NOW))).toBe('Overriding the rejection of request req-1 needs a comment saying why.');
  });
});

describe('transition to completed (loop closure)', () => {
  it('completes an actioned request when the new cartridge is seen installed', () => {
    expect(transition(request('actioned'), 'completed', system, NOW).request.status).toBe('completed');
  });

  it('refuses completion by a dispatcher or an ERP, which cannot see the cartridge', () => {
    expect(refusal(() => transition(request('actioned'), 'completed', erp, NOW))).toBe('Request req-1 completes when the new cartridge is seen installed, or by a dealer admin.');
    expect(refusal(() => transition(request('actioned'), 'completed', dispatcher, NOW))).toContain('seen installed');
  });
});

describe('initialStatus', () => {
  it('puts an authorized request in outstanding', () => {
    expect(initialStatus({ authorized: true, results: [] }, system, NOW).status).toBe('outstanding');
  });

  it('rejects an unauthorized one and keeps the failed reasons', () => {
    const { status, entry } = initialStatus({ authorized: false, results: [{ rule: 'metersFresh', passed: false, reason: 'Meters are stale.' }, { rule: 'deviceConnected', passed: true, reason: 'Seen.' }] }, system, NOW);
    expect(status).toBe('rejected');
    expect(entry).toMatchObject({ from: null, to: 'rejected', comment: 'Meters are stale.' });
  });
});

describe('mayRetrigger', () => {
  const ignored = transition(request('outstanding'), 'ignored', dispatcher, NOW).request;

  it('does not re-trigger an ignored supply until a new cartridge is seen after the ignore', () => {
    expect(mayRetrigger(ignored, null)).toBe(false);
    expect(mayRetrigger(ignored, NOW - DAY)).toBe(false);
    expect(mayRetrigger(ignored, NOW + DAY)).toBe(true);
  });

  it('lets other statuses re-trigger (open ones are stopped by authorization instead)', () => {
    expect(mayRetrigger(request('completed'), null)).toBe(true);
  });
});

describe('concernsCurrentCartridge', () => {
  it('holds a rejection for the cartridge it was about, and lets go once a new one is installed', () => {
    const rejected = request('rejected');
    expect(concernsCurrentCartridge(rejected, null)).toBe(true);
    expect(concernsCurrentCartridge(rejected, NOW - DAY)).toBe(true);
    expect(concernsCurrentCartridge(rejected, NOW + DAY)).toBe(false);
  });
});

describe('reauthorize', () => {
  it('reopens a rejected request as outstanding when every rule passes now, as the system and not as an override', () => {
    const result = reauthorize(request('rejected'), { authorized: true }, NOW)!;
    expect(result.request.status).toBe('outstanding');
    expect(result.entry).toMatchObject({ from: 'rejected', to: 'outstanding', actor: { kind: 'system' }, override: false });
    expect(result.request.history.at(-1)).toEqual(result.entry);
  });

  it('leaves a request rejected while a rule still fails, and leaves other statuses alone', () => {
    expect(reauthorize(request('rejected'), { authorized: false }, NOW)).toBeNull();
    expect(reauthorize(request('ignored'), { authorized: true }, NOW)).toBeNull();
  });
});
