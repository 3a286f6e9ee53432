import { withoutBom } from '../fs/inside-repository';
import type { Git } from '../git/git';
import type { ChangedFile, PushChange } from './push-change';

export interface GrepHit {
  path: string;
  line: number;
  text: string;
}

/**
 * Read access to both sides of a push, for push-scope analyzers: files at the pushed commit and
 * at the base, the pushed commits' trailers, and a search of the pushed tree. Blobs are read once.
 */
export class PushView {
  private readonly texts = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly git: Git,
    readonly change: PushChange,
  ) {}

  get files(): readonly ChangedFile[] {
    return this.change.files;
  }

  /** The file as pushed; undefined when the push deletes it or it is binary. */
  headText(path: string): Promise<string | undefined> {
    return this.read(this.change.head, path);
  }

  /** The file as the remote has it; undefined when the push adds it. */
  baseText(path: string): Promise<string | undefined> {
    return this.read(this.change.base, path);
  }

  /** Reads many files at one side in one git process (the cache then serves headText/baseText). */
  prefetch(side: 'head' | 'base', paths: readonly string[]): Promise<void> {
    return this.prefetchBoth(side === 'head' ? paths : [], side === 'base' ? paths : []);
  }

  /** Reads files at the pushed commit and at the base in one git process. */
  async prefetchBoth(headPaths: readonly string[], basePaths: readonly string[]): Promise<void> {
    const keys = [...headPaths.map((path) => `${this.change.head}:${path}`), ...basePaths.map((path) => `${this.change.base}:${path}`)];
    const wanted = [...new Set(keys)].filter((key) => !this.texts.has(key));
    if (wanted.length === 0) return;
    const blobs = this.git.readBlobs(wanted);
    for (const key of wanted)
      this.texts.set(
        key,
        blobs.then((map) => textOf(map.get(key))),
      );
    await blobs;
  }

  private read(rev: string, path: string): Promise<string | undefined> {
    const key = `${rev}:${path}`;
    let text = this.texts.get(key);
    if (!text) {
      text = this.git.readBlobs([key]).then((map) => textOf(map.get(key)));
      this.texts.set(key, text);
    }
    return text;
  }

  /** The values of a trailer (`Preflight-No-Test: reason`) across the pushed commits, as git parses them. */
  async trailers(key: string): Promise<string[]> {
    if (this.change.commits.length === 0) return [];
    const out = await this.git.raw('show', '-s', `--format=%(trailers:key=${key},valueonly,separator=%x00)%x00`, ...this.change.commits);
    return out
      .split('\0')
      .map((value) => value.trim())
      .filter(Boolean);
  }

  /** The pushed commits carrying a trailer (`Preflight-No-Test: reason`), with its value and the files each commit changes. */
  async commitsWithTrailer(key: string): Promise<{ commit: string; value: string; files: string[] }[]> {
    if (this.change.commits.length === 0) return [];
    const out = await this.git.raw(
      'show',
      '-s',
      `--format=%H%x00%(trailers:key=${key},valueonly,separator=%x01)%x00`,
      ...this.change.commits,
    );
    const carrying: { commit: string; value: string }[] = [];
    const fields = out.split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = fields[i + 1].trim();
      if (value) carrying.push({ commit: fields[i].trim(), value });
    }
    return Promise.all(
      carrying.map(async ({ commit, value }) => {
        const files = await this.git.raw('diff-tree', '--no-commit-id', '--name-only', '-r', '-z', '--root', commit);
        return { commit, value, files: files.split('\0').filter(Boolean) };
      }),
    );
  }

  /** Lines of the pushed tree containing any of the words (fixed strings, whole words), by `git grep`. */
  async grep(words: readonly string[], pathspecs: readonly string[] = []): Promise<GrepHit[]> {
    if (words.length === 0) return [];
    const args = ['grep', '-n', '-I', '-w', '-F', '--null', ...words.flatMap((w) => ['-e', w]), this.change.head, '--', ...pathspecs];
    const out = (await this.git.tryRaw(...args)) ?? '';
    const hits: GrepHit[] = [];
    for (const row of out.split('\n')) {
      const [location, lineNumber, ...rest] = row.split('\0');
      if (!rest.length) continue;
      hits.push({ path: location.slice(this.change.head.length + 1), line: Number(lineNumber), text: rest.join('\0') });
    }
    return hits;
  }
}

function textOf(blob: Buffer | undefined): string | undefined {
  if (!blob || blob.subarray(0, 8000).includes(0)) return undefined;
  return withoutBom(blob.toString('utf8'));
}
