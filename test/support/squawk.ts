import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SQUAWK_VERSION = '2.66.0';
const SQUAWK_HOME = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'preflight-bench', `squawk-${SQUAWK_VERSION}`);
export const SQUAWK_BIN = join(SQUAWK_HOME, 'node_modules', '.bin', 'squawk');

/**
 * squawk-cli, the peer Preflight's SQL rules are compared with (benchmark and parity test).
 * Installed outside the project on first use: its binaries come in npm platform packages,
 * which `npm ci` would otherwise check for every platform.
 */
export function ensureSquawk({ install = true } = {}): boolean {
  if (!existsSync(SQUAWK_BIN) && install) {
    mkdirSync(SQUAWK_HOME, { recursive: true });
    spawnSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--prefix', SQUAWK_HOME, `squawk-cli@${SQUAWK_VERSION}`], {
      stdio: 'inherit',
    });
  }
  return existsSync(SQUAWK_BIN) && spawnSync(SQUAWK_BIN, ['--version']).status === 0;
}

/**
 * squawk's own binary, from its npm platform package: `SQUAWK_BIN` is a Node shim that starts
 * Node and then the binary, which would add Node's start-up to squawk's time in the benchmark.
 */
export function squawkNativeBinary(): string | undefined {
  const binary = join(
    SQUAWK_HOME,
    'node_modules',
    '@squawk-cli',
    `${process.platform}-${process.arch}`,
    'bin',
    process.platform === 'win32' ? 'squawk.exe' : 'squawk',
  );
  return existsSync(binary) ? binary : undefined;
}
