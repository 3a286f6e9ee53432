import type { Git } from '../../git/git';
import { withoutBom } from '../../fs/inside-repository';
import type { ChangedFiles, PushFacts } from './trigger';
import { parseWorkflow, type Workflow } from './workflow-file';

const WORKFLOWS_DIR = '.github/workflows';
/** GitHub runs the workflow files directly in the folder, not those of its subfolders. */
const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;
/** More workflow files than any repository has; the rest are not read. */
const MAX_WORKFLOWS = 200;
/** GitHub's own limit for a workflow file is far smaller; a larger blob is not parsed. */
const MAX_WORKFLOW_BYTES = 512 * 1024;
/** Over this many pushed commits GitHub runs paths-filtered workflows anyway. */
const MAX_DIFF_COMMITS = 1000;

/** Parsed workflow files by blob id and path: a new commit that leaves them alone parses none again. */
const parsedBlobs = new Map<string, Workflow>();
const MAX_PARSED_BLOBS = 500;

/** The workflow files of a commit, read from git objects (not the working tree), in one `cat-file` process. */
export async function readWorkflows(git: Git, commit: string): Promise<Workflow[]> {
  const listing = (await git.tryRaw('ls-tree', '-z', `${commit}:${WORKFLOWS_DIR}`)) ?? '';
  // `<mode> <type> <object>\t<name>`: files only, not folders or submodules.
  const entries = listing
    .split('\0')
    .map((entry) => /^\d+ blob ([0-9a-f]+)\t([\s\S]+)$/.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ blob: match[1], path: `${WORKFLOWS_DIR}/${match[2]}` }))
    .filter(({ path }) => WORKFLOW_FILE.test(path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, MAX_WORKFLOWS);
  const key = (entry: { blob: string; path: string }) => `${entry.blob} ${entry.path}`;
  const unread = entries.filter((entry) => !parsedBlobs.has(key(entry)));
  if (unread.length > 0) {
    const blobs = await git.readBlobs(unread.map((entry) => entry.blob));
    for (const entry of unread) {
      const blob = blobs.get(entry.blob);
      if (!blob) continue;
      if (parsedBlobs.size >= MAX_PARSED_BLOBS) parsedBlobs.delete(parsedBlobs.keys().next().value!);
      parsedBlobs.set(
        key(entry),
        blob.length > MAX_WORKFLOW_BYTES
          ? {
              path: entry.path,
              events: new Map(),
              jobs: [],
              problem: { line: 1, column: 1, message: `the file is larger than ${MAX_WORKFLOW_BYTES / 1024} KB; it was not read` },
            }
          : parseWorkflow(entry.path, withoutBom(blob.toString('utf8'))),
      );
    }
  }
  return entries.flatMap((entry) => parsedBlobs.get(key(entry)) ?? []);
}

export interface PushToPredict {
  /** The commit being pushed. */
  head: string;
  /** The branch it is pushed to, without refs/heads/. */
  branch: string;
  /** The pull request's base branch. */
  baseRef: string;
  /** The remote whose tracking refs hold the base branch and the branch's current head. */
  remote: string;
  /** The remote's head for the branch, when the caller knows it (the pre-push line); else its tracking ref. */
  remoteHead?: string;
  /** The remote whose tracking refs hold the base branch (a fork's parent), when not `remote`; null: none. */
  baseRemote?: string | null;
  /** False for a push to a fork: the base repository's push workflows do not run for it. */
  pushRunsInBase?: boolean;
}

/** What GitHub's filters look at for this push, read from the local clone. */
export async function readPushFacts(git: Git, push: PushToPredict): Promise<PushFacts> {
  const [headMessage, pullRequestFiles, pushFiles] = await Promise.all([
    git.tryRaw('log', '-1', '--format=%B', push.head).then((m) => m ?? ''),
    pullRequestDiff(git, push),
    pushDiff(git, push),
  ]);
  return {
    branch: push.branch,
    baseRef: push.baseRef,
    headMessage,
    pullRequestFiles,
    pushFiles,
    pushRunsInBase: push.pushRunsInBase ?? true,
  };
}

/** Three dots: from the merge base with the base branch, as a pull request's paths filters see it. */
async function pullRequestDiff(git: Git, push: PushToPredict): Promise<ChangedFiles> {
  const baseRemote = push.baseRemote === undefined ? push.remote : push.baseRemote;
  if (baseRemote === null) return 'unknown';
  const base = await resolve(git, `refs/remotes/${baseRemote}/${push.baseRef}`);
  if (!base) return 'unknown';
  const mergeBase = (await git.tryRaw('merge-base', base, push.head))?.trim();
  if (!mergeBase) return 'unknown';
  return namesBetween(git, mergeBase, push.head);
}

/** Two dots: the branch's head on the remote → the pushed commit; for a new branch, from the parent of the oldest commit pushed. */
async function pushDiff(git: Git, push: PushToPredict): Promise<ChangedFiles> {
  const before = push.remoteHead ?? (await resolve(git, `refs/remotes/${push.remote}/${push.branch}`));
  if (before && (await git.tryRaw('cat-file', '-e', `${before}^{commit}`)) !== undefined) {
    // Nothing new to push: the last push's own diff is not known here.
    if (before === push.head) return 'unknown';
    return namesBetween(git, before, push.head);
  }
  const commits = (
    (await git.tryRaw('rev-list', `--max-count=${MAX_DIFF_COMMITS + 1}`, push.head, '--not', `--remotes=${push.remote}`)) ?? ''
  )
    .split('\n')
    .filter(Boolean);
  if (commits.length > MAX_DIFF_COMMITS) return 'too-many';
  if (commits.length === 0) return 'unknown';
  const parent = await resolve(git, `${commits[commits.length - 1]}^`);
  return parent ? namesBetween(git, parent, push.head) : 'unknown';
}

async function namesBetween(git: Git, from: string, to: string): Promise<ChangedFiles> {
  const count = Number((await git.tryRaw('rev-list', '--count', `${from}..${to}`))?.trim() ?? 0);
  if (count > MAX_DIFF_COMMITS) return 'too-many';
  // Without rename detection a renamed file counts under its old and its new path, as both changed.
  const out = await git.tryRaw('diff', '--name-only', '-z', '--no-renames', from, to);
  if (out === undefined) return 'unknown';
  return out.split('\0').filter(Boolean).sort();
}

async function resolve(git: Git, rev: string): Promise<string | undefined> {
  return (await git.tryRaw('rev-parse', '--verify', '-q', `${rev}^{commit}`))?.trim() || undefined;
}
