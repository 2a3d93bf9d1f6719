import { execFileSync } from 'node:child_process';

let updated = false;

/**
 * Makes sure a command from a Debian package is installed, installing the package when missing
 * (tests run as root on a machine that reaches Debian's archive). Returns the command's path.
 */
export function ensureCommand(command: string, debianPackage: string): string {
  const find = () => {
    try {
      return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  let path = find();
  if (path) return path;
  if (!updated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', timeout: 300_000 });
    updated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', debianPackage], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 });
  path = find();
  if (!path) throw new Error(`Installing Debian package ${debianPackage} did not provide ${command}.`);
  return path;
}
