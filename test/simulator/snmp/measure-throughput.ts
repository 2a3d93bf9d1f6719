/**
 * Not a test: measures how fast one process answers SNMP for a 2,000-printer fleet.
 * Run with `npx vite-node test/simulator/snmp/measure-throughput.ts`. The load generator runs in a
 * worker thread (its own event loop and core) and keeps a fixed window of GETs in flight.
 */
import { Worker } from 'node:worker_threads';
import { createSnmpAgent, defaultEngineId } from '../../../src/simulator/snmp/index.js';
import { FLAG } from '../../../src/simulator/snmp/message.js';
import { createUserDirectory } from '../../../src/simulator/snmp/users.js';
import type { PrinterSnapshot } from '../../../src/simulator/snapshot.js';
import { kyoceraColourSnapshot } from './factories.js';
import { runTool } from './net-snmp-tools.js';
import { communityRequest, v3Request } from './requests.js';

const PRINTERS = 2_000;
const SECONDS = 4;
const WINDOW = 64;
const AUTH = 'tonerloop-auth-1';
const PRIV = 'tonerloop-priv-1';
const OIDS = [[1, 3, 6, 1, 2, 1, 1, 1, 0], [1, 3, 6, 1, 2, 1, 43, 10, 2, 1, 4, 1, 1], [1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9, 1, 1]];

const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const dgram = require('node:dgram');
const { targets, seconds, window } = workerData;
const socket = dgram.createSocket('udp4');
let sent = 0, received = 0, next = 0, last = 0;
const fire = () => { const t = targets[next++ % targets.length]; sent++; socket.send(t.packet, t.port, t.address); };
socket.on('message', () => { received++; fire(); });
socket.bind(0, '127.0.19.1', () => {
  for (let i = 0; i < window; i++) fire();
  // Lost datagrams shrink the window; top it up when a tick passes without progress.
  const refill = setInterval(() => { if (received === last) for (let i = 0; i < window; i++) fire(); last = received; }, 50);
  setTimeout(() => { clearInterval(refill); socket.close(); parentPort.postMessage({ sent, received }); }, seconds * 1000);
});`;

function load(targets: Array<{ address: string; port: number; packet: Buffer }>): Promise<{ sent: number; received: number }> {
  return new Promise((resolve) => {
    const worker = new Worker(LOAD, { eval: true, workerData: { targets, seconds: SECONDS, window: WINDOW } });
    worker.once('message', (result: { sent: number; received: number }) => void worker.terminate().then(() => resolve(result)));
  });
}

const addresses = Array.from({ length: PRINTERS }, (_, i) => `127.0.${20 + Math.floor(i / 250)}.${(i % 250) + 1}`);
const snapshots = new Map<string, PrinterSnapshot>(addresses.map((address, i) => [address, kyoceraColourSnapshot({ sysName: `printer-${i}` })]));
const agent = createSnmpAgent({
  port: 0,
  snapshotOf: (address) => snapshots.get(address),
  engineBoots: 1, // known to the load generator, whose packets then pass the time-window check
  users: [{ name: 'collector', level: 'authPriv', authPassword: AUTH, privPassword: PRIV }],
});
const rssBefore = process.memoryUsage().rss;
let started = performance.now();
const ports = new Map<string, number>();
for (const address of addresses) ports.set(address, await agent.listen(address));
console.log(`listen on ${PRINTERS} addresses: ${(performance.now() - started).toFixed(0)} ms, +${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB RSS`);

const v2c = communityRequest(1, 'public', { oids: OIDS });
const v2cResult = await load(addresses.map((address) => ({ address, port: ports.get(address)!, packet: v2c })));
console.log(`v2c GET (3 varbinds), ${PRINTERS} printers round-robin: ${(v2cResult.received / SECONDS).toFixed(0)} responses/s`);

const users = createUserDirectory([{ name: 'collector', level: 'authPriv', authPassword: AUTH, privPassword: PRIV }]);
const v3Targets = addresses.map((address) => {
  const engineId = defaultEngineId(address);
  const keys = users(engineId, Buffer.from('collector'))!;
  const packet = v3Request({
    engineId, engineBoots: 1, engineTime: 0, userName: 'collector', msgFlags: FLAG.auth | FLAG.priv | FLAG.reportable,
    authKey: keys.authKey!, privKey: keys.privKey!, oids: OIDS,
  });
  return { address, port: ports.get(address)!, packet };
});
// Replaying one valid packet per printer is accepted within the 150 s window: full verify, decrypt,
// answer, encrypt and sign on every request.
const v3Result = await load(v3Targets);
console.log(`v3 authPriv GET (3 varbinds), ${PRINTERS} printers round-robin: ${(v3Result.received / SECONDS).toFixed(0)} responses/s`);

for (const [label, args] of [
  ['snmpbulkwalk -v2c of the Printer MIB', ['-v2c', '-c', 'public']],
  ['snmpbulkwalk -v3 authPriv of the Printer MIB', ['-v3', '-l', 'authPriv', '-u', 'collector', '-a', 'SHA', '-A', AUTH, '-x', 'AES', '-X', PRIV]],
] as const) {
  const runs: number[] = [];
  for (let i = 0; i < 10; i++) {
    started = performance.now();
    const result = await runTool('snmpbulkwalk', [...args, '-On', `${addresses[i]}:${ports.get(addresses[i]!)}`, '1.3.6.1.2.1.43']);
    runs.push(performance.now() - started);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  console.log(`${label}: median ${runs.sort((a, b) => a - b)[5]!.toFixed(1)} ms per walk (process start included)`);
}
console.log(JSON.stringify(agent.counters));
await agent.close();
