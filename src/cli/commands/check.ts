import { parseArgs } from 'node:util';
import { NotARepositoryError, runGate, type GateReport } from '../../core/gate/run-gate';
import { NoMergeBaseError, UnknownRefError } from '../../core/git/review-range';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { verdictLine } from '../../core/gate/verdict';
import { pullRequestLabels } from '../ci-labels';
import { formatGateText } from '../format';
import { failOn, outputFormat, writeCiReport } from '../formats/output';
import { checkedRemote, rootFolder } from '../paths';
import { gateMirror } from '../gate-mirror';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';

export const CHECK_USAGE = `preflight check [--root DIR] [--remote NAME] [--offline]
                [--base REF [--head REF]] [--format text|json|sarif|github|gitlab] [--fail-on error|warning|never]

The pre-push gate: analyses what \`git push\` would send from the current branch (the
commits not yet on the remote, at their committed content), adds the local git state,
asks GitHub about the branch's pull request (unless --offline or PREFLIGHT_OFFLINE=1),
and gives one verdict: pass, warn or block.

CI mode (--base): judges a pull request's commits instead, from the merge base of
--base and --head (default HEAD) to --head, at their committed content, with the same
rules; the clone's local state and GitHub are left out. Needs the base branch fetched
(actions/checkout with fetch-depth: 0).

--fail-on overrides gate.blockOn for the exit code: which findings block.
Exit codes: 0 pass or warn, 1 block, 2 usage or configuration error.`;

export async function runCheck(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      root: { type: 'string' },
      remote: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      offline: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(CHECK_USAGE);
    return EXIT.ok;
  }
  const format = outputFormat(values.format);
  const blockOn = failOn(values['fail-on']);
  if (values.head !== undefined && values.base === undefined)
    throw new UsageError('--head needs --base: the branch the pull request goes into.');
  const report = await gateReport(values, blockOn, io);
  if (format === 'json') io.out(JSON.stringify(report, null, 2));
  else if (format === 'text') io.out(formatGateText(report, io.color));
  else writeCiReport(format, ciReport(report), io);
  if (report.configFindings.some((f) => f.severity === 'error')) return EXIT.usage;
  return report.verdict === 'block' ? EXIT.blocked : EXIT.ok;
}

interface CheckFlags {
  root?: string;
  remote?: string;
  base?: string;
  head?: string;
  offline?: boolean;
}

async function gateReport(values: CheckFlags, blockOn: ReturnType<typeof failOn>, io: CommandIo): Promise<GateReport> {
  try {
    const dir = rootFolder(io.cwd, values.root);
    // Only a named remote needs the root now; runGate finds it itself.
    const root = values.remote === undefined ? undefined : await findRepositoryRoot(dir);
    if (root) await checkedRemote(root, values.remote);
    const review = values.base === undefined ? undefined : { base: values.base, head: values.head, labels: pullRequestLabels(io.env) };
    return await runGate({
      dir,
      remote: values.remote,
      review,
      blockOn,
      mirror: review ? undefined : gateMirror(io.env, values.offline ?? false, (message) => io.err(`preflight: ${message}`)),
    });
  } catch (error) {
    if (error instanceof NotARepositoryError || error instanceof NoMergeBaseError) throw new UsageError(error.message);
    if (error instanceof UnknownRefError) throw new UsageError(`--${error.ref === values.base ? 'base' : 'head'} ${error.message}`);
    throw error;
  }
}

function ciReport(report: GateReport): Parameters<typeof writeCiReport>[1] {
  return {
    findings: [...report.configFindings, ...report.findings],
    suppressed: report.suppressed ?? [],
    changedLines: report.review?.changedLines,
    headline: report.review
      ? `CI mode: ${verdictLine(report.verdict, report.reasons, 'review')}`
      : verdictLine(report.verdict, report.reasons),
    otherReasons: report.reasons.filter((r) => r.kind !== 'finding').map((r) => r.text),
  };
}
