import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * Preflight's caches on the user's machine (the CLI's compiled code, the team rules' checked
 * form): under `$XDG_CACHE_HOME/preflight`, else `~/.cache/preflight`. Never inside a git work
 * tree (a home folder kept in git, a cache variable pointing into a repository): there the caches
 * are off, as they are with `PREFLIGHT_CACHE=off`. A cache only ever saves time: every read is
 * checked (its key and a checksum of its contents) and anything else is a miss, rebuilt by the run.
 */
export function userCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PREFLIGHT_CACHE === 'off' || env.PREFLIGHT_CACHE === '0') return undefined;
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homeOf(env), '.cache');
  const dir = join(base, 'preflight');
  return insideWorkTree(dir) ? undefined : dir;
}

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
}

/** Any folder at or above `dir` holding `.git` (a folder, or a worktree's file). */
function insideWorkTree(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}

const MAGIC = 'preflight-cache 1\n';

/**
 * A cache file: a magic line, its key as one JSON line, then the payload. `key` says what the
 * payload was made from (a bundle's checksum, Node's version, a config's hash...); the header also
 * records the payload's length and CRC-32, so a truncated or altered file is never used.
 */
export function readCacheFile(path: string, key: Record<string, string>): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return undefined;
  const headerEnd = bytes.indexOf(10, MAGIC.length);
  if (headerEnd < 0) return undefined;
  let header: { key?: unknown; length?: unknown; crc32?: unknown };
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, headerEnd).toString('utf8')) as typeof header;
  } catch {
    return undefined;
  }
  const payload = bytes.subarray(headerEnd + 1);
  if (JSON.stringify(header.key) !== JSON.stringify(key)) return undefined;
  if (header.length !== payload.length || header.crc32 !== crc32(payload)) return undefined;
  return payload;
}

/** Writes a cache file atomically (a temporary file beside it, renamed over it); a cache that cannot be written is no error. */
export function writeCacheFile(path: string, key: Record<string, string>, payload: Buffer): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const folder = dirname(path);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!lstatSync(folder).isDirectory()) return;
    const header = JSON.stringify({ key, length: payload.length, crc32: crc32(payload) });
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC}${header}\n`, 'utf8'), payload]), { mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** How many entries a keyed cache folder keeps (one per config text seen): the oldest go first. */
const MAX_KEYED_ENTRIES = 64;

/** Small cache entries by key. */
export interface KeyedCache {
  read(key: string): string | undefined;
  write(key: string, value: string): void;
}

/** A folder of small cache entries named by their key (a hex hash), each a checked cache file. */
export function keyedCacheFiles(dir: string): KeyedCache {
  const pathOf = (key: string) => join(dir, `${key}.cache`);
  return {
    read: (key) => readCacheFile(pathOf(key), { key })?.toString('utf8'),
    write: (key, value) => {
      writeCacheFile(pathOf(key), { key }, Buffer.from(value, 'utf8'));
      pruneOldest(dir, MAX_KEYED_ENTRIES);
    },
  };
}

function pruneOldest(dir: string, keep: number): void {
  try {
    const entries = readdirSync(dir).filter((name) => name.endsWith('.cache'));
    if (entries.length <= keep) return;
    const byAge = entries.map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs })).sort((a, b) => a.at - b.at);
    for (const { name } of byAge.slice(0, entries.length - keep)) rmSync(join(dir, name), { force: true });
  } catch {
    // another run pruned it first
  }
}
