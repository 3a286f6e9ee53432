import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyedCache } from '../../../../src/core/cache/user-cache';
import { keepCheckedConfigs } from '../../../../src/core/config/config-cache';
import { loadConfig } from '../../../../src/core/engine/registry';
import { TempRepo } from '../../../helpers/temp-repo';

const EXAMPLE_PACK = readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'rules', 'preflight.yml'), 'utf8');

const WITH_PROBLEMS = `include: ["rules/*.yml"]
migrations:
  paths:
    sql: ["db/**/*.sql"]
gate:
  blockOn: sometimes
rules:
  - id: backref
    message: m
    regex: '(a)\\1'
  - id: no-todo
    message: No TODO.
    regex: TODO
`;

const AST_GREP_RULE = `id: no-eval
language: TypeScript
severity: error
message: eval runs any code.
rule:
  pattern: eval($X)
`;

class MemoryCache implements KeyedCache {
  readonly entries = new Map<string, string>();
  read(key: string): string | undefined {
    return this.entries.get(key);
  }
  write(key: string, value: string): void {
    this.entries.set(key, value);
  }
  /** The one entry, parsed. */
  only(): { key: string; entry: Record<string, unknown> & { loaded: { config: Record<string, unknown> } } } {
    assert.equal(this.entries.size, 1);
    const [[key, value]] = [...this.entries];
    return { key, entry: JSON.parse(value) as ReturnType<MemoryCache['only']>['entry'] };
  }
}

describe('config: a checked configuration kept by the CLI', () => {
  let repo: TempRepo;
  let cache: MemoryCache;
  beforeEach(() => {
    repo = new TempRepo('preflight-config-cache-', { git: false });
    cache = new MemoryCache();
    keepCheckedConfigs(cache, 'build-1');
  });
  afterEach(() => {
    keepCheckedConfigs(undefined, undefined);
    repo.remove();
  });

  /** The configuration as the run checks it, without any cache. */
  async function fresh(): Promise<Awaited<ReturnType<typeof loadConfig>>> {
    keepCheckedConfigs(undefined, undefined);
    try {
      return await loadConfig(repo.dir);
    } finally {
      keepCheckedConfigs(cache, 'build-1');
    }
  }

  it('gives exactly what checking the file gives, for the example pack and for a file with problems and includes', async function () {
    this.timeout(20_000); // the grammars' first load
    for (const [text, included] of [
      [EXAMPLE_PACK, {}],
      [WITH_PROBLEMS, { 'rules/eval.yml': AST_GREP_RULE, 'rules/broken.yml': 'rules: [\n' }],
    ] as const) {
      cache.entries.clear();
      repo.write('.preflight.yml', text);
      for (const [file, content] of Object.entries(included)) repo.write(file, content);
      const expected = await fresh();
      assert.deepStrictEqual(await loadConfig(repo.dir), expected, 'the run that keeps it');
      assert.equal(cache.entries.size, 1);
      assert.deepStrictEqual(await loadConfig(repo.dir), expected, 'the run from the cache');
    }
    const { entry } = cache.only();
    assert.deepEqual(
      (entry.included as Array<{ file: string }>).map((source) => source.file),
      ['rules/broken.yml', 'rules/eval.yml'],
    );
  });

  it('uses an entry only for the same build, file name, text and included files', async () => {
    repo.write('.preflight.yml', WITH_PROBLEMS).write('rules/eval.yml', AST_GREP_RULE);
    const expected = await loadConfig(repo.dir);
    const { key, entry } = cache.only();
    // A marked entry shows whether a run trusted it.
    const marked = (changes: Record<string, unknown>) =>
      cache.entries.set(
        key,
        JSON.stringify({ ...entry, ...changes, loaded: { ...entry.loaded, config: { ...entry.loaded.config, maxFileSize: 7 } } }),
      );
    const maxFileSize = async () => (await loadConfig(repo.dir)).config.maxFileSize;

    marked({});
    assert.equal(await maxFileSize(), 7, 'trusted when everything is as it was');
    marked({ build: 'build-0' });
    assert.equal(await maxFileSize(), expected.config.maxFileSize, 'made by another build');
    marked({ text: `${WITH_PROBLEMS}# another text under the same key\n` });
    assert.equal(await maxFileSize(), expected.config.maxFileSize, 'made from another text');
    marked({ file: '.preflight.yaml' });
    assert.equal(await maxFileSize(), expected.config.maxFileSize, 'made from another file');

    marked({});
    repo.write('rules/eval.yml', AST_GREP_RULE.replace('eval($X)', 'eval($$$)'));
    assert.equal(await maxFileSize(), expected.config.maxFileSize, 'an included file changed');
    marked({});
    repo.write('rules/more.yml', 'rules: []\n');
    assert.equal(await maxFileSize(), expected.config.maxFileSize, 'an included file appeared');
    marked({});
    rmSync(join(repo.dir, 'rules', 'more.yml'));
    assert.equal(await maxFileSize(), expected.config.maxFileSize, 'an included file went away');

    keepCheckedConfigs(cache, 'build-2');
    await loadConfig(repo.dir);
    assert.equal(cache.entries.size, 2, 'another build keeps its own entry');
  });

  it('checks the file again when the entry is corrupt, and keeps the new result', async () => {
    repo.write('.preflight.yml', EXAMPLE_PACK);
    const expected = await loadConfig(repo.dir);
    const { key } = cache.only();
    for (const bad of ['{not json', 'null', '{}', '{"build":"build-1","file":".preflight.yml","text":"","included":[],"loaded":{}}']) {
      cache.entries.set(key, bad);
      assert.deepStrictEqual(await loadConfig(repo.dir), expected, bad);
      assert.deepEqual(cache.only().entry.loaded, JSON.parse(JSON.stringify(expected)), `rewritten after ${bad}`);
    }
  });

  it('keeps nothing when the CLI keeps no cache, or for a repository without a configuration', async () => {
    await loadConfig(repo.dir);
    assert.equal(cache.entries.size, 0, 'no .preflight.yml');
    keepCheckedConfigs(undefined, 'build-1');
    repo.write('.preflight.yml', EXAMPLE_PACK);
    await loadConfig(repo.dir);
    assert.equal(cache.entries.size, 0);
  });
});
