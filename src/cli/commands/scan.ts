import { parseArgs } from 'node:util';
import { scan, type ScanResult } from '../../core/engine/scan';
import { blocks } from '../../core/gate/verdict';
import { findRepositoryRoot, listWorkTreeFiles } from '../../core/git/repository-files';
import { formatFindingsText, summaryLine } from '../format';
import { failOn, outputFormat, writeCiReport } from '../formats/output';
import { pathsInside, rootFolder } from '../paths';
import { EXIT, UsageError } from '../usage-error';
import { FILES_PER_THREAD } from '../../core/engine/scan-threads';
import type { CommandIo } from '../io';
import { inline } from '../terminal-text';
import { writeJson } from '../formats/json-lines';

export const SCAN_USAGE = `preflight scan [paths...] [--root DIR] [--format text|json|sarif|github|gitlab] [--fail-on error|warning|never] [-j N|auto]

Runs every analyzer on the given files or folders (default: every file git does not
ignore). Needs no remote and no commits. --format sarif, github and gitlab write
SARIF 2.1.0, GitHub Actions annotations (and a job summary to $GITHUB_STEP_SUMMARY)
or a GitLab Code Quality report on stdout.

-j, --jobs N|auto  how many threads analyse the files. auto (the default): one per core
                   but one, once there are ${FILES_PER_THREAD} files per thread (on two cores: one
                   thread); -j 1: all on one thread. The findings, and their order, are the same.

Exit codes: 0 no errors, 1 error findings (with --fail-on warning: warnings too; never: 0),
2 usage or configuration error.`;

export async function runScan(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      jobs: { type: 'string', short: 'j' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SCAN_USAGE);
    return EXIT.ok;
  }
  const format = outputFormat(values.format);
  const threshold = failOn(values['fail-on']) ?? 'error';
  const jobs = jobsOption(values.jobs);
  const dir = rootFolder(io.cwd, values.root);
  // A whole-repository scan lists the files while git finds the root: one git round trip less.
  const files = positionals.length === 0 ? listWorkTreeFiles(dir).catch(() => undefined) : undefined;
  const gitRoot = await findRepositoryRoot(dir);
  const root = gitRoot ?? dir;
  const paths = pathsInside(root, io.cwd, positionals);
  const result = await scan({ dir: root, gitRoot: gitRoot ?? null, paths, jobs, files: gitRoot ? files : undefined });
  for (const problem of result.workerProblems) io.err(`preflight: ${inline(problem)}; its files were analysed on the main thread.`);
  const all = [...result.configFindings, ...result.findings];
  if (format === 'json') await writeJson(io, { version: 1, findings: all, skipped: result.skipped });
  else if (format === 'text') io.out(formatFindingsText(all, io.color));
  else writeCiReport(format, { findings: all, suppressed: result.suppressed, headline: summaryLine(all) }, io);
  if (format !== 'json') for (const skip of result.skipped) io.err(`skipped ${inline(skip.file)}: ${inline(skip.reason)}`);
  return exitCode(result, threshold, io);
}

/** `--jobs`: a thread count, or `auto` (absent: auto). */
function jobsOption(value: string | undefined): number | undefined {
  if (value === undefined || value === 'auto') return undefined;
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`--jobs must be a number of threads (1 or more) or 'auto', not '${value}'.`);
  return Number(value);
}

function exitCode(result: ScanResult, threshold: 'error' | 'warning' | 'never', io: CommandIo): number {
  const configErrors = result.configFindings.filter((f) => f.severity === 'error');
  if (configErrors.length > 0) {
    io.err(`${inline(result.configFile)}: configuration has ${configErrors.length} problem(s); the invalid parts were ignored.`);
    return EXIT.usage;
  }
  return result.findings.some((f) => blocks(f.severity, threshold)) ? EXIT.blocked : EXIT.ok;
}
