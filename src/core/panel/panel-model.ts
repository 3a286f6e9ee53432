import type { PreflightConfig } from '../config/types';
import { FINDING_KINDS } from '../engine/registry';
import type { Finding } from '../findings/finding';
import type { GateReport } from '../gate/run-gate';
import type { Reason } from '../gate/verdict';
import type { CheckState, CheckSummary, PullRequestSummary, RemoteStatus, StagingSummary } from '../remote/types';
import { formatAge } from '../text/age';
import { plural } from '../text/words';
import {
  checksWords,
  checkWords,
  endedConsequenceWords,
  endedWords,
  forkWords,
  headWords,
  lastKnownWords,
  mergeQueueWords,
  mergeStateWords,
  noPullRequestWords,
  openTasksWords,
  readinessWords,
  requiredChecksWords,
  reviewsWords,
  stagingWords,
  waitingOnWords,
} from '../remote/pull-request-words';
import { combinedVerdict } from './combined-verdict';
import type { PanelIcon, PanelNode } from './panel-node';

export interface PanelInput {
  config: PreflightConfig;
  gate: GateReport | undefined;
  hookInstalled: boolean | undefined;
  remote: RemoteStatus | undefined;
  /** The gate is running right now. */
  checking: boolean;
  now: number;
}

const MAX_REASONS = 12;

/** The whole view, top to bottom: verdict, local state, this push, pull request, staging review. */
export function buildPanel(input: PanelInput): PanelNode[] {
  return [verdictNode(input), localNode(input), pushNode(input), pullRequestNode(input), stagingNode(input)].filter(
    (n): n is PanelNode => n !== undefined,
  );
}

function verdictNode({ gate, remote, config, checking, now }: PanelInput): PanelNode {
  if (!gate) {
    return {
      id: 'verdict',
      label: checking ? 'Checking the push…' : 'Not checked yet',
      description: checking ? undefined : 'Check Before Push',
      icon: { id: checking ? 'sync~spin' : 'circle-large-outline' },
      target: checking ? undefined : { kind: 'action', action: 'check', title: 'Check Before Push' },
    };
  }
  const combined = combinedVerdict(gate, remote, config, now);
  const commits = gate.pushes.reduce((sum, p) => sum + p.commits, 0);
  const icon: PanelIcon =
    combined.verdict === 'pass'
      ? { id: 'pass-filled', tone: 'passed' }
      : combined.verdict === 'warn'
        ? { id: 'warning', tone: 'warning' }
        : { id: 'error', tone: 'failed' };
  return {
    // A new id when the reasons change, so the tree shows them expanded again.
    id: `verdict:${combined.verdict}:${combined.reasons.length}`,
    label: combined.line,
    description: `${plural(commits, 'commit')} → ${gate.remote} · checked ${formatAge(gate.checkedAt, now)} ago${checking ? ' · checking…' : ''}`,
    tooltip:
      combined.reasons.map((r) => `${r.blocking ? '✖' : '!'} ${r.text}`).join('\n') ||
      'Nothing in this push or on its pull request needs attention.',
    icon,
    expanded: true,
    children: combined.reasons.slice(0, MAX_REASONS).map((reason, index) => reasonNode(reason, index)),
  };
}

function reasonNode(reason: Reason, index: number): PanelNode {
  const where = reason.file ? `${reason.file}${reason.line ? `:${reason.line}` : ''}` : undefined;
  return {
    id: `reason:${index}:${reason.text}`,
    label: reason.text,
    description: where,
    tooltip: [reason.text, where, reason.url].filter(Boolean).join('\n'),
    icon: reason.blocking ? { id: 'error', tone: 'failed' } : { id: 'warning', tone: 'warning' },
    target: reason.file
      ? { kind: 'file', file: reason.file, line: reason.line }
      : reason.url
        ? { kind: 'url', url: reason.url }
        : undefined,
  };
}

