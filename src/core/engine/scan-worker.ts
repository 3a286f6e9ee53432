/**
 * A scan's worker thread (bundled as dist/scan-worker.js): takes files from the counter it shares
 * with the other threads, analyses each as the main thread would, and sends the outcomes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { builtinAnalyzers } from './registry';
import { analyseListedFile, type FileOutcome } from './scan-file';
import { fileTaker, type ScanWorkerData, type ScanWorkerFiles, type ScanWorkerMessage } from './scan-threads';

/** Outcomes are sent a few at a time: one message per file costs more than the files. */
const BATCH = 8;

async function run({ root, config, next }: ScanWorkerData, files: readonly string[]): Promise<void> {
  const take = fileTaker(next, files.length);
  const analyzers = builtinAnalyzers();
  const context = { config, root };
  const send = (message: ScanWorkerMessage) => parentPort!.postMessage(message);
  let outcomes: Array<[number, FileOutcome]> = [];
  for (let index = take(); index !== undefined; index = take()) {
    outcomes.push([index, await analyseListedFile(root, files[index], analyzers, context)]);
    if (outcomes.length >= BATCH) {
      send({ outcomes });
      outcomes = [];
    }
  }
  send({ outcomes });
  send({ done: true });
}

// Started while the main thread still lists the files: the bundle is loaded by the time they come.
parentPort!.once('message', ({ files }: ScanWorkerFiles) => void run(workerData as ScanWorkerData, files));
