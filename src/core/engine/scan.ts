import { join } from 'node:path';
import { compareFindings, type Finding } from '../findings/finding';
import { findRepositoryRoot, listRepositoryFiles } from '../git/repository-files';
import type { AnalysisContext, Analyzer } from './analyzer';
import { applicableAnalyzers } from './analyze-file';
import type { SuppressedFinding } from '../findings/suppression';
import { builtinAnalyzers, loadConfig } from './registry';
import { analyseListedFile, type FileOutcome } from './scan-file';
import { startScanWorkers, threadsFor } from './scan-threads';
import { planParses } from '../syntax/wasm-tiers';

export interface ScanOptions {
  /** Where to start; the enclosing git repository's root is used when there is one. */
  dir: string;
  /** Files or folders to scan, relative to `dir`; all files git does not ignore when empty. */
  paths?: readonly string[];
  analyzers?: readonly Analyzer[];
  /** The enclosing git repository's root, when the caller has already asked git (null: not in one). */
  gitRoot?: string | null;
  /** The repository's files, when the caller started listing them already (undefined: list them here). */
  files?: Promise<string[] | undefined>;
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

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const gitRoot = options.gitRoot === undefined ? await findRepositoryRoot(options.dir) : (options.gitRoot ?? undefined);
  const root = gitRoot ?? options.dir;
  const analyzers = options.analyzers ?? builtinAnalyzers();
  const paths = (options.paths ?? []).map((p) => join(options.dir, p));
  // git lists the files while the configuration is read and checked: neither needs the other. How
  // many files each grammar may parse decides how V8 compiles it, so the plan is made as soon as
  // the list is known (a first run's check of the config's patterns may compile a grammar sooner).
  const listing = filesToScan(options, root, paths, gitRoot !== undefined).then((files) => {
    planParses(files);
    return files;
  });
  const [loaded, listed] = await Promise.all([loadConfig(root), listing]);
  const context: AnalysisContext = { config: loaded.config, root };
  // Custom analyzers exist only on this thread; a worker runs the built-in ones. Workers start
  // before the listing is filtered, which takes long enough on a big repository to hide their start.
  const workers = options.analyzers ? 0 : threadsFor(listed.length, options.jobs) - 1;
  const started = workers > 0 ? startScanWorkers(workers, context) : undefined;
  let candidates: string[];
  try {
    candidates = listed.filter((file) => applicableAnalyzers(file, analyzers, context).length > 0);
  } catch (error) {
    await started?.stop();
    throw error;
  }
  planParses(candidates); // for a grammar not loaded yet: only the files an analyzer reads
  const threaded = started && threadsFor(candidates.length, options.jobs) > 1 ? started : undefined;
  if (started && !threaded) await started.stop(); // too few of the files are for an analyzer to share them
  const { outcomes, workerProblems } = threaded
    ? await threaded.analyse(candidates, analyzers)
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

async function filesToScan(options: ScanOptions, root: string, paths: string[], inGitRepo: boolean): Promise<string[]> {
  return (await options.files) ?? listRepositoryFiles(root, paths, inGitRepo);
}

async function analyseHere(root: string, files: readonly string[], analyzers: readonly Analyzer[], context: AnalysisContext) {
  const outcomes: FileOutcome[] = [];
  for (const file of files) outcomes.push(await analyseListedFile(root, file, analyzers, context));
  return outcomes;
}
