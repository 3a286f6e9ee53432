import { connect } from 'node:net';
import { encodeFrame, FRAME, FrameReader, type ServerRequest } from './frames';

/**
 * Hands a run to the Preflight server listening at `socket` and relays its output and exit code.
 * Resolves undefined when the run is to be made here after all: no server answers, it runs
 * another build, or it stopped before the run's end (every served run can be made again: it
 * reads the repository and at most rewrites its own report).
 */
export function runThroughServer(socket: string, request: ServerRequest): Promise<number | undefined> {
  return new Promise((resolve) => {
    const connection = connect(socket);
    const reader = new FrameReader();
    let wroteOutput = false;
    let settled = false;
    const settle = (code: number | undefined) => {
      if (settled) return;
      settled = true;
      if (code === undefined && wroteOutput)
        process.stderr.write('preflight: the Preflight server stopped during the run; running it here\n');
      connection.destroy();
      resolve(code);
    };
    connection.on('connect', () => connection.write(encodeFrame(FRAME.request, JSON.stringify(request))));
    connection.on('data', (chunk: Buffer) => {
      for (const { type, payload } of reader.push(chunk)) {
        if (type === FRAME.out || type === FRAME.err) {
          wroteOutput = true;
          (type === FRAME.out ? process.stdout : process.stderr).write(payload);
        } else if (type === FRAME.readStdin) void sendStdin(connection);
        else if (type === FRAME.exit) settle(Number(payload.toString('latin1')));
        else if (type === FRAME.refused) settle(undefined);
      }
    });
    connection.on('error', () => settle(undefined));
    connection.on('close', () => settle(undefined));
  });
}

async function sendStdin(connection: import('node:net').Socket): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  connection.write(encodeFrame(FRAME.stdin, Buffer.concat(chunks)));
}