function localNode({ gate, hookInstalled }: PanelInput): PanelNode | undefined {
  if (!gate) return undefined;
  const { local } = gate;
  const commits = gate.pushes.reduce((sum, p) => sum + p.commits, 0);
  const children: PanelNode[] = [
    {
      id: 'local:commits',
      label: commits === 0 ? 'Nothing to push' : `${plural(commits, 'commit')} to push`,
      description: gate.pushes
        .map((p) => `${p.localRef.replace('refs/heads/', '')} → ${p.remoteRef.replace('refs/heads/', '')}`)
        .join(', '),
      icon: { id: 'git-commit' },
    },
    {
      id: 'local:uncommitted',
      label:
        local.uncommitted.length === 0
          ? 'No uncommitted changes'
          : `${plural(local.uncommitted.length, 'uncommitted file')} (not in the push)`,
      tooltip: local.uncommitted.slice(0, 15).join('\n') || undefined,
      icon: { id: local.uncommitted.length === 0 ? 'check' : 'diff', tone: local.uncommitted.length === 0 ? undefined : 'info' },
    },
  ];
  if (hookInstalled !== undefined) {
    children.push(
      hookInstalled
        ? { id: 'local:hook', label: 'Pre-push hook installed', icon: { id: 'shield', tone: 'passed' } }
        : {
            id: 'local:hook',
            label: 'Pre-push hook not installed',
            description: 'Install',
            icon: { id: 'shield', tone: 'warning' },
            target: { kind: 'action', action: 'installHook', title: 'Install Git Hook' },
          },
    );
  }
  const branch = local.detached ? 'detached HEAD' : (local.branch ?? '(no branch)');
  return {
    id: 'local',
    label: `Local: ${branch} → ${local.upstream ?? `${gate.remote} (new branch)`}`,
    description: local.upstream ? `${local.ahead} ahead, ${local.behind} behind` : undefined,
    icon: { id: 'git-branch' },
    children,
  };
}

function pushNode({ gate }: PanelInput): PanelNode | undefined {
  if (!gate) return undefined;
  const files = new Set(gate.pushes.flatMap((p) => p.files)).size;
  const findings = [...gate.configFindings, ...gate.findings];
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const title = FINDING_KINDS.find(({ prefix }) => finding.ruleId.startsWith(prefix))?.title ?? 'Other';
    groups.set(title, [...(groups.get(title) ?? []), finding]);
  }
  return {
    id: `push:${findings.length > 0 ? 'findings' : 'clean'}`,
    label: 'This push',
    description: `${plural(files, 'file')} · ${findings.length === 0 ? 'no findings' : plural(findings.length, 'finding')}`,
    icon: { id: 'cloud-upload' },
    expanded: findings.length > 0,
    children: [...groups].map(([title, list]) => ({
      id: `push:${title}`,
      label: title,
      description: String(list.length),
      icon: { id: 'list-tree' },
      expanded: true,
      children: list.map((f, index) => ({
        id: `push:${title}:${index}:${f.file}:${f.line}:${f.ruleId}`,
        label: f.message,
        description: `${f.file}:${f.line} · ${f.ruleId}`,
        tooltip: [f.message, f.help].filter(Boolean).join('\n\n'),
        icon: {
          id: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info',
          tone: f.severity === 'error' ? 'failed' : f.severity === 'warning' ? 'warning' : 'info',
        },
        target: { kind: 'file', file: f.file, line: f.line, column: f.column },
      })),
    })),
  };
}

/** The branch's last pull request was merged or closed: what is pushed now reaches no pull request. */
function endedPullRequestNode(pr: PullRequestSummary, now: number, freshness: PanelNode | undefined): PanelNode {
  const when = endedWords(pr, now);
  const newCommits = pr.headDiffers ? ' · new commits reach no pull request' : '';
  return {
    id: 'pr',
    label: `#${pr.number} ${pr.title}`,
    description: `${when}${newCommits}`,
    tooltip: `${pr.title}\n${pr.url}\nPull request #${pr.number} for this branch was ${when}: ${endedConsequenceWords(pr)}.`,
    icon: { id: pr.state === 'merged' ? 'git-merge' : 'git-pull-request-closed', tone: pr.headDiffers ? 'warning' : undefined },
    target: { kind: 'url', url: pr.url },
    expanded: true,
    children: [
      ...(freshness ? [freshness] : []),
      {
        id: 'pr:new',
        label: 'Create a new pull request from these commits',
        icon: { id: 'git-pull-request-create' },
        target: { kind: 'action', action: 'createPullRequest', title: 'Create Pull Request' },
      },
    ],
  };
}

