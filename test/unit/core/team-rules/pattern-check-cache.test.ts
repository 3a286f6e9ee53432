import assert from 'node:assert/strict';
import { parseConfigFully } from '../../../../src/core/engine/registry';
import { keepPatternChecks, type PatternCheckCache } from '../../../../src/core/team-rules/validate-patterns';

const CONFIG = `rules:
  - id: no-fetch
    message: Use the client.
    files: ["src/**/*.ts"]
    pattern: fetch($$$ARGS)
  - id: broken-python
    message: Not Python.
    files: ["**/*.py"]
    pattern: "def ("
  - id: todo
    message: No TODO.
    regex: TODO
`;

class MemoryCache implements PatternCheckCache {
  readonly entries = new Map<string, string>();
  reads = 0;
  read(key: string): string | undefined {
    this.reads++;
    return this.entries.get(key);
  }
  write(key: string, value: string): void {
    this.entries.set(key, value);
  }
}

/** What a config check reports, and which rules it keeps. */
async function checked(text = CONFIG): Promise<{ messages: string[]; rules: string[] }> {
  const loaded = await parseConfigFully(text, '.preflight.yml');
  return { messages: loaded.findings.map((f) => `${f.line}: ${f.message}`), rules: loaded.config.rules.map((r) => r.id) };
}

describe("the team rules' pattern check, kept on disk by the CLI", () => {
  let cache: MemoryCache;
  let plain: { messages: string[]; rules: string[] };
  before(async function () {
    this.timeout(10_000); // the grammars' first load
    keepPatternChecks(undefined, undefined);
    plain = await checked();
  });
  beforeEach(() => {
    cache = new MemoryCache();
    keepPatternChecks(cache, 'build-1');
  });
  after(() => keepPatternChecks(undefined, undefined));

  it('reports the same problems from the cache as without it', async () => {
    assert.deepEqual(plain, {
      messages: [plain.messages[0]],
      rules: ['no-fetch', 'todo'],
    });
    assert.match(plain.messages[0], /^9: Team rule 'broken-python' is skipped: /);
    assert.deepEqual(await checked(), plain, 'the run that fills the cache');
    assert.equal(cache.entries.size, 1);
    assert.deepEqual(JSON.parse([...cache.entries.values()][0]), [
      { index: 1, line: 9, message: plain.messages[0].replace(/^9: Team rule 'broken-python' is skipped: (.*)\.$/, '$1') },
    ]);
    assert.deepEqual(await checked(), plain, 'the run from the cache');
    assert.equal(cache.entries.size, 1);
  });

  it('checks again when the entry is corrupt, names a rule that is not a syntax rule, or the rules or the build changed', async () => {
    await checked();
    const [key] = [...cache.entries.keys()];
    for (const bad of ['{not json', '[{"index": 2, "line": 1, "message": "x"}]', '[{"index": 1}]', '"[]"']) {
      cache.entries.set(key, bad);
      assert.deepEqual(await checked(), plain, bad);
      assert.equal(JSON.parse(cache.entries.get(key)!).length, 1, `rewritten after ${bad}`);
    }
    const moved = `# a comment moves every rule down a line\n${CONFIG}`;
    const movedResult = await checked(moved);
    assert.match(movedResult.messages[0], /^10: Team rule 'broken-python' is skipped: /);
    assert.equal(cache.entries.size, 2);
    keepPatternChecks(cache, 'build-2');
    assert.deepEqual(await checked(), plain);
    assert.equal(cache.entries.size, 3, 'another build keeps its own entry');
  });
});
