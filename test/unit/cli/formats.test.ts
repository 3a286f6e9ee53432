import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Finding } from '../../../src/core/findings/finding';
import type { SuppressedFinding } from '../../../src/core/findings/suppression';
import type { CiReport } from '../../../src/cli/formats/ci-report';
import { escapeData, escapeProperty, formatGithub, githubSummary, markdown } from '../../../src/cli/formats/github';
import { formatGitlab } from '../../../src/cli/formats/gitlab';
import { fileUri, formatSarif } from '../../../src/cli/formats/sarif';

const INDEX: Finding = {
  ruleId: 'migration/require-concurrent-index-creation',
  severity: 'error',
  file: 'db/migrate/002_index.sql',
  line: 3,
  column: 1,
  endLine: 3,
  endColumn: 45,
  message: "Building an index on 'orders' without CONCURRENTLY blocks writes.",
  help: 'CREATE INDEX CONCURRENTLY …',
  docsUrl: 'https://github.com/preflight-dev/preflight/blob/main/docs/rules/migration/require-concurrent-index-creation.md',
};
const TODO: Finding = {
  ruleId: 'team/no-todo',
  severity: 'warning',
  file: 'src/app.ts',
  line: 7,
  column: 5,
  endLine: 7,
  endColumn: 9,
  message: 'No TODO: open an issue.',
};
const NOTE: Finding = {
  ...TODO,
  ruleId: 'testfirst/changed-without-test',
  severity: 'info',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  message: 'a note',
};
const SILENCED: SuppressedFinding = { ...INDEX, line: 9, endLine: 9, suppression: { line: 8, reason: 'table has 10 rows' } };
// A file name with everything a format has to escape: spaces, a comma, a colon, a percent sign, a newline.
const ODD = 'db/migrate/00 3,a:b%c\nd.sql';

const report = (findings: Finding[], extra: Partial<CiReport> = {}): CiReport => ({
  findings,
  suppressed: [],
  headline: 'Push blocked (1 reason).',
  ...extra,
});

