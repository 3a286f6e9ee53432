import { TraceError } from './cluster';

/** Where a trace runs: a cluster of its own, or a disposable database the user named on the command line. */
export type TraceTarget = { kind: 'throwaway-cluster' } | { kind: 'database-url'; url: string; allowRemote: boolean };

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

/** 127.0.0.0/8, ::1, localhost, or a Unix socket folder (a host starting with `/`). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === '' || bare.startsWith('/')) return true;
  if (LOOPBACK_NAMES.has(bare)) return true;
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(bare)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
 * The hosts a postgres:// URL connects to: its host part (a comma-separated list with libpq) and
 * any `host=` in its query, which libpq and node-postgres let override it.
 */
export function hostsOfDatabaseUrl(url: string): string[] {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) throw new TraceError('--database-url is not a URL: expected postgres://user@127.0.0.1:5432/scratch.');
  if (scheme !== 'postgres' && scheme !== 'postgresql')
    throw new TraceError(`--database-url must be a postgres:// or postgresql:// URL, not ${scheme}://.`);
  const authority = /^[a-z]+:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(url)?.[1] ?? '';
  const hosts = safeDecode(authority)
    .split(',')
    .map((entry) => entry.replace(/:\d*$/, '').trim());
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('#')[0] : '';
  for (const [key, value] of new URLSearchParams(query)) if (key === 'host' || key === 'hostaddr') hosts.push(...value.split(','));
  return hosts;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new TraceError('--database-url has a malformed %-escape in its host.');
  }
}

/** Refuses a database that is not on this machine unless --allow-remote says the user means it. */
export function checkDatabaseUrl(url: string, allowRemote: boolean): void {
  const remote = hostsOfDatabaseUrl(url).filter((host) => !isLoopbackHost(host));
  if (remote.length > 0 && !allowRemote)
    throw new TraceError(
      `--database-url names ${remote.join(', ')}, which is not this machine; a trace runs the migration there (inside a transaction it rolls back). Add --allow-remote if that database is disposable.`,
    );
}
