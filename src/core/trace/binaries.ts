import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A folder holding a PostgreSQL server's programs (initdb, pg_ctl, postgres), and which version they are. */
export interface PostgresBinaries {
  bin: string;
  /** "15.18" */
  version: string;
  major: number;
  /** Where it was found: "PATH", "pg_config --bindir", "/usr/lib/postgresql". */
  foundIn: string;
}

export interface ChosenBinaries {
  binaries: PostgresBinaries;
  /** Why another version than `postgres.version` was taken, when it was. */
  note?: string;
}

const SERVER_PROGRAMS = ['initdb', 'pg_ctl', 'postgres'];
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** How to get a server, for the message when none is installed. */
export const INSTALL_HINT =
  'Install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15), or trace against a disposable database with --database-url.';

/**
 * Every PostgreSQL server installation this machine has, in the order it is looked for: the
 * folders on PATH (a symlinked `initdb` leads to its real folder), `pg_config --bindir`, then
 * Debian's layout with one folder per major version.
 */
export async function findPostgresInstallations(env: NodeJS.ProcessEnv = process.env): Promise<PostgresBinaries[]> {
  const candidates: Array<[string, string]> = [];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const initdb = join(dir, 'initdb');
    if (existsSync(initdb)) candidates.push([dirname(realPath(initdb)), 'PATH']);
  }
  const pgConfig = await bindirOfPgConfig(env);
  if (pgConfig) candidates.push([pgConfig, 'pg_config --bindir']);
  for (const version of debianVersions()) candidates.push([join(DEBIAN_ROOT, version, 'bin'), DEBIAN_ROOT]);
  const found: PostgresBinaries[] = [];
  for (const [bin, foundIn] of candidates) {
    if (found.some((f) => f.bin === bin) || !SERVER_PROGRAMS.every((program) => existsSync(join(bin, program)))) continue;
    const version = await serverVersion(bin);
    if (version) found.push({ bin, foundIn, ...version });
  }
  return found;
}

/** The installation of the wanted major version, or else the newest one, saying so. */
export function chooseInstallation(installed: readonly PostgresBinaries[], wantedMajor: number): ChosenBinaries | undefined {
  const matching = installed.find((b) => b.major === wantedMajor);
  if (matching) return { binaries: matching };
  const newest = [...installed].sort((a, b) => b.major - a.major)[0];
  if (!newest) return undefined;
  return {
    binaries: newest,
    note: `postgres.version is ${wantedMajor}, which is not installed here; traced with PostgreSQL ${newest.version} (${newest.bin}), whose locks and rewrites may differ.`,
  };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

async function bindirOfPgConfig(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await run('pg_config', ['--bindir'], { env, timeout: 5000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

function debianVersions(): string[] {
  try {
    return readdirSync(DEBIAN_ROOT)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

/** "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → 15.18, 15. */
export function parseServerVersion(output: string): { version: string; major: number } | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  return { version: match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`, major: Number(match[1]) };
}

async function serverVersion(bin: string): Promise<{ version: string; major: number } | undefined> {
  try {
    const { stdout } = await run(join(bin, 'postgres'), ['--version'], { timeout: 5000 });
    return parseServerVersion(stdout);
  } catch {
    return undefined;
  }
}
