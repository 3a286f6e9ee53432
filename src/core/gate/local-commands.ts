import { spawn } from 'node:child_process';
import type { GateCommand } from '../config/types';

export interface CommandResult {
  name: string;
  run: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The last lines of its combined output, kept for the report. */
  output: string;
}

const KEPT_OUTPUT_CHARS = 20_000;

/**
 * Runs the team's local checks (`gate.commands`) one after another in the repository root.
 * The caller decides whether they may run at all: never in an untrusted workspace.
 */
export async function runLocalCommands(commands: readonly GateCommand[], root: string): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const command of commands) results.push(await runOne(command, root));
  return results;
}

function runOne(command: GateCommand, root: string): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command.run, {
      cwd: root,
      shell: true,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PREFLIGHT_GATE: '1' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL'); // the whole process group: a test runner's children too
        } catch {
          child.kill('SIGKILL');
        }
      },
      (command.timeoutSeconds ?? 600) * 1000,
    );
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      resolve({ name: command.name, run: command.run, exitCode, timedOut, durationMs: Date.now() - started, output });
    };
    child.on('error', (error) => {
      output += String(error);
      finish(null);
    });
    child.on('close', finish);
  });
}
