import { forTerminal } from './terminal-text';

/** What a command may touch of the outside world; tests pass their own. */
export interface CommandIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  color: boolean;
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

export function processIo(): CommandIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    out: (text) => process.stdout.write(forTerminal(text) + '\n'),
    err: (text) => process.stderr.write(forTerminal(text) + '\n'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
