import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PreflightConfig } from '../config/types';
import type { Finding } from '../findings/finding';
import type { SuppressedFinding } from '../findings/suppression';

/** What became of one listed file: read and analysed, or skipped (with why). */
export type FileOutcome = { skipped: string } | { findings: Finding[]; suppressed: SuppressedFinding[] };

/** What a scan's worker thread is given: the scan's files, its configuration, and the counter every thread takes files from. */
export interface ScanWorkerData {
  root: string;
  files: readonly string[];
  config: PreflightConfig;
  /** An Int32Array's SharedArrayBuffer: the index of the next file nobody has taken yet. */
  next: SharedArrayBuffer;
}

/** A worker's message: the outcomes of files it took (by index), then `done`. */
export type ScanWorkerMessage = { outcomes: Array<[number, FileOutcome]> } | { done: true };

/**
 * Below this many files a scan stays on one thread: a worker costs about 150 ms of CPU to start
 * (Node, the bundle, the PostgreSQL parser) and about 30 MB, which a few hundred small files do not repay (bench).
 */
export const FILES_PER_THREAD = 200;

/** How many threads analyse `files` files: `jobs` when asked (never more than the files), otherwise one per core that has enough files to do. */
export function threadsFor(files: number, jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(1, Math.min(jobs, files));
  return Math.max(1, Math.min(availableParallelism(), Math.floor(files / FILES_PER_THREAD)));
}

/** Hands out each file index once, to whichever thread asks first: the threads share one counter. */
export function fileTaker(next: SharedArrayBuffer, total: number): () => number | undefined {
  const counter = new Int32Array(next);
  return () => {
    const index = Atomics.add(counter, 0, 1);
    return index < total ? index : undefined;
  };
}

/** The worker's script beside this one: the bundle's `dist/scan-worker.js`, or, run from source (the tests), the TypeScript through tsx. */
function workerScript(): { file: string; execArgv?: string[] } | undefined {
  const bundled = join(__dirname, 'scan-worker.js');
  if (existsSync(bundled)) return { file: bundled };
  const source = join(__dirname, 'scan-worker.ts');
  if (__filename.endsWith('.ts') && existsSync(source)) return { file: source, execArgv: ['--require', 'tsx/cjs'] };
  return undefined;
}

export interface RunningWorker {
  /** Settles when the worker has reported all its files (undefined), or stopped before that (why). */
  finished: Promise<string | undefined>;
  stop(): Promise<unknown>;
}

/**
 * Starts a worker thread that takes files from the shared counter and reports each outcome. A
 * worker that cannot start, throws or dies settles `finished` with the reason; the files it had
 * taken without reporting are the caller's to analyse.
 */
export function startScanWorker(data: ScanWorkerData, onOutcome: (index: number, outcome: FileOutcome) => void): RunningWorker | undefined {
  const script = workerScript();
  if (!script) return undefined;
  let worker: Worker;
  try {
    worker = new Worker(script.file, {
      workerData: data,
      execArgv: script.execArgv,
      // A smaller young generation than V8's default: a scan's garbage is short-lived, and each worker's heap counts in the process's memory.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
  } catch {
    return undefined; // a configuration that cannot be copied to a thread (never expected): the scan stays on one thread
  }
  const finished = new Promise<string | undefined>((resolve) => {
    let settled = false;
    const settle = (problem?: string) => {
      settled = true;
      resolve(problem);
    };
    worker.on('message', (message: ScanWorkerMessage) => {
      if (settled) return; // what a stopped worker still sends: its files are analysed again anyway
      if ('done' in message) settle();
      else for (const [index, outcome] of message.outcomes) onOutcome(index, outcome);
    });
    worker.on('error', (error) => settle(`a scan worker failed: ${error instanceof Error ? error.message : String(error)}`));
    worker.on('exit', (code) => {
      if (!settled) settle(`a scan worker stopped (exit code ${code})`);
    });
  });
  return { finished, stop: () => worker.terminate() };
}

const WORKER_YOUNG_GENERATION_MB = 8;
