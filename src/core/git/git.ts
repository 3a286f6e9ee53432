import { execFile, spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';

/**
 * Settings every git command Preflight runs is given, so that a repository's own configuration
 * cannot make a read run a program: no file-system monitor (`core.fsmonitor` names a command), no
 * hooks (`git status` can fire `post-index-change`). Paths with non-ASCII bytes come back as they are.
 * Filters (`filter.<name>.clean`) cannot be switched off this way; see docs/security.md.
 */
export const SAFE_GIT_CONFIG = ['core.quotepath=false', 'core.fsmonitor=false', 'core.hooksPath=/dev/null'];

/** Variables besides `GIT_*` through which the environment could make git run a program. */
const PROGRAM_VARIABLES = new Set(['editor', 'visual', 'pager', 'ssh_askpass', 'prefix']);
/** A command's whole output is kept: `ls-files` of a big repository runs to megabytes. */
const MAX_OUTPUT_BYTES = 1024 * 1024 * 1024;

export function safeGitArgs(args: readonly string[], config: readonly string[] = SAFE_GIT_CONFIG): string[] {
  return [...config.flatMap((setting) => ['-c', setting]), ...args];
}

/**
 * The environment git runs in: Preflight's, without `GIT_*` (`GIT_CONFIG_COUNT` and its keys add
 * settings, `GIT_SSH_COMMAND` and `GIT_EXTERNAL_DIFF` run programs, `GIT_DIR` points elsewhere)
 * and without the editors, pagers and askpass programs git could start.
 */
export function gitEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase().trim();
    if (!lower.startsWith('git_') && !PROGRAM_VARIABLES.has(lower)) kept[name] = value;
  }
  return kept;
}

export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | string | undefined,
  ) {
    super(stderr.trim() || `git ${args[0] ?? ''} failed (exit ${String(exitCode)})`);
    this.name = 'GitCommandError';
  }
}

/**
 * Runs one git command and resolves with its standard output; a non-zero exit rejects with its
 * standard error. Plain `execFile`: simple-git, used before, waited 50 ms more after every command
 * that printed nothing (a clean `git diff`, a missing `@{upstream}`), on every push.
 */
export function runGit(cwd: string, args: readonly string[], config: readonly string[] = SAFE_GIT_CONFIG): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      safeGitArgs(args, config),
      { cwd, env: gitEnvironment(), encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
      (error, stdout, stderr) => (error ? reject(new GitCommandError(args, stderr, error.code ?? undefined)) : resolve(stdout)),
    );
  });
}

/** A git repository, by its work-tree root. All git access in the core goes through here. */
export class Git {
  constructor(readonly root: string) {}

  async raw(...args: string[]): Promise<string> {
    return runGit(this.root, args);
  }

  /** Where git keeps `name` (`hooks`: the folder the repository's hooks are in, `core.hooksPath` honoured); rev-parse runs no hook. */
  async gitPath(name: string): Promise<string> {
    const withHooksPath = SAFE_GIT_CONFIG.filter((setting) => !setting.startsWith('core.hooksPath='));
    const path = (await runGit(this.root, ['rev-parse', '--git-path', name], withHooksPath)).trim();
    return isAbsolute(path) ? path : join(this.root, path);
  }

  /** Like raw, but undefined instead of an error (for questions such as "is there an upstream?"). */
  async tryRaw(...args: string[]): Promise<string | undefined> {
    try {
      return await this.raw(...args);
    } catch {
      return undefined;
    }
  }

  /** The contents of many blobs in one `git cat-file --batch` process: cost grows with the push, not the repository. */
  async readBlobs(allSpecs: readonly string[]): Promise<Map<string, Buffer>> {
    const result = new Map<string, Buffer>();
    // The batch protocol is one spec a line: a path with a newline in it is read on its own.
    const specs = allSpecs.filter((spec) => !spec.includes('\n'));
    for (const spec of allSpecs.filter((s) => s.includes('\n'))) {
      const blob = await this.readBlobAlone(spec);
      if (blob) result.set(spec, blob);
    }
    if (specs.length === 0) return result;
    const child = spawn('git', safeGitArgs(['cat-file', '--batch']), {
      cwd: this.root,
      env: gitEnvironment(),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', () => resolve());
    });
    child.stdin.end(specs.map((spec) => `${spec}\n`).join(''));
    await done;
    const output = Buffer.concat(chunks);
    let offset = 0;
    for (const spec of specs) {
      const headerEnd = output.indexOf(10, offset);
      if (headerEnd < 0) break;
      const header = output.subarray(offset, headerEnd).toString('utf8');
      offset = headerEnd + 1;
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) continue;
      const size = Number(header.split(' ')[2]);
      result.set(spec, output.subarray(offset, offset + size));
      offset += size + 1;
    }
    return result;
  }

  private readBlobAlone(spec: string): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      execFile(
        'git',
        safeGitArgs(['cat-file', 'blob', spec]),
        { cwd: this.root, env: gitEnvironment(), encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
        (error, stdout) => resolve(error ? undefined : stdout),
      );
    });
  }
}

/** A zero object id (any length: SHA-1's 40 or SHA-256's 64) means "no object": a new or deleted ref. */
export function isZeroId(id: string): boolean {
  return /^0+$/.test(id);
}

/** `.git/preflight`: where the hook's last report and the remote mirror's state are kept (never committed). */
export async function preflightStateDir(git: Git): Promise<string | undefined> {
  const gitDir = (await git.tryRaw('rev-parse', '--git-dir'))?.trim();
  if (!gitDir) return undefined;
  return join(isAbsolute(gitDir) ? gitDir : join(git.root, gitDir), 'preflight');
}
