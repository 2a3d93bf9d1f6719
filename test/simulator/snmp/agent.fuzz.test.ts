import { createSocket, type Socket } from 'node:dgram';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BerError } from '../../../src/simulator/snmp/ber.js';
import { answerDatagram } from '../../../src/simulator/snmp/datagram.js';
import { createSnmpAgent, renderPrinterMib, type SnmpAgent } from '../../../src/simulator/snmp/index.js';
import { FLAG } from '../../../src/simulator/snmp/message.js';
import { PDU } from '../../../src/simulator/snmp/pdu.js';
import { createUserDirectory } from '../../../src/simulator/snmp/users.js';
import { kyoceraColourSnapshot } from './factories.js';
import { ensureSnmpTools, parsePrinted, runTool } from './net-snmp-tools.js';
import { communityRequest, v3Request } from './requests.js';

const AGENT = '127.0.20.11';
const SIDE = '127.0.20.12';
const V3 = ['-v3', '-l', 'authPriv', '-u', 'collector', '-a', 'SHA', '-A', 'tonerloop-auth-1', '-x', 'AES', '-X', 'tonerloop-priv-1'];
const snapshot = kyoceraColourSnapshot();
let agent: SnmpAgent;
let port = 0;

const bound = (address: string) =>
  new Promise<Socket>((resolve) => {
    const socket = createSocket('udp4');
    socket.bind(0, address, () => resolve(socket));
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seeded PRNG (mulberry32) so a failing run can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Puts a recording UDP relay between net-snmp's tools and the agent, and returns what the tools sent. */
async function captureRealRequests(): Promise<Buffer[]> {
  const captured: Buffer[] = [];
  const relay = await bound(SIDE);
  const upstream = await bound(SIDE);
  let client: { address: string; port: number } | undefined;
  relay.on('message', (datagram, from) => {
    captured.push(Buffer.from(datagram));
    client = from;
    upstream.send(datagram, port, AGENT);
  });
  upstream.on('message', (datagram) => client && relay.send(datagram, client.port, client.address));
  const via = `${SIDE}:${relay.address().port}`;
  await runTool('snmpget', ['-v1', '-c', 'public', via, '1.3.6.1.2.1.1.1.0']);
  await runTool('snmpbulkwalk', ['-v2c', '-c', 'public', via, '1.3.6.1.2.1.43.11']);
  await runTool('snmpget', [...V3, via, '1.3.6.1.2.1.43.11.1.1.9.1.1', '1.3.6.1.2.1.1.5.0']);
  relay.close();
  upstream.close();
  return captured;
}

/** Thousands of hostile datagrams: noise, truncations, bit flips, length tampering, splices, abuse. */
function hostileDatagrams(captured: Buffer[], random: () => number): Buffer[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
  const out: Buffer[] = [];
  for (let i = 0; i < 800; i++) {
    // Half pure noise, half noise behind a SEQUENCE header so decoding gets a little further.
    const noise = bytes(Math.floor(random() * (i % 2 ? 300 : 120)));
    out.push(i % 2 ? noise : Buffer.concat([Buffer.from([0x30, Math.floor(random() * 256)]), noise]));
  }
  for (const request of captured) for (let i = 0; i < 40; i++) out.push(request.subarray(0, Math.floor(random() * request.length)));
  for (let i = 0; i < 1500; i++) {
    const mutated = Buffer.from(pick(captured));
    for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) mutated[Math.floor(random() * mutated.length)]! ^= 1 << Math.floor(random() * 8);
    out.push(mutated);
  }
  for (let i = 0; i < 500; i++) {
    const mutated = Buffer.from(pick(captured));
    mutated[Math.floor(random() * mutated.length)] = pick([0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff]);
    out.push(mutated);
  }
  for (let i = 0; i < 300; i++) {
    const source = pick(captured);
    const at = Math.floor(random() * source.length);
    const inserted = Buffer.concat([source.subarray(0, at), bytes(1 + Math.floor(random() * 8)), source.subarray(at)]);
    const deleted = Buffer.concat([source.subarray(0, at), source.subarray(at + 1 + Math.floor(random() * 8))]);
    out.push(i % 2 ? inserted : deleted);
  }
  // Well-formed abuse: a GETBULK asking for 2^31−1 repetitions of 300 OIDs, 2,000-varbind GETs, deep OIDs.
  const deep = [1, 3, ...Array.from({ length: 126 }, () => 0xffffffff)];
  out.push(communityRequest(1, 'public', { type: PDU.getBulk, errorStatus: 0, errorIndex: 2 ** 31 - 1, oids: Array.from({ length: 300 }, () => [1, 3]) }));
  out.push(communityRequest(1, 'public', { oids: Array.from({ length: 2000 }, () => [1, 3, 6, 1, 2, 1, 1, 1, 0]) }));
  out.push(communityRequest(0, 'public', { type: PDU.getBulk, errorIndex: 10, oids: [[1, 3]] }));
  out.push(communityRequest(1, 'public', { type: PDU.getNext, oids: [deep] }));
  return out;
}

beforeAll(async () => {
  ensureSnmpTools();
  agent = createSnmpAgent({
    port: 0,
    snapshotOf: (address) => (address === AGENT ? snapshot : undefined),
    users: [{ name: 'collector', level: 'authPriv', authPassword: 'tonerloop-auth-1', privPassword: 'tonerloop-priv-1' }],
  });
  port = await agent.listen(AGENT);
});

afterAll(async () => {
  await agent?.close();
});

describe('SNMP agent under hostile traffic', () => {
  it('survives thousands of malformed and mutated datagrams and still answers real clients', async () => {
    const captured = await captureRealRequests();
    expect(captured.length).toBeGreaterThanOrEqual(5); // v1 get, bulk walk, v3 discovery + get
    const datagrams = hostileDatagrams(captured, seeded(20_240_229));
    expect(datagrams.length).toBeGreaterThan(3000);

    const attacker = await bound(SIDE);
    attacker.on('message', () => undefined); // drain whatever the agent answers
    const before = agent.counters.requests;
    const received = () => agent.counters.requests - before;
    for (let sent = 0; sent < datagrams.length; sent += 50) {
      for (const datagram of datagrams.slice(sent, sent + 50)) attacker.send(datagram, port, AGENT);
      // Keep at most ~100 datagrams in flight so the kernel's socket buffer never overflows.
      for (let waited = 0; received() < sent - 50 && waited < 5_000; waited += 1) await sleep(1);
    }
    for (let waited = 0; received() < datagrams.length && waited < 5_000; waited += 20) await sleep(20);
    attacker.close();

    const { requests, responses, reports, dropped, malformed, errors } = agent.counters;
    expect(requests - before).toBe(datagrams.length);
    expect(errors).toBe(0);
    expect(responses + reports + dropped + malformed).toBe(requests);
    expect(malformed).toBeGreaterThan(1000);

    const v2c = await runTool('snmpget', ['-v2c', '-c', 'public', '-On', `${AGENT}:${port}`, '1.3.6.1.2.1.1.1.0']);
    expect(parsePrinted(v2c.stdout).get('1.3.6.1.2.1.1.1.0')?.value).toBe(snapshot.sysDescr);
    const v3 = await runTool('snmpget', [...V3, '-On', `${AGENT}:${port}`, '1.3.6.1.2.1.43.11.1.1.9.1.2']);
    expect(parsePrinted(v3.stdout).get('1.3.6.1.2.1.43.11.1.1.9.1.2')?.value).toBe('290');
  });
});

describe('answerDatagram under mutation', () => {
  it('throws nothing but BerError for any mutation of valid v2c and v3 requests', () => {
    const engineId = Buffer.from('80001f88047465737420656e67696e65', 'hex');
    const users = createUserDirectory([{ name: 'collector', level: 'authPriv', authPassword: 'tonerloop-auth-1', privPassword: 'tonerloop-priv-1' }]);
    const keys = users(engineId, Buffer.from('collector'))!;
    const table = renderPrinterMib(snapshot);
    const context = {
      community: Buffer.from('public'), users, table: () => table, salt: () => Buffer.alloc(8), countReport: () => 1,
      engine: { engineId, engineBoots: 1, engineTime: 10 },
    };
    const oids = [[1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9, 1, 1]];
    const v3 = { engineId, engineBoots: 1, engineTime: 10, userName: 'collector', authKey: keys.authKey!, privKey: keys.privKey!, oids };
    const valid = [
      communityRequest(1, 'public', { type: PDU.getBulk, errorIndex: 10, oids }),
      v3Request({ ...v3, msgFlags: FLAG.auth | FLAG.priv | FLAG.reportable }),
      v3Request({ ...v3, msgFlags: FLAG.auth | FLAG.reportable }),
    ];
    const mutation = fc.record({
      source: fc.constantFrom(...valid),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      cut: fc.option(fc.nat()),
    });
    fc.assert(
      fc.property(mutation, ({ source, edits, cut }) => {
        const datagram = Buffer.from(source);
        for (const [at, value] of edits) datagram[at % datagram.length] = value;
        try {
          answerDatagram(cut === null ? datagram : datagram.subarray(0, cut % datagram.length), context);
        } catch (error) {
          expect(error).toBeInstanceOf(BerError);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});