function pullRequestNode({ remote, now }: PanelInput): PanelNode | undefined {
  if (!remote) return undefined;
  const problem = remote.problem;
  if (problem && !remote.fetchedAt) {
    const signIn = problem.kind === 'signed-out' || problem.kind === 'unauthorized';
    return {
      id: 'pr',
      label: signIn ? 'Pull request: sign in to GitHub' : 'Pull request: unavailable',
      description: signIn ? undefined : problem.message,
      tooltip: problem.message,
      icon: { id: signIn ? 'account' : 'debug-disconnect', tone: signIn ? 'info' : 'warning' },
      target: signIn
        ? { kind: 'action', action: 'signIn', title: 'Sign in to GitHub' }
        : problem.kind === 'unreachable' || problem.kind === 'rate-limited'
          ? { kind: 'action', action: 'refresh', title: 'Retry' }
          : undefined,
    };
  }
  const freshness = staleNode(remote, now);
  const pr = remote.pullRequest;
  if (!pr) {
    return {
      id: 'pr',
      label: noPullRequestWords(remote.branch),
      description: 'Create pull request',
      icon: { id: 'git-pull-request-create' },
      target: { kind: 'action', action: 'createPullRequest', title: 'Create Pull Request' },
      children: freshness ? [freshness] : undefined,
      expanded: true,
    };
  }
  if (pr.state !== 'open') return endedPullRequestNode(pr, now, freshness);
  const children: PanelNode[] = [];
  if (freshness) children.push(freshness);
  const head = headWords(remote, pr);
  const fork = forkWords(remote);
  if (fork && remote.fork)
    children.push({
      id: 'pr:fork',
      label: fork,
      tooltip: `The branch is pushed to ${remote.fork.repository}; the pull request, its checks and reviews are in ${remote.fork.parent}.`,
      icon: { id: 'repo-forked', tone: 'info' },
      target: { kind: 'url', url: remote.fork.repositoryUrl },
    });
  children.push(
    head.consequence
      ? { id: 'pr:head', label: head.label, description: head.consequence, icon: { id: 'git-compare', tone: 'info' } }
      : { id: 'pr:head', label: head.label, icon: { id: 'git-compare' } },
    checksNode(remote.checks, now),
    ...requiredChecksNodes(remote),
    reviewsNode(remote),
    ...(remote.mergeQueue
      ? [
          {
            id: 'pr:queue',
            label: mergeQueueWords(remote.mergeQueue),
            description: pr.headDiffers ? 'a push removes it from the queue' : undefined,
            icon: { id: 'list-ordered', tone: pr.headDiffers ? ('warning' as const) : undefined },
          },
        ]
      : []),
    {
      id: 'pr:merge',
      label: mergeStateWords(pr),
      description: `into ${pr.baseRef}`,
      icon: {
        id: 'git-merge',
        tone:
          pr.mergeState === 'clean' || pr.mergeState === 'has_hooks'
            ? 'passed'
            : pr.mergeState === 'dirty' || pr.mergeState === 'behind'
              ? 'failed'
              : undefined,
      },
    },
  );
  const budget = remote.rateLimit
    ? `\nGitHub API budget: ${remote.rateLimit.remaining}/${remote.rateLimit.limit} (${remote.rateLimit.resource})`
    : '';
  return {
    id: 'pr',
    label: `#${pr.number} ${pr.title}`,
    description: `${readinessWords(pr)} · ${plural(remote.blockers.length, 'blocker')}`,
    tooltip: `${pr.title}\n${pr.url}${budget}`,
    icon: { id: pr.draft ? 'git-pull-request-draft' : 'git-pull-request', tone: remote.blockers.length > 0 ? 'warning' : 'passed' },
    target: { kind: 'url', url: pr.url },
    expanded: true,
    children,
  };
}

