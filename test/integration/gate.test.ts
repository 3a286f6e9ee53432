import assert from 'node:assert/strict';
import { runBuiltCli } from '../helpers/built-cli';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RepoWithRemote } from '../helpers/remote-repo';

const RISKY = 'CREATE INDEX index_orders_on_customer ON orders (customer_id);\n';
const SAFE =
  "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\nCREATE INDEX CONCURRENTLY index_orders_on_customer ON orders (customer_id);\n";

const preflight = runBuiltCli;

describe('the pre-push gate against a real remote', () => {
  let repo: RepoWithRemote;
  beforeEach(() => (repo = new RepoWithRemote()));
  afterEach(() => repo.remove());

  describe('preflight check', () => {
    it('passes when there is nothing to push', () => {
      const { code, stdout } = preflight(repo.clone.dir, 'check', '--format', 'json');
      assert.equal(code, 0);
      const report = JSON.parse(stdout);
      assert.equal(report.verdict, 'pass');
      assert.equal(report.pushes[0].commits, 0);
    });

    it('blocks a risky migration in the commits to push, judged on the committed content', () => {
      repo.clone.write('db/migrations/V2__index.sql', RISKY).commitAll('add index');
      repo.clone.write('db/migrations/V2__index.sql', SAFE); // fixed in the working tree, but not committed
      const { code, stdout } = preflight(repo.clone.dir, 'check', '--format', 'json');
      assert.equal(code, 1);
      const report = JSON.parse(stdout);
      assert.equal(report.verdict, 'block');
      assert.deepEqual(report.pushes[0].files, ['db/migrations/V2__index.sql']);
      assert.ok(report.findings.some((f: { ruleId: string }) => f.ruleId === 'migration/require-concurrent-index-creation'));
      assert.ok(report.reasons.some((r: { text: string; blocking: boolean }) => !r.blocking && /uncommitted change/.test(r.text)));
    });

    it('analyses only what the push sends, not files already on the remote', () => {
      repo.clone.write('db/migrations/V1__old.sql', RISKY).commitAll('old risky migration');
      repo.clone.git('push', '-q');
      repo.clone.write('src/app.ts', 'export {};\n').commitAll('code only');
      const report = JSON.parse(preflight(repo.clone.dir, 'check', '--format', 'json').stdout);
      assert.equal(report.verdict, 'pass');
      assert.deepEqual(report.pushes[0].files, ['src/app.ts']);
    });

    it('honours gate.blockOn', () => {
      repo.clone.write('.preflight.yml', 'gate:\n  blockOn: never\n').write('db/migrations/V2__index.sql', RISKY).commitAll('add index');
      const { code, stdout } = preflight(repo.clone.dir, 'check');
      assert.equal(code, 0);
      assert.match(stdout, /Push with care/);
    });

    it('runs gate.commands and blocks when one fails, keeping its output', () => {
      repo.clone.write(
        '.preflight.yml',
        'gate:\n  commands:\n    - name: unit tests\n      run: echo running; echo "1 failing" >&2; exit 3\n    - name: lint\n      run: echo lint ok\n',
      );
      repo.clone.write('src/app.ts', 'export {};\n').commitAll('code');
      const { code, stdout } = preflight(repo.clone.dir, 'check', '--format', 'json');
      assert.equal(code, 1);
      const report = JSON.parse(stdout);
      assert.deepEqual(
        report.commands.map((c: { name: string; exitCode: number }) => [c.name, c.exitCode]),
        [
          ['unit tests', 3],
          ['lint', 0],
        ],
      );
      assert.match(report.commands[0].output, /running[\s\S]*1 failing/);
      assert.equal(report.reasons[0].text, 'gate command \'unit tests\' failed (exit 3): echo running; echo "1 failing" >&2; exit 3');
      assert.match(preflight(repo.clone.dir, 'check').stdout, /gate command 'unit tests' \(.*\) exited 3:\n {4}running\n {4}1 failing/);
    });

    it('stops a gate command at its timeout', () => {
      repo.clone
        .write('.preflight.yml', 'gate:\n  commands:\n    - name: slow\n      run: sleep 30\n      timeoutSeconds: 1\n')
        .commitAll('slow check');
      const started = Date.now();
      const report = JSON.parse(preflight(repo.clone.dir, 'check', '--format', 'json').stdout);
      assert.ok(Date.now() - started < 15_000);
      assert.equal(report.commands[0].timedOut, true);
      assert.equal(report.verdict, 'block');
    });

    it('prints a readable report with the verdict last', () => {
      repo.clone.write('db/migrations/V2__index.sql', RISKY).commitAll('add index');
      const { stdout } = preflight(repo.clone.dir, 'check');
      assert.match(stdout, /^Preflight: 1 commit\(s\), 1 file\(s\) to origin/);
      assert.match(stdout, /db\/migrations\/V2__index\.sql:1:1 {2}error/);
      assert.match(stdout, /Push blocked \(\d+ reasons?\)\.\s*$/);
    });
  });

  describe('the git hook', () => {
    beforeEach(() => {
      const { code, stdout } = preflight(repo.clone.dir, 'hook', 'install');
      assert.equal(code, 0, stdout);
      assert.match(stdout, /Installed\. Preflight pre-push hook: installed at /);
    });

    it('lets a clean push through and blocks a risky one, naming the rule', () => {
      repo.clone.write('src/app.ts', 'export {};\n').commitAll('code');
      assert.equal(repo.push([]).code, 0);

      repo.clone.write('db/migrations/V2__index.sql', RISKY).commitAll('add index');
      const blocked = repo.push([]);
      assert.notEqual(blocked.code, 0);
      assert.match(blocked.stderr, /migration\/require-concurrent-index-creation/);
      assert.match(blocked.stderr, /Push blocked/);
      assert.notEqual(repo.remoteSha('main'), repo.clone.git('rev-parse', 'HEAD').trim(), 'the remote did not get the commit');
      const last = JSON.parse(readFileSync(join(repo.clone.dir, '.git', 'preflight', 'last-push.json'), 'utf8'));
      assert.equal(last.verdict, 'block');
    });

    it('honours --no-verify and PREFLIGHT_SKIP=1', () => {
      repo.clone.write('db/migrations/V2__index.sql', RISKY).commitAll('add index');
      assert.equal(repo.push([], { PREFLIGHT_SKIP: '1' }).code, 0);
      repo.clone.write('db/migrations/V3__index.sql', RISKY).commitAll('another');
      assert.equal(repo.push(['--no-verify']).code, 0);
      assert.equal(repo.remoteSha('main'), repo.clone.git('rev-parse', 'HEAD').trim());
    });

    it('checks every ref of a multi-ref push, new branches included', () => {
      repo.clone.git('checkout', '-q', '-b', 'safe');
      repo.clone.write('src/a.ts', 'export {};\n').commitAll('safe');
      repo.clone.git('checkout', '-q', '-b', 'risky', 'main');
      repo.clone.write('db/migrations/V2__index.sql', RISKY).commitAll('risky');
      const blocked = repo.push(['origin', 'safe', 'risky']);
      assert.notEqual(blocked.code, 0);
      const last = JSON.parse(readFileSync(join(repo.clone.dir, '.git', 'preflight', 'last-push.json'), 'utf8'));
      assert.deepEqual(
        last.pushes.map((p: { localRef: string; commits: number }) => [p.localRef, p.commits]),
        [
          ['refs/heads/safe', 1],
          ['refs/heads/risky', 1],
        ],
      );
      assert.equal(repo.remoteSha('safe'), undefined, 'git pushes nothing when the hook fails');
      assert.equal(repo.push(['-u', 'origin', 'safe']).code, 0, 'a new branch without an upstream passes');
    });

    it('lets branch deletions through', () => {
      repo.clone.git('checkout', '-q', '-b', 'old');
      repo.clone.write('src/a.ts', 'export {};\n').commitAll('a');
      assert.equal(repo.push(['-u', 'origin', 'old']).code, 0);
      assert.equal(repo.push(['origin', '--delete', 'old']).code, 0);
      assert.equal(repo.remoteSha('old'), undefined);
    });
  });

  describe('living with other hooks', () => {
    it("chains to husky's hook under core.hooksPath, and puts it back on uninstall", () => {
      repo.clone.git('config', 'core.hooksPath', '.husky/_');
      repo.clone.write('.husky/_/pre-push', '#!/bin/sh\necho husky-ran > "$(git rev-parse --show-toplevel)/husky-ran.txt"\n');
      chmodSync(join(repo.clone.dir, '.husky/_/pre-push'), 0o755);
      repo.clone.write('.gitignore', 'husky-ran.txt\n').commitAll('husky');

      const installed = preflight(repo.clone.dir, 'hook', 'install').stdout;
      assert.match(installed, /\.husky\/_\/pre-push/);
      assert.match(installed, /runs first: .*pre-push\.pre-preflight/);

      repo.clone.write('db/migrations/V2__index.sql', RISKY).commitAll('risky');
      const blocked = repo.push([]);
      assert.notEqual(blocked.code, 0);
      assert.ok(existsSync(join(repo.clone.dir, 'husky-ran.txt')), "husky's own hook still ran");

      assert.match(preflight(repo.clone.dir, 'hook', 'uninstall').stdout, /not installed \(.*another tool's hook/);
      assert.match(readFileSync(join(repo.clone.dir, '.husky/_/pre-push'), 'utf8'), /husky-ran/);
    });

    it('stops when the chained hook fails, without running the gate', () => {
      repo.clone.write('.git/hooks/pre-push', '#!/bin/sh\necho "lefthook: lint failed" >&2\nexit 3\n');
      chmodSync(join(repo.clone.dir, '.git/hooks/pre-push'), 0o755);
      preflight(repo.clone.dir, 'hook', 'install');
      repo.clone.write('src/a.ts', 'export {};\n').commitAll('a');
      const result = repo.push([]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /lefthook: lint failed/);
      assert.doesNotMatch(result.stderr, /Preflight:/);
    });
  });
});
