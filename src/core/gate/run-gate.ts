import type { AnalysisContext, Analyzer, PushAnalyzer, SourceFile } from '../engine/analyzer';
import { analyzeFileFully, applicableAnalyzers } from '../engine/analyze-file';
import { builtinAnalyzers, builtinPushAnalyzers, loadConfig } from '../engine/registry';
import { compareFindings, type Finding } from '../findings/finding';
import type { SuppressedFinding } from '../findings/suppression';
import type { LoadedConfig } from '../config/loader';
import type { PreflightConfig } from '../config/types';
import { changedLines, reviewRange } from '../git/review-range';
import { Git, isZeroId } from '../git/git';
import { readLocalState, type LocalState } from '../git/local-state';
import { currentBranchUpdate, defaultRemote, MAX_RANGE_COMMITS, pushRange, type PushRange, type PushUpdate } from '../git/push-range';
import { findRepository } from '../git/repository-files';
import { blockingFirst, reasonsFor, verdictOf, type Reason, type Verdict } from './verdict';
import { runLocalCommands, type CommandResult } from './local-commands';
import { lastKnownRemoteStatus, refreshRemoteStatus, type MirrorOptions } from '../remote/mirror';
import type { RemoteStatus } from '../remote/types';
import { commitsPushedTo, remoteReasons } from './remote-reasons';
import { describePush, describeReview } from '../push/push-change';
import { PushView } from '../push/push-view';
import { analyzePush } from '../push/analyze-push';
import { predictForPush } from '../remote/required-checks';

export interface GateOptions {
  dir: string;
  /** The remote being pushed to; default: the current branch's upstream remote, else origin. */
  remote?: string;
  /** The ref updates from git's pre-push hook; default: the current branch, as `git push` would. */
  updates?: PushUpdate[];
  analyzers?: readonly Analyzer[];
  pushAnalyzers?: readonly PushAnalyzer[];
  /** Run `gate.commands` from the config. The editor passes false in an untrusted workspace. */
  runCommands?: boolean;
  /** Ask GitHub about the branch's pull request (token, API URL, timeout); omitted: no network. */
  mirror?: Omit<MirrorOptions, 'root' | 'config' | 'remote'>;
  /**
   * CI mode: judge a pull request's range (merge base of `base` and `head` → head) instead of a
   * push. The clone's local state is not a reason and GitHub is not asked (the run is itself a check).
   */
  review?: { base: string; head?: string; labels?: readonly string[] };
  /** Overrides `gate.blockOn` (the CLI's `--fail-on`). */
  blockOn?: PreflightConfig['gate']['blockOn'];
}

/** What CI mode judged: the refs as given, the commits they resolved to, and the lines the range changes. */
export interface ReviewReport {
  base: string;
  head: string;
  mergeBase: string;
  headCommit: string;
  changedLines: Record<string, Array<[number, number]>>;
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
  /** Findings an ignore comment silenced, with its reason (SARIF reports them as suppressed). */
  suppressed?: SuppressedFinding[];
  /** Present in CI mode (`check --base`). */
  review?: ReviewReport;
  checkedAt: string;
}

export class NotARepositoryError extends Error {}