function staleNode(remote: RemoteStatus, now: number): PanelNode | undefined {
  if (!remote.stale && !remote.problem) return undefined;
  const signIn = remote.problem?.kind === 'unauthorized' || remote.problem?.kind === 'signed-out';
  return {
    id: 'pr:stale',
    label: lastKnownWords(remote, now),
    description: signIn ? 'Sign in again' : 'Retry',
    tooltip: remote.problem?.message,
    icon: { id: signIn ? 'account' : 'debug-disconnect', tone: 'warning' },
    target: signIn
      ? { kind: 'action', action: 'signIn', title: 'Sign in to GitHub' }
      : { kind: 'action', action: 'refresh', title: 'Retry' },
  };
}

const CHECK_ICONS: Record<CheckState, PanelIcon> = {
  success: { id: 'pass', tone: 'passed' },
  failure: { id: 'error', tone: 'failed' },
  cancelled: { id: 'circle-slash', tone: 'failed' },
  pending: { id: 'sync~spin', tone: 'pending' },
  missing: { id: 'question', tone: 'warning' },
  neutral: { id: 'circle-large-outline' },
  skipped: { id: 'debug-step-over' },
};

function checksNode(checks: readonly CheckSummary[], now: number): PanelNode {
  const failing = checks.filter((c) => c.state === 'failure' || c.state === 'cancelled').length;
  const running = checks.some((c) => c.state === 'pending' || c.state === 'missing');
  return {
    id: `pr:checks:${failing > 0 ? 'failing' : 'ok'}`,
    label: 'Checks',
    description: checksWords(checks),
    icon: failing ? { id: 'error', tone: 'failed' } : running ? { id: 'sync~spin', tone: 'pending' } : { id: 'pass', tone: 'passed' },
    expanded: failing > 0,
    children: checks.map((check) => ({
      id: `pr:check:${check.name}`,
      label: check.name,
      description: checkWords(check, now),
      icon: CHECK_ICONS[check.state],
      target: check.url ? { kind: 'url', url: check.url } : undefined,
      ...failingCheckActions(check),
    })),
  };
}

/**
 * The required checks this push will not get, each with its fix; nothing when every one will
 * report (the checks row already lists them).
 */
function requiredChecksNodes(remote: RemoteStatus): PanelNode[] {
  const predictions = remote.requiredChecks ?? [];
  // An unknown with no workflow behind it (a commit status, another app) says nothing the checks row does not.
  const doubtful = predictions.filter((p) => p.willReport === false || (p.willReport === 'unknown' && p.workflow !== null));
  if (doubtful.length === 0) return [];
  const never = doubtful.some((p) => p.willReport === false);
  return [
    {
      id: `pr:required:${never ? 'never' : 'unknown'}`,
      label: 'Required checks for this push',
      description: requiredChecksWords(predictions),
      icon: never ? { id: 'circle-slash', tone: 'failed' } : { id: 'question', tone: 'warning' },
      expanded: true,
      children: doubtful.map((check): PanelNode => {
        const target: PanelNode['target'] = check.workflow ? { kind: 'file', file: check.workflow, line: check.line } : undefined;
        return {
          id: `pr:required:${check.context}`,
          label: check.willReport === false ? `'${check.context}' will never report` : `'${check.context}' may not report`,
          description: check.why,
          tooltip: [check.why, check.fix ? `Fix: ${check.fix}` : undefined].filter(Boolean).join('\n\n'),
          icon: check.willReport === false ? { id: 'circle-slash', tone: 'failed' } : { id: 'question', tone: 'warning' },
          target,
          expanded: check.fix !== undefined,
          children: check.fix
            ? [{ id: `pr:required:${check.context}:fix`, label: `Fix: ${check.fix}`, icon: { id: 'lightbulb' }, target }]
            : undefined,
        };
      }),
    },
  ];
}

