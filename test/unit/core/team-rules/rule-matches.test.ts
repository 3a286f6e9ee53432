import assert from 'node:assert/strict';
import { parseConfigFully } from '../../../../src/core/engine/registry';
import { matchCountTitle, RuleMatchCounter, type RuleMatchCount } from '../../../../src/core/team-rules/rule-matches';
import { TempRepo } from '../../../helpers/temp-repo';

const CONFIG = `rules:
  - id: no-console-log
    message: Use the logger.
    files: "src/**/*.ts"
    pattern: console.log($X)
  - id: no-debugger
    message: No debugger.
    regex: "\\\\bdebugger\\\\b"
`;

async function configOf(yaml: string) {
  return (await parseConfigFully(yaml, '.preflight.yml')).config;
}

const where = (count: RuleMatchCount) => ({
  open: count.open.map((m) => `${m.file}:${m.line}:${m.column} ${m.lineText}`),
  repository: count.repository.map((m) => `${m.file}:${m.line}:${m.column} ${m.lineText}`),
  cut: count.cut,
});

describe('team rules: match counts for the rule being written', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo
      .write('.gitignore', 'dist/\n*.generated.ts\n!keep.generated.ts\n')
      .write('src/a.ts', 'console.log(1);\n  console.log(2);\n')
      .write('src/b.ts', 'export const b = 1;\n')
      .write('src/c.ts', 'function f() {\n  console.log(3); debugger;\n}\n')
      .write('src/x.generated.ts', 'console.log(4);\n')
      .write('src/keep.generated.ts', 'console.log(5);\n')
      .write('dist/out.ts', 'console.log(6);\n')
      .write('scripts/run.ts', 'console.log(7);\n')
      .write('notes.txt', 'debugger here\n')
      .write('src/sub/.gitignore', 'local.ts\n')
      .write('src/sub/local.ts', 'console.log(8);\n')
      .commitAll('files');
  });
  afterEach(() => repo.remove());

  for (const untrusted of [false, true])
    it(`counts in the open files (their unsaved text) and in the files git does not ignore that the rule selects${untrusted ? ', without git in an untrusted workspace' : ''}`, async () => {
      const config = await configOf(CONFIG);
      const counter = new RuleMatchCounter(repo.dir, untrusted);
      const open = [{ path: 'src/b.ts', text: 'console.log(b);\ndebugger;\n' }];
      const [logs, debuggers] = await counter.count(config, config.rules, open);
      assert.deepEqual(where(logs), {
        open: ['src/b.ts:1:1 console.log(b);'],
        repository: [
          'src/a.ts:1:1 console.log(1);',
          'src/a.ts:2:3 console.log(2);',
          'src/b.ts:1:1 console.log(b);',
          'src/c.ts:2:3 console.log(3); debugger;',
          'src/keep.generated.ts:1:1 console.log(5);',
        ],
        cut: undefined,
      });
      assert.deepEqual(where(debuggers), {
        open: ['src/b.ts:2:1 debugger;'],
        repository: ['notes.txt:1:1 debugger here', 'src/b.ts:2:1 debugger;', 'src/c.ts:2:19 console.log(3); debugger;'],
        cut: undefined,
      });
      assert.equal(matchCountTitle(logs), '1 match in open files · 5 in the repository');
    });

  it('reads at most the first files the limit allows, and says the count is a lower bound', async () => {
    const config = await configOf(CONFIG);
    const counter = new RuleMatchCounter(repo.dir, false, { files: 2, ms: 60_000 });
    const [logs] = await counter.count(config, [config.rules[0]], []);
    assert.deepEqual(where(logs), {
      open: [],
      repository: ['src/a.ts:1:1 console.log(1);', 'src/a.ts:2:3 console.log(2);'],
      cut: { reason: 'files', files: 2 },
    });
    assert.equal(matchCountTitle(logs), '0 matches in open files · 2+ in the repository (the first 2 files)');
    assert.equal(
      matchCountTitle({ open: [], repository: [], cut: { reason: 'time', ms: 5000, files: 1200 } }),
      '0 matches in open files · 0+ in the repository (stopped after 5 s, 1,200 files read)',
    );
  });

  it('counts a rule again only when what it says or the open files it selects change', async () => {
    const config = await configOf(CONFIG);
    const counter = new RuleMatchCounter(repo.dir, false);
    await counter.count(config, config.rules, []);
    repo.write('src/b.ts', 'console.log(new);\n');
    const moved = await configOf(`\n\n${CONFIG}`);
    assert.equal((await counter.count(moved, moved.rules, []))[0].repository.length, 4, 'remembered: the rule only moved');
    counter.repositoryChanged();
    assert.equal((await counter.count(moved, moved.rules, []))[0].repository.length, 5, 'counted again after a change on disk');
    const edited = await configOf(CONFIG.replace('console.log($X)', 'console.log(1)'));
    assert.equal((await counter.count(edited, [edited.rules[0]], []))[0].repository.length, 1);
  });

  it('shares a count under way with a second look, and counts again for it when the first look is stopped', async () => {
    const config = await configOf(CONFIG);
    const counter = new RuleMatchCounter(repo.dir, false);
    const first = counter.count(config, config.rules, []);
    const second = counter.count(config, config.rules, []);
    assert.deepEqual((await first).map(where), (await second).map(where));
    counter.repositoryChanged();
    const stopped = new AbortController();
    const stoppedLook = counter.count(config, config.rules, [], stopped.signal);
    const otherLook = counter.count(config, config.rules, []);
    stopped.abort();
    await assert.rejects(stoppedLook, { name: 'AbortError' });
    assert.deepEqual(
      (await otherLook).map((count) => count.repository.length),
      [4, 2],
    );
  });

  it('stops when it is aborted (the next keystroke)', async () => {
    const config = await configOf(CONFIG);
    const controller = new AbortController();
    const counting = new RuleMatchCounter(repo.dir, false).count(config, config.rules, [], controller.signal);
    controller.abort();
    await assert.rejects(counting, { name: 'AbortError' });
  });
});
