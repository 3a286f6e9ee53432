import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { PreflightConfig } from '../config/types';
import type { AnalysisContext, Analyzer } from './analyzer';
import { analyseListedFile, type FileOutcome } from './scan-file';

/** What a scan's worker thread starts with: the scan's configuration and the counter every thread takes files from; the files come in its first message. */
export interface ScanWorkerData {
  root: string;
  config: PreflightConfig;
  /** An Int32Array's SharedArrayBuffer: the index of the next file nobody has taken yet. */
  next: SharedArrayBuffer;
}

/** A worker's message: the outcomes of files it took (by index), then `done`. */
export type ScanWorkerMessage = { outcomes: Array<[number, FileOutcome]> } | { done: true };

/** What the worker is sent once the files are listed. */
export interface ScanWorkerFiles {
  files: readonly string[];
}

/**
 * Each thread after the first needs this many files: a worker costs about 180 ms of CPU and 11 MB
 * to start (Node, the bundle), and its share of the files about 40% more CPU than on the main
 * thread (its own PostgreSQL parser, its own JIT warm-up) and 25 MB more (bench: 800 SQL migrations).
 */
export const FILES_PER_THREAD = 200;

/**
 * How many threads analyse `files` files: `jobs` when asked (never more than the files); otherwise
 * one per core but one, each with enough files. One core is left to V8's own background threads
 * (its optimising compiler, the garbage collector), which keep a second core about a third busy
 * during a one-thread scan: on two cores, a worker made a scan of 800 SQL files cost 40% more CPU
 * and was never faster (bench), so there a scan stays on one thread unless asked (`-j 2`).
 */
export function threadsFor(files: number, jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(1, Math.min(jobs, files));
  return Math.max(1, Math.min(availableParallelism() - 1, Math.floor(files / FILES_PER_THREAD)));
}

/** Hands out each file index once, to whichever thread asks first: the threads share one counter. */
export function fileTaker(next: SharedArrayBuffer, total: number): () => number | undefined {
  const counter = new Int32Array(next);
  return () => {
    const index = Atomics.add(counter, 0, 1);
    return index < total ? index : undefined;
  };
}

export interface ThreadOptions {
  threads: number;
  /** Whether this thread analyses files too (the scan: yes); no, so that a test knows the workers analysed them all. */
  here?: boolean;
}

/** Worker threads started before the files to analyse are known, so that their start overlaps the listing. */
export interface ScanWorkers {
  /** This thread and the workers analyse `files`; see analyseOnThreads. */
  analyse(
    files: readonly string[],
    analyzers: readonly Analyzer[],
    here?: boolean,
  ): Promise<{ outcomes: FileOutcome[]; workerProblems: string[] }>;
  /** Stops the workers without giving them files (the listing turned out too short). */
  stop(): Promise<void>;
}

/** Starts `count` workers for a scan of `context.root`; they wait for the files. */
export function startScanWorkers(count: number, context: AnalysisContext): ScanWorkers {
  const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  let outcomes: Array<FileOutcome | undefined> = [];
  const record = (index: number, outcome: FileOutcome) => (outcomes[index] ??= outcome);
  const workers: RunningWorker[] = [];
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const worker = startScanWorker({ root: context.root, config: context.config, next }, record);
    if (typeof worker === 'string') problems.push(worker);
    else workers.push(worker);
  }
  const stop = async () => void (await Promise.all(workers.map((worker) => worker.stop())));
  return {
    stop,
    async analyse(files, analyzers, here = true) {
      outcomes = new Array(files.length);
      try {
        for (const worker of workers) worker.give(files);
        if (here) {
          const take = fileTaker(next, files.length);
          for (let index = take(); index !== undefined; index = take())
            record(index, await analyseListedFile(context.root, files[index], analyzers, context));
        }
        for (const problem of await Promise.all(workers.map((worker) => worker.finished))) if (problem) problems.push(problem);
        for (let index = 0; index < files.length; index++)
          outcomes[index] ??= await analyseListedFile(context.root, files[index], analyzers, context);
        return { outcomes: outcomes as FileOutcome[], workerProblems: [...new Set(problems)] };
      } finally {
        await stop();
      }
    },
  };
}

