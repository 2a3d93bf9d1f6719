import { mkdirSync } from 'node:fs';
import { CollectorAgent } from '../collection/agent/agent.js';
import { ServerClient } from '../collection/agent/server-client.js';
import { AppError } from '../platform/errors.js';
import { systemClock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';

export interface CollectFlags {
  server: string;
  token?: string;
  stateDir: string;
  queueMaxMb: string;
  requeueQuarantined?: boolean;
}

const VERSION = '0.1.0';

/** `tonerloop collect`: the long-running data collection agent, until SIGINT or SIGTERM. */
export async function collectCommand(flags: CollectFlags, env: NodeJS.ProcessEnv): Promise<void> {
  let server: URL;
  try {
    server = new URL(flags.server);
  } catch {
    throw new AppError('bad-request', `--server must be the server's URL, such as https://tonerloop.example.com (got "${flags.server}").`);
  }
  if (server.protocol !== 'http:' && server.protocol !== 'https:') throw new AppError('bad-request', '--server must be an http:// or https:// URL.');
  // The token may come from the environment so it does not show in the process list.
  const token = flags.token ?? env.TONERLOOP_COLLECTOR_TOKEN;
  if (!token || !token.startsWith('tlc_')) throw new AppError('bad-request', '--token (or TONERLOOP_COLLECTOR_TOKEN) must be the collector token the server showed when the collector was registered (tlc_…).');
  const queueMaxMb = Number(flags.queueMaxMb);
  if (!(queueMaxMb >= 1 && queueMaxMb <= 100_000)) throw new AppError('bad-request', '--queue-max-mb must be a number of megabytes from 1 to 100000.');
  mkdirSync(flags.stateDir, { recursive: true });
  const logger = createLogger((env.TONERLOOP_LOG_LEVEL as 'info' | undefined) ?? 'info');
  const agent = new CollectorAgent({
    server: new ServerClient(server.toString(), token),
    stateDir: flags.stateDir,
    queueMaxBytes: queueMaxMb * 1_048_576,
    clock: systemClock,
    logger,
    agentVersion: VERSION,
    requeueQuarantined: flags.requeueQuarantined === true,
    progress: process.stderr.isTTY ? (line) => process.stderr.write(`\r${line.padEnd(78)}`) : undefined,
  });
  process.once('SIGINT', () => agent.stop());
  process.once('SIGTERM', () => agent.stop());
  await agent.run();
}
