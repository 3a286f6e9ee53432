import assert from 'node:assert/strict';
import { parseConfig, builtinAnalyzers } from '../../../../src/core/engine/registry';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import type { SourceFile } from '../../../../src/core/engine/analyzer';
import { changedLines } from '../../../../src/core/text/changed-lines';

const CONFIG = parseConfig(
  `rules:
  - id: no-console-log
    message: Use the logger.
    files: "src/**"
    regex: 'console\\.log\\('
    scope: changed
  - id: no-todo
    message: No TODO.
    files: "src/**"
    regex: 'TODO'
`,
  '.preflight.yml',
).config;

async function lines(file: SourceFile): Promise<Array<[string, number]>> {
  const findings = await analyzeFile(file, builtinAnalyzers(), { config: CONFIG, root: '/repo' });
  return findings.map((f) => [f.ruleId, f.line]);
}

const LEGACY = 'console.log(1); // TODO\nconst a = 1;\nconsole.log(a);\n';

describe('team rules: scope: changed', () => {
  it('reports only on lines changed against the upstream version; other rules see the whole file', async () => {
    const edited = 'console.log(1); // TODO\nconst a = 1;\nconsole.log(a);\nconsole.log("new");\n';
    assert.deepEqual(await lines({ path: 'src/a.ts', text: edited, base: { text: LEGACY } }), [
      ['team/no-todo', 1],
      ['team/no-console-log', 4],
    ]);
  });

  it('treats every line of a new file as changed', async () => {
    assert.deepEqual(
      (await lines({ path: 'src/a.ts', text: LEGACY, base: { text: undefined } })).filter(([id]) => id === 'team/no-console-log'),
      [
        ['team/no-console-log', 1],
        ['team/no-console-log', 3],
      ],
    );
  });

  it('reports nothing when no upstream version is known (a scan of legacy code)', async () => {
    assert.deepEqual(await lines({ path: 'src/a.ts', text: LEGACY }), [['team/no-todo', 1]]);
  });
});

describe('changedLines', () => {
  it('lists added and modified lines of the new text, 1-based', () => {
    assert.deepEqual([...changedLines('a\nb\nc\n', 'a\nB\nc\nd\n')], [2, 4]);
    assert.deepEqual([...changedLines('a\nb\n', 'a\nb\n')], []);
    assert.deepEqual([...changedLines('a\nb\nc\n', 'a\nc\n')], []);
  });
});
