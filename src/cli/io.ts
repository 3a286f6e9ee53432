import { once } from 'node:events';
import { forTerminal } from './terminal-text';

/** What a command may touch of the outside world; tests pass their own. */
export interface CommandIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  color: boolean;
  out(text: string): void;
  /** Resolves once what out() wrote has been taken by the reader: output written in pieces then never waits in memory whole behind a slow pipe. */
  drained?(): Promise<void>;
  err(text: string): void;
  readStdin(): Promise<string>;
}

/** From this length a line and its newline are written apart: joined, the stream would copy the whole line first. */
const SEPARATE_NEWLINE_FROM = 1 << 12;

function writeLine(stream: NodeJS.WriteStream, text: string): void {
  if (text.length < SEPARATE_NEWLINE_FROM) stream.write(text + '\n');
  else {
    stream.write(text);
    stream.write('\n');
  }
}

export function processIo(): CommandIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    out: (text) => writeLine(process.stdout, forTerminal(text)),
    drained: async () => {
      if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
    },
    err: (text) => process.stderr.write(forTerminal(text) + '\n'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