/** Is it safe to push this, and if not, why? Analyses the pushed content of the files the push changes. */
export async function runGate(options: GateOptions): Promise<GateReport> {
  const repository = await findRepository(options.dir);
  if (!repository) throw new NotARepositoryError(`${options.dir} is not inside a git repository`);
  const { root } = repository;
  const git = new Git(root);
  // git reads the push while the configuration is read and checked (much of it synchronous, so
  // git is started first): neither needs the other.
  const localReading = readLocalState(git, repository.shallow);
  const configLoading = loadConfig(root).then((l) => withBlockOn(l, options.blockOn));
  configLoading.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const local = await localReading;
  if (options.review) return reviewGate(git, options, options.review, await configLoading, local);
  const remote = options.remote ?? (await defaultRemote(git, local.upstream));
  const updates = options.updates ?? [currentBranchUpdate(local)].filter((u): u is PushUpdate => u !== undefined);
  const ranges = await Promise.all(updates.map((update) => pushRange(git, remote, update)));
  const [loaded, changes] = await Promise.all([configLoading, Promise.all(ranges.map((range) => describePush(git, range)))]);
  const context: AnalysisContext = { config: loaded.config, root };
  const asksGitHub = options.mirror && loaded.config.remote.gate !== 'off';
  const asked = asksGitHub ? refreshRemoteStatus({ ...options.mirror, root, config: loaded.config, remote }) : undefined;
  let lastKnown: Promise<RemoteStatus | undefined> | undefined;
  const knownPullRequest = () => asked ?? (lastKnown ??= lastKnownRemoteStatus(root).catch(() => undefined));
  const pushes = changes.flatMap((change) => (change ? [new PushView(git, change)] : []));
  const [judged, pullRequest] = await Promise.all([
    judgePushes(pushes, options, context, knownPullRequest),
    asked ?? Promise.resolve(undefined),
  ]);
  if (pullRequest) await predictForPushedCommit(git, pullRequest, updates, remote);
  const nothingToPush = ranges.every((r) => r.deletion || r.commits.length === 0);
  const commands = options.runCommands === false || nothingToPush ? [] : await runLocalCommands(loaded.config.gate.commands, root);
  const reasons = blockingFirst([
    ...commandReasons(commands),
    ...reasonsFor(judged.findings, options.updates ? undefined : local, loaded.config, loaded.findings),
    ...truncationReasons(ranges),
    ...remoteReasons(pullRequest, loaded.config, Date.now(), commitsPushedTo(pullRequest?.branch, pushesOf(ranges))),
  ]);
  return {
    version: 1,
    verdict: verdictOf(reasons),
    reasons,
    findings: judged.findings,
    configFindings: loaded.findings,
    remote,
    local,
    pushes: pushesOf(ranges),
    commands,
    pullRequest,
    suppressed: judged.suppressed,
    checkedAt: new Date().toISOString(),
  };
}

/**
 * CI mode: the same analyzers, push-scope rules and gate commands on a pull request's range, at
 * its committed content. Left out: the clone's local state (CI's checkout is detached, never
 * "behind") and GitHub's view of the pull request (this run is one of its checks).
 */
async function reviewGate(
  git: Git,
  options: GateOptions,
  review: { base: string; head?: string; labels?: readonly string[] },
  loaded: LoadedConfig,
  local: LocalState,
): Promise<GateReport> {
  const range = await reviewRange(git, review.base, review.head);
  const change = await describeReview(git, range);
  const context: AnalysisContext = { config: loaded.config, root: git.root, review: { labels: review.labels } };
  const pushes = change.files.length > 0 || change.commits.length > 0 ? [new PushView(git, change)] : [];
  const [judged, lines] = await Promise.all([
    judgePushes(pushes, options, context, () => Promise.resolve(undefined)),
    changedLines(git, range.mergeBase, range.head),
  ]);
  const commands =
    options.runCommands === false || range.commits.length === 0 ? [] : await runLocalCommands(loaded.config.gate.commands, git.root);
  const reasons = blockingFirst([
    ...commandReasons(commands),
    ...reasonsFor(judged.findings, undefined, loaded.config, loaded.findings),
    ...(range.truncated ? [truncationReason(range.headRef)] : []),
  ]);
  return {
    version: 1,
    verdict: verdictOf(reasons),
    reasons,
    findings: judged.findings,
    configFindings: loaded.findings,
    remote: range.baseRef,
    local,
    pushes: [
      {
        localRef: range.headRef,
        remoteRef: range.baseRef,
        deletion: false,
        commits: range.commits.length,
        files: change.files.filter((f) => f.status !== 'deleted').map((f) => f.path),
        truncated: range.truncated,
      },
    ],
    commands,
    pullRequest: undefined,
    suppressed: judged.suppressed,
    review: { base: range.baseRef, head: range.headRef, mergeBase: range.mergeBase, headCommit: range.head, changedLines: lines },
    checkedAt: new Date().toISOString(),
  };
}

