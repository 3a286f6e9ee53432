import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { analyzeFile, knownRuleIds, needsBase } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers, parseConfig } from '../../../../src/core/engine/registry';
import type { AnalysisContext, Analyzer } from '../../../../src/core/engine/analyzer';
import type { Finding } from '../../../../src/core/findings/finding';

/** A minimal analyzer: reports every line containing TODO. */
const todoAnalyzer: Analyzer = {
  name: 'todo',
  rules: () => [{ id: 'test/todo', description: 'no TODO', severity: 'warning' }],
  appliesTo: (path) => path.endsWith('.ts'),
  analyze(file) {
    return file.text.split('\n').flatMap((line, index): Finding[] => {
      const column = line.indexOf('TODO');
      if (column < 0) return [];
      return [
        {
          ruleId: 'test/todo',
          severity: 'warning',
          file: file.path,
          line: index + 1,
          column: column + 1,
          endLine: index + 1,
          endColumn: column + 5,
          message: 'TODO',
        },
      ];
    });
  },
};

const crashingAnalyzer: Analyzer = {
  name: 'crashing',
  rules: () => [],
  appliesTo: () => true,
  analyze() {
    throw new Error('boom');
  },
};

const context: AnalysisContext = { config: defaultConfig(), root: '/repo' };

describe('analyzeFile', () => {
  it('runs the analyzers that apply to the path', async () => {
    const findings = await analyzeFile({ path: 'a.ts', text: 'x\n// TODO\n' }, [todoAnalyzer], context);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line]),
      [['test/todo', 2]],
    );
    assert.deepEqual(await analyzeFile({ path: 'a.py', text: '# TODO\n' }, [todoAnalyzer], context), []);
  });

  it('skips files the config ignores', async () => {
    const findings = await analyzeFile({ path: 'node_modules/x/a.ts', text: 'TODO' }, [todoAnalyzer], context);
    assert.deepEqual(findings, []);
  });

  it('applies ignore comments and reports unknown rules in them', async () => {
    const text = '// preflight-ignore test/todo -- tracked in JIRA-1\n// TODO\n// preflight-ignore test/tdo -- typo\n// TODO\n';
    const findings = await analyzeFile({ path: 'a.ts', text }, [todoAnalyzer], context);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line]),
      [
        ['preflight/unknown-rule-in-ignore', 3],
        ['test/todo', 4],
      ],
    );
  });

  it('turns an analyzer crash into one finding and keeps the others', async () => {
    const findings = await analyzeFile({ path: 'a.ts', text: 'TODO' }, [crashingAnalyzer, todoAnalyzer], context);
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['preflight/analyzer-failed', 'test/todo']);
    assert.match(findings.find((f) => f.ruleId === 'preflight/analyzer-failed')!.message, /crashing analyzer .*boom/);
  });

  it('knows team rule ids from the config', () => {
    const config = { ...defaultConfig(), rules: [{ id: 'no-console', message: 'm', regex: 'x' }] };
    const ids = knownRuleIds([todoAnalyzer], { config, root: '/' });
    assert.ok(ids.has('team/no-console') && ids.has('test/todo') && ids.has('config/invalid'));
  });
});

describe('analyzeFile on huge files', () => {
  it('skips a file over maxFileSize with one info finding instead of analysing it', async () => {
    const config = { ...defaultConfig(), maxFileSize: 1024 };
    const findings = await analyzeFile({ path: 'a.ts', text: '// TODO\n'.repeat(1000) }, [todoAnalyzer], { config, root: '/' });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['preflight/file-too-large', 'info']],
    );
  });
});

describe('needsBase: which files the editor asks git about', () => {
  const config = parseConfig(
    [
      'rules:',
      '  - id: no-console-log',
      '    message: Use the logger.',
      '    files: "config/**"',
      "    regex: 'console\\.log\\('",
      '    scope: changed',
      '  - id: no-todo',
      '    message: No TODO.',
      '    files: "docs/**"',
      "    regex: 'TODO'",
      '',
    ].join('\n'),
    '.preflight.yml',
  ).config;
  const context = { config, root: '/repo' };
  const asks = (path: string) => needsBase(path, builtinAnalyzers(), context);

  it('asks for a file a `scope: changed` rule selects, and for code the job rules compare with the upstream', () => {
    assert.equal(asks('config/settings.yml'), true);
    assert.equal(asks('app/jobs/report_job.rb'), true);
  });

  it('does not ask for a SQL migration or a file only whole-file rules select', () => {
    assert.equal(asks('db/migrations/V3__index.sql'), false);
    assert.equal(asks('docs/guide.md'), false);
  });

  it('does not ask for code once the job rules are off and no changed-lines rule selects it', () => {
    const noJobs = parseConfig('jobs:\n  enabled: false\n', '.preflight.yml').config;
    assert.equal(needsBase('app/jobs/report_job.rb', builtinAnalyzers(), { config: noJobs, root: '/repo' }), false);
  });
});
