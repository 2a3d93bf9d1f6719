import { execFileSync } from 'node:child_process';

let updated = false;

/**
 * Makes sure a command from a Debian package is installed, installing the package when missing
 * (tests run as root on a machine that reaches Debian's archive). Returns the command's path. Test
 * files run in parallel and two installs at once make the second fail at once on the dpkg lock, so a
 * failed install is tried again for about a minute before giving up.
 */
export function ensureCommand(command: string, debianPackage: string): string {
  for (let attempt = 1; ; attempt++) {
    try {
      return installOnce(command, debianPackage);
    } catch (error) {
      if (attempt >= 20) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
    }
  }
}

function installOnce(command: string, debianPackage: string): string {
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