describe('CI formats', () => {
  describe('github (workflow commands)', () => {
    it('escapes messages and properties exactly as actions/toolkit does', () => {
      assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
      assert.equal(escapeProperty('a,b:c%d\ne'), 'a%2Cb%3Ac%25d%0Ae');
    });

    it('writes one annotation per finding, with the rule as title, help and docs in the message', () => {
      assert.equal(
        formatGithub(report([INDEX, TODO, NOTE])),
        [
          `::error file=db/migrate/002_index.sql,line=3,col=1,endLine=3,endColumn=45,title=migration/require-concurrent-index-creation::Building an index on 'orders' without CONCURRENTLY blocks writes.%0ACREATE INDEX CONCURRENTLY …%0Ahttps://github.com/preflight-dev/preflight/blob/main/docs/rules/migration/require-concurrent-index-creation.md`,
          '::warning file=src/app.ts,line=7,col=5,endLine=7,endColumn=9,title=team/no-todo::No TODO: open an issue.',
          '::notice file=src/app.ts,line=1,col=1,endLine=1,endColumn=1,title=testfirst/changed-without-test::a note',
          'Push blocked (1 reason).',
        ].join('\n'),
      );
    });

    it('escapes a file name with spaces, commas, colons, percent signs and newlines', () => {
      assert.equal(
        formatGithub(report([{ ...TODO, file: ODD }], { headline: 'x' })).split('\n')[0],
        '::warning file=db/migrate/00 3%2Ca%3Ab%25c%0Ad.sql,line=7,col=5,endLine=7,endColumn=9,title=team/no-todo::No TODO: open an issue.',
      );
    });

    it('puts the findings on changed lines first', () => {
      const out = formatGithub(report([INDEX, TODO], { changedLines: { 'src/app.ts': [[5, 8]], 'db/migrate/002_index.sql': [[1, 2]] } }));
      assert.deepEqual(
        out.split('\n').map((line) => line.slice(0, 30)),
        ['::warning file=src/app.ts,line', '::error file=db/migrate/002_in', 'Push blocked (1 reason).'],
      );
    });

    it('writes a Markdown job summary: verdict, counts per kind, the table with docs links, Markdown made inert', () => {
      assert.equal(
        githubSummary(report([INDEX, { ...TODO, file: ODD, message: 'a | b <img src=x> *c*' }], { changedLines: { [ODD]: [[7, 7]] } })),
        [
          '## Preflight: Push blocked (1 reason).',
          '',
          '- Migrations: 1 error',
          '- Team rules: 1 warning',
          '',
          '| Severity | Rule | Location | Message |',
          '| --- | --- | --- | --- |',
          '| warning | team/no-todo | db/migrate/00 3,a:b%c\\\\nd.sql:7:5 (changed) | a \\| b &lt;img src=x&gt; \\*c\\* |',
          `| error | [migration/require-concurrent-index-creation](${INDEX.docsUrl}) | db/migrate/002\\_index.sql:3:1 | Building an index on 'orders' without CONCURRENTLY blocks writes. |`,
          '',
        ].join('\n'),
      );
      assert.equal(githubSummary(report([], { headline: 'Safe to push.' })), '## Preflight: Safe to push.\n\nNo problems found.\n');
    });

    it('shows control characters in the summary as visible escapes', () => {
      assert.equal(markdown('a\x1b[31mb\u202e'), 'a\\\\x1b\\[31mb\\\\u202e');
    });
  });

  describe('gitlab (Code Quality)', () => {
    it('writes the fields GitLab documents, severity mapped, suppressed findings left out', () => {
      const issues = JSON.parse(formatGitlab(report([INDEX, TODO, NOTE], { suppressed: [SILENCED] })));
      assert.deepEqual(
        issues.map((i: Record<string, unknown>) => ({ ...i, fingerprint: typeof i.fingerprint })),
        [
          {
            description: INDEX.message,
            check_name: INDEX.ruleId,
            fingerprint: 'string',
            severity: 'major',
            location: { path: 'db/migrate/002_index.sql', lines: { begin: 3 } },
          },
          {
            description: TODO.message,
            check_name: 'team/no-todo',
            fingerprint: 'string',
            severity: 'minor',
            location: { path: 'src/app.ts', lines: { begin: 7 } },
          },
          {
            description: 'a note',
            check_name: NOTE.ruleId,
            fingerprint: 'string',
            severity: 'info',
            location: { path: 'src/app.ts', lines: { begin: 1 } },
          },
        ],
      );
      assert.equal(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size, 3);
    });

    it('keeps a file name with spaces, commas, colons and newlines exact (JSON escapes it)', () => {
      const [issue] = JSON.parse(formatGitlab(report([{ ...TODO, file: ODD }])));
      assert.equal(issue.location.path, ODD);
      assert.match(formatGitlab(report([{ ...TODO, file: ODD }])), /"path": "db\/migrate\/00 3,a:b%c\\nd\.sql"/);
    });

    it('gives the same fingerprint when the finding moves to another line, and a different one to a second occurrence', () => {
      const print = (findings: Finding[]) => JSON.parse(formatGitlab(report(findings))).map((i: { fingerprint: string }) => i.fingerprint);
      const [before] = print([TODO]);
      const [after] = print([{ ...TODO, line: 40, endLine: 40 }]);
      assert.equal(before, after);
      const twice = print([TODO, { ...TODO, line: 9, endLine: 9 }]);
      assert.equal(twice[0], before);
      assert.notEqual(twice[1], before);
    });
  });

  describe('sarif', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'sarif', 'sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    it('is valid against the official SARIF 2.1.0 schema, including odd file names and suppressions', () => {
      const log = JSON.parse(formatSarif(report([INDEX, TODO, NOTE, { ...TODO, file: ODD }], { suppressed: [SILENCED] })));
      assert.ok(validate(log as object), JSON.stringify(validate.errors, null, 2));
      log.runs[0].results[0].level = 'fatal';
      assert.ok(!validate(log as object), 'the schema is really checked');
    });

    it('has one rule per rule id with its docs URL, help and level, and results pointing at them', () => {
      const log = JSON.parse(formatSarif(report([INDEX, TODO, { ...TODO, line: 9, endLine: 9 }, NOTE])));
      const run = log.runs[0];
      assert.equal(log.version, '2.1.0');
      assert.equal(run.tool.driver.name, 'Preflight');
      assert.deepEqual(
        run.tool.driver.rules.map((r: { id: string }) => r.id),
        ['migration/require-concurrent-index-creation', 'team/no-todo', 'testfirst/changed-without-test'],
      );
      assert.deepEqual(run.tool.driver.rules[0], {
        id: INDEX.ruleId,
        name: INDEX.ruleId,
        shortDescription: { text: 'CREATE INDEX without CONCURRENTLY on an existing table blocks writes while the index is built.' },
        helpUri: INDEX.docsUrl,
        help: { text: `CREATE INDEX CONCURRENTLY …\n\n${INDEX.docsUrl}` },
        defaultConfiguration: { level: 'error' },
      });
      assert.deepEqual(run.tool.driver.rules[1], {
        id: 'team/no-todo',
        name: 'team/no-todo',
        shortDescription: { text: 'No TODO: open an issue.' },
        help: { text: 'No TODO: open an issue.' },
        defaultConfiguration: { level: 'warning' },
      });
      assert.deepEqual(
        run.results.map((r: { ruleIndex: number; level: string }) => [r.ruleIndex, r.level]),
        [
          [0, 'error'],
          [1, 'warning'],
          [1, 'warning'],
          [2, 'note'],
        ],
      );
      assert.deepEqual(run.results[0].locations[0].physicalLocation, {
        artifactLocation: { uri: 'db/migrate/002_index.sql', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 45 },
      });
    });

    it('marks suppressed findings with the ignore comment’s reason', () => {
      const log = JSON.parse(formatSarif(report([], { suppressed: [SILENCED, { ...SILENCED, suppression: { line: 8 } }] })));
      assert.deepEqual(
        log.runs[0].results.map((r: { suppressions: unknown }) => r.suppressions),
        [[{ kind: 'inSource', justification: 'table has 10 rows' }], [{ kind: 'inSource' }]],
      );
    });

    it('gives stable partial fingerprints: the same across runs and line moves', () => {
      const first = JSON.parse(formatSarif(report([TODO]))).runs[0].results[0].partialFingerprints;
      const moved = JSON.parse(formatSarif(report([INDEX, { ...TODO, line: 30, endLine: 30 }]))).runs[0].results[1].partialFingerprints;
      assert.deepEqual(first, moved);
      assert.match(first['preflight/v1'], /^[0-9a-f]{32}$/);
    });

    it('percent-encodes file names into relative URIs', () => {
      assert.equal(fileUri(ODD), 'db/migrate/00%203%2Ca%3Ab%25c%0Ad.sql');
      assert.equal(fileUri('a b/c#d?.sql'), 'a%20b/c%23d%3F.sql');
    });
  });
});
