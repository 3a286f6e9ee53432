import { join } from 'node:path';
import { readInsideRepository } from '../fs/inside-repository';
import { compareFindings, type Finding } from '../findings/finding';
import { findRepositoryRoot, listRepositoryFiles } from '../git/repository-files';
import type { AnalysisContext, Analyzer } from './analyzer';
import { analyzeFileFully, applicableAnalyzers } from './analyze-file';
import type { SuppressedFinding } from '../findings/suppression';
import { builtinAnalyzers, loadConfig } from './registry';
import { fileTaker, startScanWorker, threadsFor, type FileOutcome, type RunningWorker } from './scan-threads';

export interface ScanOptions {
  /** Where to start; the enclosing git repository's root is used when there is one. */
  dir: string;
  /** Files or folders to scan, relative to `dir`; all files git does not ignore when empty. */
  paths?: readonly string[];
  analyzers?: readonly Analyzer[];
  /** The enclosing git repository's root, when the caller has already asked git (null: not in one). */
  gitRoot?: string | null;
  /**
   * How many threads analyse the files: 1 analyses them all on this thread; absent, one per core
   * once there are enough files to repay a worker. Either way the findings are the same, in the same order.
   */
  jobs?: number;
}

export interface ScanResult {
  root: string;
  configFile?: string;
  /** Problems in `.preflight.yml` itself; the scan went on with the defaults for those parts. */
  configFindings: Finding[];
  findings: Finding[];
  /** Findings an ignore comment silenced, with its reason. */
  suppressed: SuppressedFinding[];
  filesAnalyzed: number;
  skipped: Array<{ file: string; reason: string }>;
  /** What went wrong with a worker thread (its files were then analysed on the main thread): for stderr, never findings. */
  workerProblems: string[];
}

const BINARY_SNIFF_CHARS = 8000;

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const gitRoot = options.gitRoot === undefined ? await findRepositoryRoot(options.dir) : (options.gitRoot ?? undefined);
  const root = gitRoot ?? options.dir;
  const analyzers = options.analyzers ?? builtinAnalyzers();
  const loaded = await loadConfig(root);
  const context: AnalysisContext = { config: loaded.config, root };
  const paths = (options.paths ?? []).map((p) => join(options.dir, p));
  const candidates = (await listRepositoryFiles(root, paths, gitRoot !== undefined)).filter(
    (file) => applicableAnalyzers(file, analyzers, context).length > 0,
  );

  // Custom analyzers exist only on this thread; the built-in ones are what a worker runs.
  const threads = options.analyzers ? 1 : threadsFor(candidates.length, options.jobs);
  const { outcomes, workerProblems } =
    threads > 1
      ? await analyseOnThreads(root, candidates, analyzers, context, threads)
      : { outcomes: await analyseHere(root, candidates, analyzers, context), workerProblems: [] };

  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const skipped: ScanResult['skipped'] = [];
  let filesAnalyzed = 0;
  outcomes.forEach((outcome, index) => {
    if ('skipped' in outcome) {
      skipped.push({ file: candidates[index], reason: outcome.skipped });
      return;
    }
    filesAnalyzed++;
    findings.push(...outcome.findings);
    suppressed.push(...outcome.suppressed);
  });
  return {
    root,
    configFile: loaded.file,
    configFindings: loaded.findings,
    findings: findings.sort(compareFindings),
    suppressed: suppressed.sort(compareFindings),
    filesAnalyzed,
    skipped: skipped.sort((a, b) => a.file.localeCompare(b.file)),
    workerProblems,
  };
}

/** Reads and analyses one listed file (what every thread of a scan does with each file it takes). */
export async function analyseListedFile(
  root: string,
  file: string,
  analyzers: readonly Analyzer[],
  context: AnalysisContext,
): Promise<FileOutcome> {
  const read = readSource(root, file, context.config.maxFileSize);
  if ('skip' in read) return { skipped: read.skip };
  return analyzeFileFully({ path: file, text: read.text }, analyzers, context);
}

async function analyseHere(root: string, files: readonly string[], analyzers: readonly Analyzer[], context: AnalysisContext) {
  const outcomes: FileOutcome[] = [];
  for (const file of files) outcomes.push(await analyseListedFile(root, file, analyzers, context));
  return outcomes;
}

/**
 * This thread and `threads - 1` workers take files from one shared counter, so a thread that
 * started late or drew slow files simply takes fewer. Outcomes are kept by file index, so the
 * result is put together in the listing's order whichever thread analysed a file. Files a
 * worker took and never reported (it could not start, or died) are analysed here afterwards,
 * so they get exactly the findings a one-thread scan gives them.
 */
async function analyseOnThreads(
  root: string,
  files: readonly string[],
  analyzers: readonly Analyzer[],
  context: AnalysisContext,
  threads: number,
): Promise<{ outcomes: FileOutcome[]; workerProblems: string[] }> {
  const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const outcomes: Array<FileOutcome | undefined> = new Array(files.length);
  const record = (index: number, outcome: FileOutcome) => (outcomes[index] ??= outcome);
  const workers: RunningWorker[] = [];
  try {
    for (let i = 1; i < threads; i++) {
      const worker = startScanWorker({ root, files, config: context.config, next }, record);
      if (worker) workers.push(worker);
    }
    const take = fileTaker(next, files.length);
    for (let index = take(); index !== undefined; index = take())
      record(index, await analyseListedFile(root, files[index], analyzers, context));
    const problems = (await Promise.all(workers.map((worker) => worker.finished))).filter((p): p is string => p !== undefined);
    for (let index = 0; index < files.length; index++)
      if (!outcomes[index]) outcomes[index] = await analyseListedFile(root, files[index], analyzers, context);
    return { outcomes: outcomes as FileOutcome[], workerProblems: [...new Set(problems)] };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/**
 * Synchronous on purpose: the files are small and many, and one blocking read each is several
 * times cheaper than the four promise round trips of open/stat/read/close (measured in bench).
 * A committed symlink out of the repository, a FIFO or a device is skipped, never read.
 */
function readSource(root: string, file: string, maxBytes: number): { text: string } | { skip: string } {
  const read = readInsideRepository(root, file, maxBytes, 'maxFileSize');
  if ('problem' in read) return { skip: read.problem.replace(/^is /, '') };
  if (read.text.slice(0, BINARY_SNIFF_CHARS).includes('\0')) return { skip: 'binary' };
  return read;
}
