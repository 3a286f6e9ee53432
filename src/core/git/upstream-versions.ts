import type { Git } from './git';

const FRESH_MS = 30_000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/**
 * Files as the upstream branch has them, for rules limited to changed lines while a file is
 * being edited. Cached for 30 s, per file and for the upstream commit itself, so typing costs no
 * git process and opening another file one; the upstream is the branch's `@{upstream}`, else
 * `origin/HEAD`. Undefined when there is neither.
 */
export class UpstreamVersions {
  private readonly cache = new Map<string, Entry<{ text: string | undefined } | undefined>>();
  private upstream: Entry<string | undefined> | undefined;

  constructor(private readonly git: Git) {}

  versionOf(path: string): Promise<{ text: string | undefined } | undefined> {
    const cached = this.cache.get(path);
    if (cached && isFresh(cached)) return cached.value;
    const value = this.read(path);
    this.cache.set(path, { at: Date.now(), value });
    return value;
  }

  private async read(path: string): Promise<{ text: string | undefined } | undefined> {
    const upstream = await this.upstreamCommit();
    if (!upstream) return undefined;
    const spec = `${upstream}:${path}`;
    const blob = (await this.git.readBlobs([spec])).get(spec);
    return { text: blob?.toString('utf8') };
  }

  private upstreamCommit(): Promise<string | undefined> {
    if (this.upstream && isFresh(this.upstream)) return this.upstream.value;
    const value = this.resolveUpstream();
    this.upstream = { at: Date.now(), value };
    return value;
  }

  private async resolveUpstream(): Promise<string | undefined> {
    const commit =
      (await this.git.tryRaw('rev-parse', '--verify', '-q', '@{upstream}')) ??
      (await this.git.tryRaw('rev-parse', '--verify', '-q', 'origin/HEAD'));
    return commit?.trim();
  }
}

function isFresh(entry: Entry<unknown>): boolean {
  return Date.now() - entry.at < FRESH_MS;
}
