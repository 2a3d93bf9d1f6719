import { startServer } from '../app/server.js';
import { loadConfig } from '../config/index.js';
import { systemClock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';

/** `tonerloop serve`: starts the server and keeps it running until SIGINT or SIGTERM. */
export async function serveCommand(options: { port?: string; host?: string; dataDir?: string; workers?: boolean }, env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig({ port: options.port, host: options.host, dataDir: options.dataDir, workers: options.workers === false ? 'false' : undefined }, env);
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, systemClock, logger);
  if (server.firstAdmin) {
    // Printed to the terminal, never to the log: the password must not end up in log storage.
    const password = server.firstAdmin.generatedPassword ?? '(the one in TONERLOOP_ADMIN_PASSWORD)';
    process.stdout.write(`\nFirst dealer admin created.\n  login:    ${server.firstAdmin.email}\n  password: ${password}\n` +
      (server.firstAdmin.generatedPassword ? '  This password is shown only once: write it down now.\n' : '') + '\n');
  }
  process.stdout.write(`TonerLoop is running at ${server.url} (database: ${server.database.engine})\n`);
  await new Promise<void>((resolve) => {
    const shutdown = () => {
      logger.info('shutting down');
      server.stop().then(resolve, resolve);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
