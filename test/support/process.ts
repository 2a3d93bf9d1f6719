import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The built CLI, as `npx tonerloop` runs it. The test script builds it before the tests. */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** A `tonerloop` child process with its output collected and a way to wait for a line. */
export interface Child {
  process: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Starts `tonerloop ARGS…` with the given environment (DATABASE_URL only when given). With `terminal`, it runs
 * on a pseudo-terminal (util-linux `script`), as when a person types the command, and its output is what they see.
 */
export function startCli(args: string[], env: Record<string, string | undefined> = {}, options: { terminal?: boolean } = {}): Child {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const command = options.terminal
    ? { file: 'script', args: ['-qfec', [process.execPath, CLI, ...args].map(quote).join(' '), '/dev/null'] }
    : { file: process.execPath, args: [CLI, ...args] };
  const child = spawn(command.file, command.args, { env: { ...base, TONERLOOP_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); for (const l of listeners) l(); }));
  return {
    process: child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) { cleanup(); resolve(match); }
          else if (child.exitCode !== null || child.signalCode !== null) { cleanup(); reject(new Error(`process ended before ${pattern}:\n${text}`)); }
        };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${pattern}:\n${text}`)); }, timeoutMs);
        const cleanup = () => { clearTimeout(timer); listeners.delete(check); };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs `tonerloop ARGS…` to completion and returns its exit code and output. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; output: string }> {
  const child = startCli(args, env);
  const code = await child.exited;
  return { code, output: child.output() };
}

/** Starts `tonerloop serve` on a free port and resolves once it listens. */
export async function startServe(options: { dataDir: string; databaseUrl: string | null; env?: Record<string, string>; port?: number }): Promise<Child & { url: string; stop(): Promise<void> }> {
  const child = startCli(['serve', '--port', String(options.port ?? 0), '--data-dir', options.dataDir], { ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}), ...options.env });
  const [, url] = await child.waitFor(/TonerLoop is running at (http:\/\/\S+)/);
  return {
    ...child,
    url: url!,
    async stop() {
      if (child.process.exitCode === null) child.process.kill('SIGTERM');
      await child.exited;
    },
  };
}

/**
 * A process test's scratch folder and the children it starts: after the file, children still running are killed,
 * the server database is cleaned up (`cleanupWith`) and the folder removed. Call it inside a `describe`.
 */
export function processWorkspace(prefix: string): { dir: string; children: Child[]; cleanupWith(cleanup: () => Promise<void>): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const children: Child[] = [];
  let cleanup = async () => {};
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, children, cleanupWith: (fn) => { cleanup = fn; } };
}