/** A failing GitHub Actions check offers its failing step's log and a re-run of the failed jobs; its annotations are counted. */
function failingCheckActions(check: CheckSummary): Pick<PanelNode, 'children' | 'expanded' | 'tooltip'> {
  if (check.state !== 'failure' || check.id === undefined || check.workflowRunId === undefined) return {};
  const annotations = check.annotations?.length ?? 0;
  return {
    tooltip: annotations > 0 ? `${plural(annotations, 'annotation')} from CI in the Problems panel (Preflight (CI))` : undefined,
    expanded: true,
    children: [
      {
        id: `pr:check:${check.name}:log`,
        label: "Show the failing step's log",
        icon: { id: 'output' },
        target: { kind: 'action', action: 'showCheckLog', title: "Show the Failing Step's Log", argument: check.id },
      },
      {
        id: `pr:check:${check.name}:rerun`,
        label: 'Re-run failed jobs',
        icon: { id: 'debug-rerun' },
        target: { kind: 'action', action: 'rerunFailedJobs', title: 'Re-run Failed Jobs', argument: check.workflowRunId },
      },
    ],
  };
}

function reviewsNode(remote: RemoteStatus): PanelNode {
  const { reviews } = remote;
  const children: PanelNode[] = reviews.threads.map((thread, index) => ({
    id: `pr:thread:${index}:${thread.url ?? ''}`,
    label: thread.excerpt || '(no text)',
    description: `${thread.path ?? ''}${thread.line ? `:${thread.line}` : ''}${thread.author ? ` · ${thread.author}` : ''}`,
    icon: { id: 'comment-unresolved', tone: 'warning' },
    target: thread.url ? { kind: 'url', url: thread.url } : undefined,
  }));
  if (reviews.openTasks > 0)
    children.push({
      id: 'pr:tasks',
      label: openTasksWords(reviews),
      icon: { id: 'tasklist', tone: 'warning' },
      target: remote.pullRequest ? { kind: 'url', url: remote.pullRequest.url } : undefined,
    });
  const pr = remote.pullRequest;
  if (pr && pr.requestedReviewers.length > 0) children.push({ id: 'pr:requested', label: waitingOnWords(pr), icon: { id: 'person' } });
  return {
    id: `pr:reviews:${reviews.unresolvedThreads > 0 ? 'threads' : 'none'}`,
    label: 'Reviews',
    description: reviewsWords(reviews),
    icon:
      reviews.decision === 'changes_requested'
        ? { id: 'request-changes', tone: 'failed' }
        : reviews.decision === 'approved'
          ? { id: 'check-all', tone: 'passed' }
          : { id: 'eye' },
    expanded: reviews.unresolvedThreads > 0,
    children,
  };
}

const STAGING_ICONS: Record<StagingSummary['state'], PanelIcon> = {
  success: { id: 'pass', tone: 'passed' },
  failure: { id: 'error', tone: 'failed' },
  pending: { id: 'watch', tone: 'pending' },
  missing: { id: 'circle-large-outline', tone: 'warning' },
};

function stagingNode({ remote, now }: PanelInput): PanelNode | undefined {
  const staging = remote?.staging;
  if (!staging) return undefined;
  return {
    id: 'staging',
    label: stagingWords(staging),
    description: `${staging.signal}${staging.updatedAt ? ` · ${formatAge(staging.updatedAt, now)} ago` : ''}`,
    tooltip: [staging.url, staging.signal].filter(Boolean).join('\n'),
    icon: STAGING_ICONS[staging.state],
    target: staging.url ? { kind: 'url', url: staging.url } : undefined,
    children: staging.url
      ? [
          {
            id: 'staging:url',
            label: staging.url,
            description: staging.environment,
            icon: { id: 'link-external' },
            target: { kind: 'url', url: staging.url },
          },
        ]
      : undefined,
  };
}
