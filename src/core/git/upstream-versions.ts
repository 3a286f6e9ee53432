import type { Git } from './git';

const FRESH_MS = 30_000;

interface Entry {
  at: number;
  version: Promise<{ text: string | undefined } | undefined>;
}

/**
 * Files as the upstream branch has them, for rules limited to changed lines while a file is
 * being edited. Cached per file for 30 s, so typing costs no git process; the upstream is the
 * branch's `@{upstream}`, else `origin/HEAD`. Undefined when there is neither.
 */
export class UpstreamVersions {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly git: Git) {}

  versionOf(path: string): Promise<{ text: string | undefined } | undefined> {
    const cached = this.cache.get(path);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.version;
    const version = this.read(path);
    this.cache.set(path, { at: Date.now(), version });
    return version;
  }

  private async read(path: string): Promise<{ text: string | undefined } | undefined> {
    const upstream =
      (await this.git.tryRaw('rev-parse', '--verify', '-q', '@{upstream}')) ??
      (await this.git.tryRaw('rev-parse', '--verify', '-q', 'origin/HEAD'));
    if (!upstream) return undefined;
    const spec = `${upstream.trim()}:${path}`;
    const blob = (await this.git.readBlobs([spec])).get(spec);
    return { text: blob?.toString('utf8') };
  }
}
