import { AppError } from '../platform/errors.js';
import { wholeNumber } from './options.js';
import { createLogger } from '../platform/logger.js';
import { loadScenario, parseScenario } from '../simulator/scenario.js';
import { startSimulator } from '../simulator/server.js';

export interface SimulateFlags {
  printers?: string;
  address: string;
  snmpPort: string;
  ippPort: string;
  ipp: boolean;
  controlPort: string;
  scenario?: string;
  speed?: string;
  seed?: string;
  truth?: string;
  community: string;
  v3User: string;
  v3AuthKey: string;
  v3PrivKey: string;
}


/** `tonerloop simulate`: serves a simulated fleet over SNMP and IPP until SIGINT or SIGTERM. */
export async function simulateCommand(flags: SimulateFlags): Promise<void> {
  const base = flags.scenario ? loadScenario(flags.scenario) : parseScenario({});
  const overrides: Record<string, unknown> = {};
  if (flags.printers !== undefined) overrides.printers = Number(flags.printers);
  if (flags.speed !== undefined) overrides.speed = Number(flags.speed);
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  const scenario = parseScenario({ ...base, ...overrides }, 'the command line');
  const logger = createLogger(process.env.TONERLOOP_LOG_LEVEL === undefined ? 'info' : (process.env.TONERLOOP_LOG_LEVEL as 'info'));
  const simulator = await startSimulator({
    scenario,
    firstAddress: flags.address,
    snmpPort: wholeNumber('--snmp-port', flags.snmpPort, { min: 0, max: 65535, what: 'a port number' }),
    ippPort: flags.ipp ? wholeNumber('--ipp-port', flags.ippPort, { min: 0, max: 65535, what: 'a port number' }) : null,
    controlPort: wholeNumber('--control-port', flags.controlPort, { min: 0, max: 65535, what: 'a port number' }),
    community: flags.community,
    v3Users: [{ name: flags.v3User, level: 'authPriv', authPassword: flags.v3AuthKey, privPassword: flags.v3PrivKey }],
    truthFile: flags.truth,
    logger,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EACCES') throw new AppError('bad-request', `Binding port ${flags.snmpPort} needs root; choose --snmp-port and --ipp-port above 1023.`);
    if (error.code === 'EADDRINUSE') throw new AppError('bad-request', `A port is already in use (${error.message}); choose other ports.`);
    throw error;
  });
  const last = simulator.addresses[simulator.addresses.length - 1];
  process.stdout.write(
    `Simulating ${simulator.addresses.length} printers on ${simulator.addresses[0]}–${last} ` +
      `(SNMP port ${flags.snmpPort}, community "${flags.community}", v3 user "${flags.v3User}" SHA/AES` +
      `${flags.ipp ? `; IPP at ipp://ADDRESS:${flags.ippPort}/ipp/print` : ''}), ` +
      `${scenario.speed === 1 ? 'in real time' : `${scenario.speed}× real time`}, from ${new Date(simulator.now()).toISOString()}.\n` +
      `Ground truth and deliveries: ${simulator.controlUrl}/truth, /events, POST /deliveries.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void simulator.stop().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