/** The per-file analyzers on each pushed file, then the push-scope analyzers on each push. */
async function judgePushes(
  pushes: readonly PushView[],
  options: GateOptions,
  context: AnalysisContext,
  pullRequest: () => Promise<RemoteStatus | undefined>,
): Promise<{ findings: Finding[]; suppressed: SuppressedFinding[] }> {
  const [files, pushFindings] = await Promise.all([
    analyzePushedFiles(pushes, options.analyzers ?? builtinAnalyzers(), context),
    Promise.all(pushes.map((push) => analyzePush(push, options.pushAnalyzers ?? builtinPushAnalyzers(), context, pullRequest))),
  ]);
  return {
    findings: uniqueFindings([...files.findings, ...pushFindings.flatMap((p) => p.findings)]).sort(compareFindings),
    suppressed: [...files.suppressed, ...pushFindings.flatMap((p) => p.suppressed)],
  };
}

function withBlockOn(loaded: LoadedConfig, blockOn: GateOptions['blockOn']): LoadedConfig {
  if (!blockOn) return loaded;
  return { ...loaded, config: { ...loaded.config, gate: { ...loaded.config.gate, blockOn } } };
}

/** The mirror predicted the required checks for local HEAD; the hook may be pushing another commit to the branch. */
async function predictForPushedCommit(git: Git, status: RemoteStatus, updates: readonly PushUpdate[], remote: string): Promise<void> {
  const update = updates.find((u) => u.remoteRef === `refs/heads/${status.branch}` && !isZeroId(u.localSha));
  // A fork's base branch is on another remote, which only the mirror resolves: its prediction for HEAD stands.
  if (!update || update.localSha === status.localHeadSha || status.fork) return;
  const remoteHead = isZeroId(update.remoteSha) ? undefined : update.remoteSha;
  status.requiredChecks = await predictForPush(git, status, { head: update.localSha, remote, remoteHead });
}

/** A push longer than the gate reads is said plainly, so a verdict never claims more than was analysed. */
function truncationReasons(ranges: readonly PushRange[]): Reason[] {
  return ranges.filter((r) => r.truncated).map((r) => truncationReason(r.update.localRef));
}

function truncationReason(ref: string): Reason {
  return {
    kind: 'local',
    blocking: false,
    text: `${ref} sends more than ${MAX_RANGE_COMMITS} commits: only the changes of the newest ${MAX_RANGE_COMMITS} were analysed; run 'preflight scan' to check every file`,
  };
}

/** A failed local check blocks the push: it is the same check the remote CI would fail on. */
function commandReasons(commands: readonly CommandResult[]): Reason[] {
  return commands
    .filter((c) => c.exitCode !== 0)
    .map((c): Reason => ({
      kind: 'command',
      blocking: true,
      text: `gate command '${c.name}' ${c.timedOut ? 'timed out' : `failed (exit ${c.exitCode})`}: ${c.run}`,
    }));
}

/**
 * Reads each pushed file once, at the commit being pushed (not the working tree), and analyses
 * it beside its version on the remote (for rules about what changed: scope: changed, new jobs).
 */
async function analyzePushedFiles(
  pushes: readonly PushView[],
  analyzers: readonly Analyzer[],
  context: AnalysisContext,
): Promise<{ findings: Finding[]; suppressed: SuppressedFinding[] }> {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const push of pushes) {
    const paths = push.files.filter(
      (f) => f.status !== 'deleted' && !seen.has(f.path) && applicableAnalyzers(f.path, analyzers, context).length > 0,
    );
    await push.prefetchBoth(
      paths.map((f) => f.path),
      paths.map((f) => f.oldPath ?? f.path),
    );
    for (const file of paths) {
      const text = await push.headText(file.path);
      if (text === undefined) continue;
      seen.add(file.path);
      const source: SourceFile = {
        path: file.path,
        text,
        base: { text: file.status === 'added' ? undefined : await push.baseText(file.oldPath ?? file.path) },
      };
      const analysed = await analyzeFileFully(source, analyzers, context);
      findings.push(...analysed.findings);
      suppressed.push(...analysed.suppressed);
    }
  }
  return { findings, suppressed };
}

function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map(findings.map((f) => [`${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`, f]));
  return [...byKey.values()];
}

function pushesOf(ranges: readonly PushRange[]): GateReport['pushes'] {
  return ranges.map((r) => ({
    localRef: r.update.localRef,
    remoteRef: r.update.remoteRef,
    deletion: r.deletion,
    commits: r.commits.length,
    files: r.files,
    truncated: r.truncated,
  }));
}
