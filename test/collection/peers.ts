/**
 * Real, independently written protocol peers on loopback for the collection tests: Debian's net-snmp
 * `snmpd` serving a printer's Printer MIB from `override` lines, and CUPS' `ippeveprinter` serving
 * static printer attributes. Each is installed from Debian when missing, started on a free port with a
 * config of its own in a temporary folder, and stopped by its process id.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCommand } from '../support/debian.js';

/** The folder of the collection fixtures (snmpd and ippeveprinter configs). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The path of a fixture file, e.g. `fixture('snmpd/hp-mono-percent.conf')`. */
export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A peer process serving on `address:port`. */
export interface Peer {
  address: string;
  port: number;
  pid: number;
  /** What the peer wrote to its log so far. */
  log(): string;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its folder. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A UDP port nobody listens on at `address` right now (the kernel's pick, released again). */
export function freeUdpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, address, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A TCP port nobody listens on at `address` right now (the kernel's pick, released again). */
export function freeTcpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Stops a child by its pid: SIGTERM, SIGKILL after five seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

// No MIB files (Debian ships few), no user snmp.conf, no persistent state outside the peer's folder.
function netSnmpEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, MIBS: '', MIBDIRS: dir, SNMPCONFPATH: dir, SNMP_PERSISTENT_DIR: join(dir, 'persist') };
}

/** Options of one snmpd peer. */
export interface SnmpdOptions {
  /** A loopback address of its own, e.g. 127.0.41.3. */
  address: string;
  /** The personality: a fixture file of `override`, `sysDescr`, `createUser`/`rouser` lines. */
  config: string;
  /** The read community (`rocommunity`); null for none. */
  community?: string | null;
}

/**
 * Starts Debian's snmpd on a free UDP port at `address` with the personality's lines after
 * `agentAddress` and `rocommunity`, and waits until `snmpget` reads its sysDescr.
 */
export async function startSnmpd(options: SnmpdOptions): Promise<Peer> {
  ensureCommand('snmpd', 'snmpd');
  ensureCommand('snmpget', 'snmp');
  const community = options.community === undefined ? 'public' : options.community;
  let lastError: Error | undefined;
  // The free port is released before snmpd binds it; another process could take it in between, so try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeUdpPort(options.address);
    try {
      return await startSnmpdOn(options.address, port, options.config, community);
    } catch (error) {
      lastError = error as Error;
    }
  }
  throw lastError!;
}

async function startSnmpdOn(address: string, port: number, configFile: string, community: string | null): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'tonerloop-snmpd-'));
  mkdirSync(join(dir, 'persist'));
  const conf = join(dir, 'snmpd.conf');
  const logFile = join(dir, 'log');
  writeFileSync(conf, [
    `agentAddress udp:${address}:${port}`,
    // Requests come from whichever loopback address the kernel picks as source.
    ...(community === null ? [] : [`rocommunity ${community} 127.0.0.0/8`]),
    readFileSync(configFile, 'utf8'),
  ].join('\n'));
  const child = spawn('/usr/sbin/snmpd', ['-f', '-Lf', logFile, '-C', '-c', conf, '-p', join(dir, 'pid')], { env: netSnmpEnv(dir), stdio: 'ignore' });
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const peer: Peer = {
    address, port, pid: child.pid!, log,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (log().includes('NET-SNMP version')) {
      const probe = community === null
        ? { code: 0 }
        : await run('snmpget', ['-v2c', '-c', community, '-t', '0.5', '-r', '0', '-On', `${address}:${port}`, '1.3.6.1.2.1.1.1.0'], netSnmpEnv(dir));
      if (probe.code === 0) return peer;
    }
    await sleep(100);
  }
  const text = log();
  await peer.stop();
  throw new Error(`snmpd did not start on ${address}:${port}:\n${text.split('\n').filter((l) => !/^(Cannot (find|adopt)|Did not find|Unlinked OID|Undefined identifier)/.test(l)).join('\n')}`);
}

