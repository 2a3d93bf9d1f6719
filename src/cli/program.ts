import { Command, CommanderError, Option } from 'commander';
import { isAppError } from '../platform/errors.js';
import { benchCommand } from './bench.js';
import { serveCommand } from './serve.js';

/** Commands whose issues have not landed yet: they say so and exit 1 rather than pretend. */
const NOT_YET = [
  ['demo', 'Server, simulated fleet and collector on loopback, for newcomers'],
  ['simulate', 'Simulated printers speaking real SNMP and IPP'],
  ['poll', 'Poll printers once and print their readings as JSON'],
  ['collect', 'The long-running data collection agent'],
] as const;

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
    .command('bench')
    .description('Run a benchmark, print a table and write JSON (benchmarks: core)')
    .argument('[name]', 'which benchmark', 'core')
    .option('--devices <n>', 'devices to seed', '100000')
    .option('--seconds <s>', 'seconds per measured operation', '5')
    .option('--concurrency <n>', 'parallel HTTP clients', '8')
    .option('--out <file>', 'where to write the JSON results (default bench-results/NAME.json)')
    .action(async (name, options) => benchCommand(name, options, env));

  for (const [name, description] of NOT_YET) {
    program
      .command(name)
      .description(`${description} (not yet available)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        process.stderr.write(`tonerloop ${name} is not yet available in this version.\n`);
        process.exitCode = 1;
      });
  }
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
