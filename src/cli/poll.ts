import { parseTarget, pollTargets, type PollOptions, type Target } from '../collection/index.js';
import { wholeNumber } from './options.js';
import { AppError } from '../platform/errors.js';

export interface PollFlags {
  snmpVersion: string;
  community: string;
  ipp?: boolean;
  timeout: string;
  retries: string;
  v3User?: string;
  v3AuthProtocol?: string;
  v3AuthKey?: string;
  v3PrivProtocol?: string;
  v3PrivKey?: string;
}

/** Checks the poll flags and turns them into poll options, or throws `bad-request` with one sentence. */
export function pollOptionsOf(flags: PollFlags): PollOptions {
  const version = flags.snmpVersion;
  if (version !== '1' && version !== '2c' && version !== '3') throw new AppError('bad-request', '--snmp-version must be 1, 2c or 3.');
  const timeoutMs = wholeNumber('--timeout', flags.timeout, { min: 50, max: 120_000, what: 'milliseconds' });
  const retries = wholeNumber('--retries', flags.retries, { min: 0, max: 10 });
  const auth = flags.v3AuthProtocol?.toLowerCase() ?? (flags.v3AuthKey ? 'sha' : undefined);
  const priv = flags.v3PrivProtocol?.toLowerCase() ?? (flags.v3PrivKey ? 'aes' : undefined);
  if (auth !== undefined && auth !== 'sha' && auth !== 'md5') throw new AppError('bad-request', '--v3-auth-protocol must be sha or md5.');
  if (priv !== undefined && priv !== 'aes' && priv !== 'des') throw new AppError('bad-request', '--v3-priv-protocol must be aes or des.');
  if (version === '3' && !flags.v3User) throw new AppError('bad-request', 'SNMPv3 needs --v3-user.');
  if (auth && !flags.v3AuthKey) throw new AppError('bad-request', '--v3-auth-protocol needs --v3-auth-key.');
  if (priv && (!flags.v3PrivKey || !auth)) throw new AppError('bad-request', 'SNMPv3 privacy needs --v3-priv-key and authentication (--v3-auth-key).');
  return {
    snmp: {
      version, community: flags.community, timeoutMs, retries,
      ...(version === '3' ? { v3: { user: flags.v3User!, authProtocol: (auth ?? null) as 'sha' | 'md5' | null, authKey: flags.v3AuthKey ?? null, privProtocol: (priv ?? null) as 'aes' | 'des' | null, privKey: flags.v3PrivKey ?? null } } : {}),
    },
    ipp: flags.ipp === true,
    ippPort: 631,
    ippPath: '/ipp/print',
  };
}

/** `tonerloop poll TARGET…`: polls once and prints the readings as a JSON array. */
export async function pollCommand(targetTexts: string[], flags: PollFlags): Promise<void> {
  const options = pollOptionsOf(flags);
  const targets: Target[] = targetTexts.map((text) => {
    const target = parseTarget(text);
    if (typeof target === 'string') throw new AppError('bad-request', target);
    return target;
  });
  // Progress on the terminal only, on stderr: stdout carries the JSON.
  const progress = process.stderr.isTTY && targets.length > 10 ? (done: number) => process.stderr.write(`\rpolled ${done}/${targets.length}`) : undefined;
  const readings = await pollTargets(targets, options, 32, progress);
  if (progress) process.stderr.write('\n');
  process.stdout.write(`${JSON.stringify(readings, null, 2)}\n`);
}
