import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempRepo } from './temp-repo';

/** A clone with a bare repository as its `origin`, both real and on disk, with main pushed. */
export class RepoWithRemote {
  readonly bare: string;
  readonly clone: TempRepo;

  constructor() {
    this.bare = mkdtempSync(join(tmpdir(), 'preflight-remote-'));
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', this.bare]);
    this.clone = new TempRepo('preflight-clone-');
    this.clone.git('remote', 'add', 'origin', this.bare);
    this.clone.write('README.md', '# app\n').commitAll('initial');
    this.clone.git('push', '-q', '-u', 'origin', 'main');
  }

  /** Runs `git push ...` and returns its exit code and output (a hook's output is on stderr). */
  push(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stderr: string } {
    const result = spawnSync('git', ['push', ...args], { cwd: this.clone.dir, encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: result.status, stderr: result.stderr + result.stdout };
  }

  remoteSha(ref: string): string | undefined {
    const result = spawnSync('git', ['rev-parse', '--verify', '-q', ref], { cwd: this.bare, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  }

  remove(): void {
    this.clone.remove();
    rmSync(this.bare, { recursive: true, force: true });
  }
}
