import { loadConfig } from '../config/loader';
import type { AnalysisContext, Analyzer } from '../engine/analyzer';
import { analyzeFile, applicableAnalyzers } from '../engine/analyze-file';
import { builtinAnalyzers } from '../engine/registry';
import { compareFindings, type Finding } from '../findings/finding';
import { Git } from '../git/git';
import { readLocalState, type LocalState } from '../git/local-state';
import { currentBranchUpdate, defaultRemote, pushRange, type PushRange, type PushUpdate } from '../git/push-range';
import { findRepositoryRoot } from '../git/repository-files';
import { decide, type Reason, type Verdict } from './verdict';
import { runLocalCommands, type CommandResult } from './local-commands';
import { refreshRemoteStatus, type MirrorOptions } from '../remote/mirror';
import type { RemoteStatus } from '../remote/types';
import { remoteReasons } from './remote-reasons';

export interface GateOptions {
  dir: string;
  /** The remote being pushed to; default: the current branch's upstream remote, else origin. */
  remote?: string;
  /** The ref updates from git's pre-push hook; default: the current branch, as `git push` would. */
  updates?: PushUpdate[];
  analyzers?: readonly Analyzer[];
  /** Run `gate.commands` from the config. The editor passes false in an untrusted workspace. */
  runCommands?: boolean;
  /** Ask GitHub about the branch's pull request (token, API URL, timeout); omitted: no network. */
  mirror?: Omit<MirrorOptions, 'root' | 'config' | 'remote'>;
}

/** The gate's report: the contract of `preflight check --format json` and .git/preflight/last-push.json. */
export interface GateReport {
  version: 1;
  verdict: Verdict;
  reasons: Reason[];
  findings: Finding[];
  configFindings: Finding[];
  remote: string;
  local: LocalState;
  pushes: Array<{ localRef: string; remoteRef: string; deletion: boolean; commits: number; files: string[]; truncated: boolean }>;
  commands: CommandResult[];
  /** The pull request on GitHub, when the gate asked (see GateOptions.mirror). */
  pullRequest: RemoteStatus | undefined;
  checkedAt: string;
}

export class NotARepositoryError extends Error {}

/** Is it safe to push this, and if not, why? Analyses the pushed content of the files the push changes. */
export async function runGate(options: GateOptions): Promise<GateReport> {
  const root = await findRepositoryRoot(options.dir);
  if (!root) throw new NotARepositoryError(`${options.dir} is not inside a git repository`);
  const git = new Git(root);
  const [loaded, local] = await Promise.all([loadConfig(root), readLocalState(git)]);
  const remote = options.remote ?? (await defaultRemote(git, local.upstream));
  const updates = options.updates ?? [await currentBranchUpdate(git, local.branch, local.upstream)].filter((u): u is PushUpdate => u !== undefined);
  const ranges = await Promise.all(updates.map((update) => pushRange(git, remote, update)));
  const context: AnalysisContext = { config: loaded.config, root };
  const asksGitHub = options.mirror && loaded.config.remote.gate !== 'off';
  const [findings, pullRequest] = await Promise.all([
    analyzePushedFiles(git, ranges, options.analyzers ?? builtinAnalyzers(), context),
    asksGitHub ? refreshRemoteStatus({ ...options.mirror, root, config: loaded.config, remote }) : Promise.resolve(undefined),
  ]);
  const nothingToPush = ranges.every((r) => r.deletion || r.commits.length === 0);
  const commands = options.runCommands === false || nothingToPush ? [] : await runLocalCommands(loaded.config.gate.commands, root);
  const decided = decide(findings, options.updates ? undefined : local, loaded.config, loaded.findings);
  const reasons = [...commandReasons(commands), ...decided.reasons, ...remoteReasons(pullRequest, loaded.config)].sort((a, b) => Number(b.blocking) - Number(a.blocking));
  const verdict: Verdict = reasons.some((r) => r.blocking) ? 'block' : reasons.length > 0 ? 'warn' : 'pass';
  return {
    version: 1,
    verdict,
    reasons,
    findings,
    configFindings: loaded.findings,
    remote,
    local,
    pushes: ranges.map((r) => ({ localRef: r.update.localRef, remoteRef: r.update.remoteRef, deletion: r.deletion, commits: r.commits.length, files: r.files, truncated: r.truncated })),
    commands,
    pullRequest,
    checkedAt: new Date().toISOString(),
  };
}

/** A failed local check blocks the push: it is the same check the remote CI would fail on. */
function commandReasons(commands: readonly CommandResult[]): Reason[] {
  return commands
    .filter((c) => c.exitCode !== 0)
    .map((c): Reason => ({ kind: 'command', blocking: true, text: `gate command '${c.name}' ${c.timedOut ? 'timed out' : `failed (exit ${c.exitCode})`}: ${c.run}` }));
}

/** Reads each pushed file once, at the commit being pushed (not the working tree), and analyses it. */
async function analyzePushedFiles(git: Git, ranges: readonly PushRange[], analyzers: readonly Analyzer[], context: AnalysisContext): Promise<Finding[]> {
  const specs = new Map<string, string>();
  for (const range of ranges) {
    for (const file of range.files) if (applicableAnalyzers(file, analyzers, context).length > 0) specs.set(`${range.update.localSha}:${file}`, file);
  }
  const blobs = await git.readBlobs([...specs.keys()]);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const [spec, file] of specs) {
    const blob = blobs.get(spec);
    if (!blob || seen.has(file) || blob.subarray(0, 8000).includes(0)) continue;
    seen.add(file);
    findings.push(...(await analyzeFile({ path: file, text: blob.toString('utf8') }, analyzers, context)));
  }
  return findings.sort(compareFindings);
}
