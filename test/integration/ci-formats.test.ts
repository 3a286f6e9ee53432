import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { runBuiltCli } from '../helpers/built-cli';
import { TempRepo } from '../helpers/temp-repo';

const preflight = runBuiltCli;
const RISKY = 'CREATE INDEX index_orders_on_customer ON orders (customer_id);\n';
const SILENCED =
  '-- preflight-ignore migration/require-concurrent-index-creation -- orders has ten rows\nCREATE INDEX i2 ON orders (id);\n';
// Spaces, a comma, a colon and a newline: each format has its own escaping for them.
const ODD = 'db/migrate/001 a,b:c\nd.sql';

describe('scan in the CI formats, as a process', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write(ODD, RISKY + SILENCED).commitAll('migration');
  });
  afterEach(() => repo.remove());

  it('writes SARIF that the official schema accepts, with the suppressed finding and its reason', () => {
    const { code, stdout, stderr } = preflight(repo.dir, 'scan', '--format', 'sarif');
    assert.equal(code, 1, stderr);
    const log = JSON.parse(stdout);
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0.json'), 'utf8'));
    assert.ok(ajv.validate(schema, log as object), JSON.stringify(ajv.errors));
    const results = log.runs[0].results;
    assert.ok(
      results.every(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          r.locations[0].physicalLocation.artifactLocation.uri === 'db/migrate/001%20a%2Cb%3Ac%0Ad.sql',
      ),
    );
    const suppressed = results.filter((r: { suppressions?: unknown }) => r.suppressions);
    assert.deepEqual(
      suppressed.map(
        (r: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; suppressions: unknown }) => [
          r.ruleId,
          r.locations[0].physicalLocation.region.startLine,
          r.suppressions,
        ],
      ),
      [['migration/require-concurrent-index-creation', 3, [{ kind: 'inSource', justification: 'orders has ten rows' }]]],
    );
  });

  it('writes a GitLab report and GitHub annotations with the odd file name escaped', () => {
    const gitlab = JSON.parse(preflight(repo.dir, 'scan', '--format', 'gitlab').stdout);
    assert.ok(gitlab.length > 0 && gitlab.every((i: { location: { path: string } }) => i.location.path === ODD));
    const github = preflight(repo.dir, 'scan', '--format', 'github').stdout;
    assert.match(
      github,
      /^::error file=db\/migrate\/001 a%2Cb%3Ac%0Ad\.sql,line=1,col=1,endLine=1,endColumn=\d+,title=migration\/require-concurrent-index-creation::/,
    );
    assert.doesNotMatch(github, /\r/);
  });

  it('--fail-on sets the exit code: warning fails on warnings, never never fails', () => {
    repo
      .write(ODD, "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nALTER TABLE orders ADD COLUMN note text;\n")
      .commitAll('safe');
    assert.equal(preflight(repo.dir, 'scan', '--format', 'gitlab').code, 0);
    repo.write(ODD, RISKY).commitAll('risky');
    assert.equal(preflight(repo.dir, 'scan', '--fail-on', 'never').code, 0);
    assert.equal(preflight(repo.dir, 'scan', '--fail-on', 'warning').code, 1);
    const bad = preflight(repo.dir, 'scan', '--fail-on', 'sometimes');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, "preflight: --fail-on must be one of error, warning, never, not 'sometimes'.\n");
  });

  it('keeps terminal control characters out of the github format', () => {
    repo
      .write('.preflight.yml', 'rules:\n  - id: no-esc\n    message: "bad \\u001b]0;owned\\u0007 title"\n    regex: TODO\n')
      .write('src/a.ts', '// TODO\n');
    repo.commitAll('rule');
    const { stdout } = preflight(repo.dir, 'scan', 'src', '--format', 'github');
    assert.match(stdout, /::bad \\x1b\]0;owned\\x07 title/);
    assert.ok(!stdout.includes('\x1b') && !stdout.includes('\x07'), 'no raw ESC or BEL');
  });
});