/**
 * This thread and `threads - 1` workers take files from one shared counter, so a thread that
 * started late or drew slow files simply takes fewer. Outcomes are kept by file index, so the
 * result is put together in the listing's order whichever thread analysed a file. Files a
 * worker took and never reported (it could not start, threw, or died) are analysed here
 * afterwards, so they get exactly the findings a one-thread scan gives them.
 */
export function analyseOnThreads(
  files: readonly string[],
  analyzers: readonly Analyzer[],
  context: AnalysisContext,
  { threads, here = true }: ThreadOptions,
): Promise<{ outcomes: FileOutcome[]; workerProblems: string[] }> {
  return startScanWorkers(here ? threads - 1 : threads, context).analyse(files, analyzers, here);
}

interface RunningWorker {
  /** Sends the worker the files to take from. */
  give(files: readonly string[]): void;
  /** Settles when the worker has reported all its files (undefined), or stopped before that (why). */
  finished: Promise<string | undefined>;
  stop(): Promise<unknown>;
}

/**
 * Starts a worker thread that takes files from the shared counter and reports each outcome; or
 * says why it could not. A worker that throws or dies settles `finished` with the reason.
 */
function startScanWorker(data: ScanWorkerData, onOutcome: (index: number, outcome: FileOutcome) => void): RunningWorker | string {
  const script = workerScript();
  if (!script) return 'the scan worker (scan-worker.js) is missing beside the bundle';
  let worker: Worker;
  try {
    worker = new (workerThreads().Worker)(script.file, {
      workerData: data,
      execArgv: script.execArgv,
      resourceLimits: {
        // A file nests too deeply for the PostgreSQL parser when the stack runs out: the same stack as this thread's gives the same finding.
        stackSizeMb: (mainThreadStackKb() + NODE_WORKER_STACK_RESERVE_KB) / 1024,
        // A scan's garbage is short-lived, and each worker's heap counts in the process's memory.
        maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
      },
    });
  } catch (error) {
    return `a scan worker could not start: ${error instanceof Error ? error.message : String(error)}`;
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
  return { finished, give: (files) => worker.postMessage({ files } satisfies ScanWorkerFiles), stop: () => worker.terminate() };
}

/** The worker's script beside this one: the bundle's `dist/scan-worker.js`, or, run from source (the tests), the TypeScript through tsx. */
function workerScript(): { file: string; execArgv?: string[] } | undefined {
  const bundled = join(__dirname, 'scan-worker.js');
  if (existsSync(bundled)) return { file: bundled };
  const source = join(__dirname, 'scan-worker.ts');
  if (__filename.endsWith('.ts') && existsSync(source)) return { file: source, execArgv: ['--require', 'tsx/cjs'] };
  return undefined;
}

const WORKER_YOUNG_GENERATION_MB = 8;
/** V8's stack limit on the main thread (its --stack-size, 984 KB unless Node was started with another). */
const V8_DEFAULT_STACK_KB = 984;
/** What Node keeps of a worker's stack below V8's limit (its kStackBufferSize), plus what the thread uses before V8 starts. */
const NODE_WORKER_STACK_RESERVE_KB = 192 + 4;

function mainThreadStackKb(): number {
  const flag = [...process.execArgv].reverse().find((arg) => /^--stack[-_]size=\d+$/.test(arg));
  return flag ? Number(flag.split('=')[1]) : V8_DEFAULT_STACK_KB;
}

/** Required when a scan first starts a worker: most runs start none, and the module costs every start its load. */
function workerThreads(): typeof import('node:worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, see above
  return require('node:worker_threads') as typeof import('node:worker_threads');
}
