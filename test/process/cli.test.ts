import { describe, expect, it } from 'vitest';
import { runCli } from '../support/process.js';

describe('tonerloop command line', () => {
  it('exits 2 with usage on an unknown command', async () => {
    const { code, output } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(output).toMatch(/unknown command 'frobnicate'/);
    expect(output).toMatch(/tonerloop --help/);
  });

  it('exits 2 with one sentence naming the bad flag', async () => {
    const { code, output } = await runCli(['serve', '--port', 'eighty']);
    expect(code).toBe(2);
    expect(output.trim()).toBe('tonerloop: --port is invalid: Invalid input: expected number, received NaN.');
  });

  it('exits 2 naming a bad environment variable', async () => {
    const { code, output } = await runCli(['serve'], { DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(2);
    expect(output).toMatch(/DATABASE_URL is invalid: must start with postgres/);
  });

  it('exits 1 with a clear sentence when PostgreSQL cannot be reached', async () => {
    const { code, output } = await runCli(['serve', '--port', '0'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot connect to PostgreSQL at DATABASE_URL/);
  });

  it('refuses bad demo options with exit code 2 and one sentence', async () => {
    const { code, output } = await runCli(['demo', '--printers', 'many']);
    expect(code).toBe(2);
    expect(output).toMatch(/--printers must be a whole number from 1 to 2000, not "many"\./);
  });

  it('refuses an unknown benchmark with exit code 2', async () => {
    const { code, output } = await runCli(['bench', 'nonsense']);
    expect(code).toBe(2);
    expect(output).toMatch(/Unknown benchmark "nonsense"; choose one of: core, simulator, collector, portal, ingest, import, jobs, forecast, warehouse, jit\./);
  });

  it('refuses a bad benchmark option with exit code 2, naming the option and its range', async () => {
    const { code, output } = await runCli(['bench', 'ingest', '--rounds', '0']);
    expect(code).toBe(2);
    expect(output).toMatch(/--rounds must be a whole number from 1 to 200, not "0"\./);
  });

  it('refuses a bad jit option or scenario file with exit code 2 and one sentence', async () => {
    const days = await runCli(['bench', 'jit', '--days', '5']);
    expect(days.code).toBe(2);
    expect(days.output.trim()).toBe('tonerloop: --days must be a whole number from 30 to 730, not "5".');
    const missing = await runCli(['bench', 'jit', '--scenario', '/nonexistent/dealer.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.output.trim()).toBe('tonerloop: Cannot read scenario file /nonexistent/dealer.yaml: ENOENT.');
  });

  it('prints help with exit code 0', async () => {
    const { code, output } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(output).toMatch(/serve/);
  });
});
