import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRAMMAR_NAMES } from '../../src/core/syntax/languages';
import { TempRepo } from '../helpers/temp-repo';
import { LAZY_FILES } from '../helpers/built-cli';

const ROOT = join(__dirname, '..', '..');

/** npm's own settings, without those an outer `npm test` passes down (they would point the inner npm elsewhere). */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

/**
 * The npm package as a team installs it in CI: `npm pack` at the root, installed offline into an
 * empty project, run with `npx preflight`. Every parser must come from the tarball itself.
 */
describe('the npm package (npm pack) installed offline on its own', function () {
  this.timeout(180_000);
  let work: string;
  let project: string;
  let repo: TempRepo;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'preflight-npm-'));
    // --ignore-scripts: prepack would rebuild dist/ while the other integration tests use it.
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
      cwd: ROOT,
      env: npmEnv(),
      stdio: 'ignore',
    });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    project = join(work, 'project');
    execFileSync('mkdir', [project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(work, tarball)], {
      cwd: project,
      env: npmEnv(),
      stdio: 'ignore',
    });
  });
  after(() => rmSync(work, { recursive: true, force: true }));
  beforeEach(() => (repo = new TempRepo('preflight-npm-repo-')));
  afterEach(() => repo.remove());

  const npx = (...args: string[]) =>
    spawnSync('npx', ['--offline', 'preflight', ...args], { cwd: project, encoding: 'utf8', env: { ...npmEnv(), NO_COLOR: '1' } });

  it('installs the bundle and every parser, and nothing else', () => {
    const installed = join(project, 'node_modules', 'preflight');
    for (const file of [
      'cli.js',
      'cli-bundle.js',
      ...LAZY_FILES,
      'libpg-query.wasm',
      'web-tree-sitter.wasm',
      ...GRAMMAR_NAMES.map((g) => `tree-sitter-${g}.wasm`),
    ])
      assert.ok(existsSync(join(installed, 'dist', file)), `${file} is in the package`);
    assert.equal(existsSync(join(installed, 'dist', 'extension.js')), false);
    assert.equal(existsSync(join(installed, 'node_modules')), false);
    assert.equal(existsSync(join(installed, 'src')), false);
    const version = npx('--version');
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('runs team rules in every language, the SQL parser and check --base from npx', () => {
    const rule = (id: string, language: string, files: string, pattern: string) =>
      `  - id: ${id}\n    message: No debug output.\n    language: ${language}\n    files: "${files}"\n    pattern: ${pattern}\n`;
    repo
      .write(
        '.preflight.yml',
        `rules:\n${rule('js', 'javascript', '**/*.js', 'console.log($X)')}${rule('ts', 'typescript', '**/*.ts', 'console.log($X)')}${rule('py', 'python', '**/*.py', 'print($X)')}${rule('rb', 'ruby', '**/*.rb', 'puts $X')}${rule('tsx', 'tsx', '**/*.tsx', 'console.log($X)')}`,
      )
      .commitAll('config');
    repo.git('checkout', '-q', '-b', 'feature');
    repo
      .write('src/a.js', 'console.log(1);\n')
      .write('src/b.ts', 'console.log(2);\n')
      .write('src/c.py', 'print(3)\n')
      .write('src/d.rb', 'puts 4\n')
      .write('src/e.tsx', 'console.log(<b>5</b>);\n')
      .write('db/migrations/V1__index.sql', 'CREATE INDEX i ON orders (customer_id);\n')
      .commitAll('feature');
    const expected = [
      'migration/require-concurrent-index-creation db/migrations/V1__index.sql:1',
      'team/js src/a.js:1',
      'team/py src/c.py:1',
      'team/rb src/d.rb:1',
      'team/ts src/b.ts:1',
      'team/tsx src/e.tsx:1',
    ];
    const picked = (stdout: string) =>
      (JSON.parse(stdout).findings as Array<{ ruleId: string; file: string; line: number }>)
        .filter((f) => f.ruleId.startsWith('team/') || f.ruleId === 'migration/require-concurrent-index-creation')
        .map((f) => `${f.ruleId} ${f.file}:${f.line}`)
        .sort();
    const scanned = npx('scan', '--root', repo.dir, '--format', 'json');
    assert.equal(scanned.stderr, '');
    assert.deepEqual(picked(scanned.stdout), expected);
    const checked = npx('check', '--root', repo.dir, '--base', 'main', '--format', 'json');
    assert.equal(checked.status, 1, checked.stderr);
    assert.deepEqual(picked(checked.stdout), expected);
  });
});
