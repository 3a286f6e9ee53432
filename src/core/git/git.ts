import { execFile, spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

/**
 * Settings every git command Preflight runs is given, so that a repository's own configuration
 * cannot make a read run a program: no file-system monitor (`core.fsmonitor` names a command), no
 * hooks (`git status` can fire `post-index-change`). Paths with non-ASCII bytes come back as they are.
 * Filters (`filter.<name>.clean`) cannot be switched off this way; see docs/security.md.
 */
export const SAFE_GIT_CONFIG = ['core.quotepath=false', 'core.fsmonitor=false', 'core.hooksPath=/dev/null'];

/**
 * simple-git refuses `-c core.hooksPath`/`core.fsmonitor` by default (they can run programs); ours switch them off.
 * A command is done when git closes its output: simple-git's default also starts a 50 ms timer at
 * exit, which kept every CLI run alive for 50 ms after its last git command.
 */
export function safeSimpleGit(baseDir: string, config: string[] = SAFE_GIT_CONFIG): SimpleGit {
  return simpleGit({
    baseDir,
    config,
    completion: { onClose: true, onExit: false },
    unsafe: { allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true },
  });
}

export function safeGitArgs(args: readonly string[]): string[] {
  return [...SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]), ...args];
}

/** A git repository, by its work-tree root. All git access in the core goes through here. */
export class Git {
  private readonly git: SimpleGit;

  constructor(readonly root: string) {
    this.git = safeSimpleGit(root);
  }

  async raw(...args: string[]): Promise<string> {
    return this.git.raw(args);
  }

  /** Where git keeps `name` (`hooks`: the folder the repository's hooks are in, `core.hooksPath` honoured); rev-parse runs no hook. */
  async gitPath(name: string): Promise<string> {
    const withHooksPath = SAFE_GIT_CONFIG.filter((setting) => !setting.startsWith('core.hooksPath='));
    const path = (await safeSimpleGit(this.root, withHooksPath).raw(['rev-parse', '--git-path', name])).trim();
    return isAbsolute(path) ? path : join(this.root, path);
  }

  /** Like raw, but undefined instead of an error (for questions such as "is there an upstream?"). */
  async tryRaw(...args: string[]): Promise<string | undefined> {
    try {
      return await this.git.raw(args);
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
    const child = spawn('git', safeGitArgs(['cat-file', '--batch']), { cwd: this.root, stdio: ['pipe', 'pipe', 'ignore'] });
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
        { cwd: this.root, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
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