/** Reads one OID from a peer with Debian's snmpget and returns "TYPE: value" as it prints it. */
export async function snmpgetPrinted(peer: Peer, oid: string, args: string[] = ['-v2c', '-c', 'public']): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tonerloop-snmpget-'));
  try {
    const result = await run('snmpget', [...args, '-On', '-t', '1', '-r', '1', `${peer.address}:${peer.port}`, oid], netSnmpEnv(dir));
    if (result.code !== 0) throw new Error(`snmpget ${oid} failed: ${result.stderr}`);
    return result.stdout.replace(/^\S+ = /, '').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function canConnect(path: string | { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = typeof path === 'string' ? connect(path) : connect(path.port, path.host);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** What `ensureDnsSd` started, to stop again afterwards. */
export interface DnsSd {
  /** Stops the daemons this call started (none when they were already running). */
  stop(): Promise<void>;
}

const SYSTEM_BUS = '/run/dbus/system_bus_socket';

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/**
 * ippeveprinter refuses to start without DNS-SD ("Unable to initialize DNS-SD"), which on Debian is
 * avahi-daemon on the system D-Bus. Starts both when they are not running and returns how to stop
 * exactly those again.
 */
export async function ensureDnsSd(): Promise<DnsSd> {
  ensureCommand('dbus-daemon', 'dbus');
  ensureCommand('avahi-daemon', 'avahi-daemon');
  const started: number[] = [];
  if (!(await canConnect(SYSTEM_BUS))) {
    mkdirSync('/run/dbus', { recursive: true });
    // A pid file left by a daemon that is gone makes dbus-daemon refuse to start.
    rmSync('/run/dbus/pid', { force: true });
    rmSync(SYSTEM_BUS, { force: true });
    const result = await run('dbus-daemon', ['--system', '--fork', '--print-pid']);
    if (result.code !== 0) throw new Error(`dbus-daemon --system did not start: ${result.stderr}`);
    started.push(Number(result.stdout.trim().split('\n')[0]));
  }
  if ((await run('avahi-daemon', ['--check'])).code !== 0) {
    const result = await run('avahi-daemon', ['-D', '--no-drop-root']);
    if (result.code !== 0) throw new Error(`avahi-daemon did not start: ${result.stderr}`);
    for (let i = 0; i < 50 && (await run('avahi-daemon', ['--check'])).code !== 0; i++) await sleep(100);
    const pidFile = '/run/avahi-daemon/pid';
    if (existsSync(pidFile)) started.unshift(Number(readFileSync(pidFile, 'utf8').trim()));
  }
  return {
    async stop() {
      // avahi first (it is a client of the bus), then the bus.
      for (const pid of started) {
        killPid(pid);
        for (let i = 0; i < 50; i++) {
          try {
            process.kill(pid, 0);
          } catch {
            break;
          }
          await sleep(50);
        }
      }
    },
  };
}

/**
 * Starts CUPS' ippeveprinter on a free TCP port of localhost with the static attributes of `config`
 * (an `-a` file) and waits until it accepts connections. Needs `ensureDnsSd()` first.
 */
export async function startIppEvePrinter(config: string, name: string): Promise<Peer> {
  ensureCommand('ippeveprinter', 'cups-ipp-utils');
  const dir = mkdtempSync(join(tmpdir(), 'tonerloop-ippeve-'));
  const port = await freeTcpPort('127.0.0.1');
  let output = '';
  const child = spawn('ippeveprinter', ['-n', 'localhost', '-p', String(port), '-a', config, '-d', dir, name], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const peer: Peer = {
    address: '127.0.0.1', port, pid: child.pid!, log: () => output,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await canConnect({ host: '127.0.0.1', port })) return peer;
    await sleep(100);
  }
  await peer.stop();
  throw new Error(`ippeveprinter did not start on port ${port}: ${output.trim() || 'no output'}`);
}
