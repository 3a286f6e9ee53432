import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { forgetShortLivedCaches } from '../../core/cache/short-lived';
import { encodeFrame, FRAME, FrameReader, type ServerRequest } from '../server/frames';
import { ALREADY_SERVING, ensurePrivateFolder, isServedRun, serverSocketPath } from '../server/socket';
import { forTerminal, inline } from '../terminal-text';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';

export const SERVE_USAGE = `preflight serve [--until-stdin-closes]

Keeps this build of Preflight loaded, so that \`preflight scan\`, \`preflight check\` and the
pre-push hook, run by the same build on the same Node, hand their run to it and skip loading
the CLI, its parsers and the configuration (PREFLIGHT_SERVER=off makes a run start on its own).
Their output, exit code and findings are the ones they would have produced alone. VS Code's
extension runs one while a trusted workspace is open.

Listens on a socket in a folder only this user can open ($XDG_RUNTIME_DIR/preflight, else
preflight-<uid> in the temporary folder). Stops on Ctrl-C or SIGTERM, or, with
--until-stdin-closes, when its standard input closes (the editor that started it exited).
Exits with 3 when a server of this build is already running.`;

/** What the server runs for a request: the CLI's own entry point. */
type RunCli = (argv: string[], io: CommandIo) => Promise<number>;

declare const PREFLIGHT_BUILD: string | undefined;
const BUILD = typeof PREFLIGHT_BUILD === 'string' ? PREFLIGHT_BUILD : undefined;

export async function runServe(argv: string[], io: CommandIo, runCli: RunCli): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(SERVE_USAGE);
    return EXIT.ok;
  }
  const unknown = argv.find((a) => a !== '--until-stdin-closes');
  if (unknown !== undefined) throw new UsageError(`Unknown option '${unknown}' for serve. Run 'preflight serve --help'.`);
  const socket = serverSocketPath(BUILD, io.env);
  if (socket === undefined) {
    io.err('preflight serve: not available here (it needs a Unix socket and a built copy of Preflight)');
    return EXIT.usage;
  }
  ensurePrivateFolder(socket);
  if (await answers(socket)) {
    io.err(`preflight serve: a server of this build is already running at ${socket}`);
    return ALREADY_SERVING;
  }
  rmSync(socket, { force: true }); // a server that died left its socket behind
  const connections = new Set<Socket>();
  const server = createServer((connection) => {
    connections.add(connection.once('close', () => connections.delete(connection)));
    serve(connection, runCli, (line) => io.err(line));
  });
  server.listen(socket);
  await once(server, 'listening');
  chmodSync(socket, 0o600);
  io.err(`Preflight server listening at ${socket}`);
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (argv.includes('--until-stdin-closes')) {
      process.stdin.once('end', resolve).once('close', resolve).resume();
    }
  });
  await stopped;
  server.close();
  rmSync(socket, { force: true });
  // Nothing may keep the process alive after that: a run in progress ends with it, and its client runs it on its own.
  process.stdin.destroy();
  for (const connection of connections) connection.destroy();
  return EXIT.ok;
}

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Runs are served one at a time: each sets the process's working folder and environment to its client's. */
let queue: Promise<void> = Promise.resolve();

function serve(connection: Socket, runCli: RunCli, log: (line: string) => void): void {
  const reader = new FrameReader();
  const stdinWaiters: Array<(text: string) => void> = [];
  connection.on('error', () => connection.destroy());
  // A client gone while its run waits for stdin: the run goes on with none, and the next one is served.
  connection.on('close', () => stdinWaiters.splice(0).forEach((give) => give('')));
  connection.on('data', (chunk: Buffer) => {
    for (const { type, payload } of reader.push(chunk)) {
      if (type === FRAME.request) {
        const request = parseRequest(payload);
        const stdin = () => new Promise<string>((give) => stdinWaiters.push(give));
        queue = queue.then(() => runRequest(connection, request, runCli, stdin, log));
      } else if (type === FRAME.stdin) stdinWaiters.shift()?.(payload.toString('utf8'));
    }
  });
}

function drained(connection: Socket): Promise<void> {
  if (!connection.writableNeedDrain || connection.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    connection.once('drain', resolve);
    connection.once('close', resolve);
  });
}

function parseRequest(payload: Buffer): ServerRequest | undefined {
  try {
    const request = JSON.parse(payload.toString('utf8')) as ServerRequest;
    const wellFormed =
      typeof request.build === 'string' &&
      Array.isArray(request.argv) &&
      request.argv.every((a) => typeof a === 'string') &&
      typeof request.cwd === 'string' &&
      typeof request.env === 'object' &&
      request.env !== null;
    return wellFormed ? request : undefined;
  } catch {
    return undefined;
  }
}

async function runRequest(
  connection: Socket,
  request: ServerRequest | undefined,
  runCli: RunCli,
  stdin: () => Promise<string>,
  log: (line: string) => void,
): Promise<void> {
  if (connection.destroyed) return;
  if (!request || request.build !== BUILD || !isServedRun(request.argv)) {
    connection.end(encodeFrame(FRAME.refused, 'another build, or a run this server does not take'));
    return;
  }
  const send = (type: number, text: string) => {
    if (!connection.destroyed) connection.write(encodeFrame(type, text));
  };
  const ownEnv = process.env;
  const ownCwd = process.cwd();
  try {
    process.chdir(request.cwd);
  } catch {
    connection.end(encodeFrame(FRAME.refused, 'the working folder is gone'));
    return;
  }
  // The process's environment is the client's for the run: git, the cache folder and the token are found as they would be by a run of its own.
  process.env = { ...request.env };
  // What a run of its own would find on disk, not what an earlier run saw a moment ago.
  forgetShortLivedCaches();
  send(FRAME.accepted, '');
  const io: CommandIo = {
    cwd: request.cwd,
    env: process.env,
    color: request.stdoutIsTTY === true && !process.env.NO_COLOR,
    out: (text) => send(FRAME.out, `${forTerminal(text)}\n`),
    drained: () => drained(connection),
    err: (text) => send(FRAME.err, `${forTerminal(text)}\n`),
    readStdin: () => {
      if (connection.destroyed) return Promise.resolve('');
      send(FRAME.readStdin, '');
      return stdin();
    },
  };
  const started = performance.now();
  let code: number;
  try {
    code = await runCli(request.argv, io);
  } catch (error) {
    send(FRAME.err, `preflight: ${String(error)}\n`);
    code = EXIT.usage;
  } finally {
    process.env = ownEnv;
    process.chdir(ownCwd);
  }
  if (!connection.destroyed) connection.end(encodeFrame(FRAME.exit, String(code)));
  log(
    `served: preflight ${request.argv.map(inline).join(' ')} in ${inline(request.cwd)}: exit ${code}, ${Math.round(performance.now() - started)} ms`,
  );
}
