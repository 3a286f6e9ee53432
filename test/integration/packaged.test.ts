import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRAMMAR_NAMES } from '../../src/core/syntax/languages';
import { TempRepo } from '../helpers/temp-repo';
import { LAZY_FILES } from '../helpers/built-cli';

const ROOT = join(__dirname, '..', '..');

/**
 * The .vsix as users get it, unpacked where no node_modules is near: every parser must come from
 * the package itself (a grammar missing from it fails only here, never in a development build).
 */
describe('the packaged extension (.vsix) on its own', function () {
  this.timeout(120_000);
  let unpacked: string;
  let repo: TempRepo;

  before(() => {
    unpacked = mkdtempSync(join(tmpdir(), 'preflight-vsix-'));
    const vsix = join(unpacked, 'preflight.vsix');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
  });
  after(() => rmSync(unpacked, { recursive: true, force: true }));
  beforeEach(() => (repo = new TempRepo('preflight-vsix-repo-')));
  afterEach(() => repo.remove());

  it('carries the bundles and every parser the languages table names, and no node_modules', () => {
    for (const file of [
      'extension.js',
      'cli.js',
      'cli-bundle.js',
      ...LAZY_FILES,
      'libpg-query.wasm',
      'web-tree-sitter.wasm',
      ...GRAMMAR_NAMES.map((grammar) => `tree-sitter-${grammar}.wasm`),
    ]) {
      assert.ok(existsSync(join(unpacked, 'extension', 'dist', file)), `${file} is in the package`);
    }
    assert.equal(existsSync(join(unpacked, 'extension', 'node_modules')), false);
  });

  it("runs the packaged CLI's team rules in every language and the SQL parser", () => {
    const rule = (id: string, language: string, files: string) =>
      `  - id: ${id}\n    message: No debug output.\n    language: ${language}\n    files: "${files}"\n    pattern: ${language === 'python' ? 'print($X)' : language === 'ruby' ? 'puts $X' : 'console.log($X)'}\n`;
    repo
      .write(
        '.preflight.yml',
        `rules:\n${rule('js', 'javascript', '**/*.js')}${rule('ts', 'typescript', '**/*.ts')}${rule('py', 'python', '**/*.py')}${rule('rb', 'ruby', '**/*.rb')}${rule('tsx', 'tsx', '**/*.tsx')}`,
      )
      .write('src/a.js', 'console.log(1);\n')
      .write('src/b.ts', 'console.log(2);\n')
      .write('src/c.py', 'print(3)\n')
      .write('src/d.rb', 'puts 4\n')
      .write('src/e.tsx', 'console.log(<b>5</b>);\n')
      .write('db/migrations/V1__index.sql', 'CREATE INDEX i ON orders (customer_id);\n');
    const result = spawnSync(process.execPath, [join(unpacked, 'extension', 'dist', 'cli.js'), 'scan', '--format', 'json'], {
      cwd: repo.dir,
      encoding: 'utf8',
    });
    assert.equal(result.stderr, '');
    const findings = (JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; file: string; line: number }> }).findings;
    assert.deepEqual(
      findings
        .filter((f) => f.ruleId.startsWith('team/') || f.ruleId === 'migration/require-concurrent-index-creation')
        .map((f) => [f.ruleId, f.file, f.line]),
      [
        ['migration/require-concurrent-index-creation', 'db/migrations/V1__index.sql', 1],
        ['team/js', 'src/a.js', 1],
        ['team/ts', 'src/b.ts', 1],
        ['team/py', 'src/c.py', 1],
        ['team/rb', 'src/d.rb', 1],
        ['team/tsx', 'src/e.tsx', 1],
      ],
    );
  });
});
