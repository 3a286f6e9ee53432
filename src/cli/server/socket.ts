import { lstatSync, mkdirSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * Where the Preflight server of one build listens: a Unix socket in a folder only this user can
 * enter (`$XDG_RUNTIME_DIR/preflight`, else `preflight-<uid>` in the temporary folder). The name
 * holds the build and Node's version, so a client only ever talks to a server running the very
 * code it would run itself. Undefined on Windows (a named pipe is open to other users unless
 * given an ACL, which Node cannot set) and for builds that keep no identity (watch builds, sources).
 */
export function serverSocketPath(build: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (build === undefined || process.platform === 'win32' || typeof process.getuid !== 'function') return undefined;
  return join(socketFolder(env), `${build.slice(0, 16)}-${process.version}-${process.arch}.sock`);
}

function socketFolder(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime && isAbsolute(runtime) ? join(runtime, 'preflight') : join(tmpdir(), `preflight-${process.getuid!()}`);
}

/**
 * Whether the socket and its folder are this user's own and closed to everyone else. A client
 * sends its environment (a GitHub token may be in it) only to such a socket: anyone could have
 * made a folder of that name in /tmp first.
 */
export function isPrivateSocket(socket: string): boolean {
  const folder = lstatSync(dirname(socket), { throwIfNoEntry: false });
  const file = lstatSync(socket, { throwIfNoEntry: false });
  return folder !== undefined && file !== undefined && file.isSocket() && isPrivateFolderStat(folder) && file.uid === process.getuid!();
}

/** Makes the socket's folder (mode 0700) when it is missing; throws when it exists but is not private. */
export function ensurePrivateFolder(socket: string): void {
  const folder = dirname(socket);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = lstatSync(folder);
  if (!isPrivateFolderStat(stat)) {
    throw new Error(`${folder} is not a private folder of this user (it must be a folder owned by uid ${process.getuid!()}, mode 0700)`);
  }
}

function isPrivateFolderStat(stat: Stats): boolean {
  return stat.isDirectory() && stat.uid === process.getuid!() && (stat.mode & 0o077) === 0;
}

/** The runs a server takes: the ones every push and CI job pays the start of. The rest (install, trace...) run on their own. */
export function isServedRun(argv: readonly string[]): boolean {
  const [command, action] = argv;
  return command === 'scan' || command === 'check' || (command === 'hook' && action === 'run');
}

/** Exit code of `preflight serve` when a server of this build already listens: the editor tries again later. */
export const ALREADY_SERVING = 3;
