import { Command, CommanderError, Option } from 'commander';
import { isAppError } from '../platform/errors.js';
import { benchCommand } from './bench.js';
import { collectCommand } from './collect.js';
import { demoCommand } from './demo.js';
import { pollCommand } from './poll.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';


/** Builds the `tonerloop` command line. */
export function buildProgram(env: NodeJS.ProcessEnv): Command {
  const program = new Command('tonerloop')
    .description('Just-in-time toner supply for imaging dealers.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run tonerloop --help for usage)');

  program
    .command('serve')
    .description('Run the API, portal and background work in one process')
    .option('--port <port>', 'TCP port (TONERLOOP_PORT)')
    .option('--host <host>', 'address to listen on (TONERLOOP_HOST)')
    .option('--data-dir <dir>', 'embedded database folder, unless DATABASE_URL is set (TONERLOOP_DATA_DIR)')
    .addOption(new Option('--no-workers', 'do not run background jobs in this process'))
    .action(async (options) => serveCommand(options, env));

  program
    .command('simulate')
    .description('Simulated printers speaking real SNMP (v1, v2c, v3) and IPP, one loopback address each')
    .option('--printers <n>', 'how many printers (default 10, or the scenario\'s)')
    .option('--address <ip>', 'loopback address of the first printer; the others count up', '127.0.20.1')
    .option('--snmp-port <port>', 'UDP port of every printer\'s SNMP agent', '161')
    .option('--ipp-port <port>', 'TCP port of every printer\'s IPP server', '631')
    .option('--no-ipp', 'serve SNMP only')
    .option('--control-port <port>', 'port of the control API (truth, events, deliveries) on 127.0.0.1', '8161')
    .option('--scenario <file>', 'YAML or JSON scenario: fleet, seed, start, speed, behaviour, events')
    .option('--speed <x>', 'simulated seconds per real second (86400 = a day per second)')
    .option('--seed <seed>', 'random seed (same seed, same fleet and events)')
    .option('--truth <file>', 'append every ground-truth event to this JSON-lines file')
    .option('--community <name>', 'SNMP v1/v2c read community', 'public')
    .option('--v3-user <name>', 'SNMPv3 user (SHA authentication, AES privacy)', 'tonerloop')
    .option('--v3-auth-key <password>', 'SNMPv3 authentication password', 'tonerloop-auth')
    .option('--v3-priv-key <password>', 'SNMPv3 privacy password', 'tonerloop-priv')
    .action(async (options) => simulateCommand(options));

  program
    .command('poll')
    .description('Poll printers once and print their readings as a JSON array')
    .argument('<target...>', 'host[:port] for SNMP, or an ipp://host:port/path URI')
    .option('--snmp-version <v>', '1, 2c or 3', '2c')
    .option('--community <name>', 'SNMP v1/v2c community', 'public')
    .option('--ipp', 'also try IPP when SNMP gives no supplies (and SNMP when IPP gives none)')
    .option('--timeout <ms>', 'how long to wait for each answer', '3000')
    .option('--retries <n>', 'SNMP retries per request', '1')
    .option('--v3-user <name>', 'SNMPv3 user')
    .option('--v3-auth-protocol <p>', 'sha or md5 (default sha when a key is given)')
    .option('--v3-auth-key <password>', 'SNMPv3 authentication password')
    .option('--v3-priv-protocol <p>', 'aes or des (default aes when a key is given)')
    .option('--v3-priv-key <password>', 'SNMPv3 privacy password')
    .action(async (targets, options) => pollCommand(targets, options));

  program
    .command('collect')
    .description('The data collection agent: polls printers on the configuration the server gives it and uploads readings')
    .requiredOption('--server <url>', "the TonerLoop server's URL")
    .option('--token <token>', 'the collector token (or set TONERLOOP_COLLECTOR_TOKEN)')
    .option('--state-dir <dir>', 'where the reading queue, the quarantine and the last configuration are kept', './collector-state')
    .option('--queue-max-mb <mb>', 'largest size of the reading queue on disk', '100')
    .option('--requeue-quarantined', 'put the readings the server would not take (quarantine.json) back into the queue at start, once the cause is fixed')
    .action(async (options) => collectCommand(options, env));

  program
    .command('demo')
    .description('Everything a newcomer needs on loopback: server on an embedded database, a simulated fleet in accelerated time, a collector, a stand-in ERP')
    .option('--printers <n>', 'simulated printers', '50')
    .option('--port <port>', 'TCP port of the portal and API', '8080')
    .option('--data-dir <dir>', 'where the demo keeps its database, collector queue and simulated time', './data/demo')
    .option('--speed <x>', 'simulated seconds per real second (3600: an hour per second)', '3600')
    .option('--snmp-port <port>', 'UDP port of the simulated printers', '16161')
    .action(async (options) => demoCommand(options, env));

  program
    .command('bench')
    .description('Run a benchmark, print a table and write JSON (benchmarks: core, simulator, collector, forecast, portal, ingest, import, jobs, warehouse, jit)')
    .argument('[name]', 'which benchmark', 'core')
    .option('--devices <n>', 'core, portal, jobs: devices to seed (100,000); ingest: devices reporting (2,000)')
    .option('--printers <n>', 'simulator, collector: printers to serve and poll (2,000); forecast, jit: fleet size (1,000); warehouse: printers, one ready job each to pack (1,000)')
    .option('--seconds <s>', 'core: seconds per measured operation (5); import: seconds of the no-import baseline (5)')
    .option('--rows <n>', 'import: rows of the CSV file imported while other requests are measured (300,000)')
    .option('--requests <n>', 'jobs: outstanding requests taken by each of the ERP and the job creator (10,000)')
    .option('--concurrency <n>', 'parallel clients: HTTP requests (core, 8), SNMP polls (simulator, collector, 8), uploads (ingest, 2), ERP actions (jobs, 4), scan stations (warehouse, 20)')
    .option('--rounds <n>', 'ingest: hourly rounds of readings per measured path (24)')
    .option('--runs <n>', 'portal: measured page loads after a warm-up (10); warehouse: runs of each document (5)')
    .option('--seed <text>', 'forecast, jit: the simulated fleet\'s seed ("bench")')
    .option('--days <n>', 'jit: days measured after the warm-up (365)')
    .option('--scenario <file>', 'jit: a dealer\'s what-if, YAML or JSON: lead times, swap habits, request settings')
    .option('--out <file>', 'where to write the JSON results (default bench-results/NAME.json)')
    .action(async (name, options) => benchCommand(name, options, env));

  return program;
}

/** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 bad usage. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const program = buildProgram(env);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (isAppError(error, 'invalid-config') || isAppError(error, 'bad-request')) {
      process.stderr.write(`tonerloop: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`tonerloop: ${(error as Error).message}\n`);
    return 1;
  }
}
