import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBuiltCli } from '../helpers/built-cli';
import { RepoWithRemote } from '../helpers/remote-repo';
import { TempRepo } from '../helpers/temp-repo';

const RISKY = 'CREATE INDEX index_orders_on_customer ON orders (customer_id);\n';
const preflight = runBuiltCli;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
}

describe('hostile input: the CLI and the gate on a repository that attacks them', () => {
  describe('command line (each mistake is a usage error, exit 2)', () => {
    let repo: TempRepo;
    beforeEach(() => (repo = new TempRepo('preflight-cli-usage-').write('db/migrations/V1__a.sql', RISKY)));
    afterEach(() => repo.remove());

    const cases: Array<[string, string[], RegExp]> = [
      ['a file outside the repository', ['scan', '/etc/passwd'], /^preflight: \/etc\/passwd is outside the repository .*\.\n$/],
      ['a folder outside the repository', ['scan', '../../etc'], /^preflight: \.\.\/\.\.\/etc is outside the repository .*\.\n$/],
      ['a path that does not exist', ['scan', 'db/nope.sql'], /^preflight: db\/nope\.sql: no such file or folder\.\n$/],
      ['--root of a missing folder', ['scan', '--root', '/nonexistent/x'], /^preflight: --root \/nonexistent\/x: no such folder\.\n$/],
      [
        '--root of a file',
        ['check', '--root', 'db/migrations/V1__a.sql'],
        /^preflight: --root db\/migrations\/V1__a\.sql: not a folder\.\n$/,
      ],
      [
        '--remote naming no remote (check)',
        ['check', '--remote', 'nope'],
        /^preflight: --remote nope: no such remote \(this repository has none\)\.\n$/,
      ],
      [
        '--remote naming no remote (status)',
        ['status', '--remote', 'nope'],
        /^preflight: --remote nope: no such remote \(this repository has none\)\.\n$/,
      ],
    ];
    for (const [what, args, message] of cases) {
      it(what, () => {
        const { code, stdout, stderr } = preflight(repo.dir, ...args);
        assert.equal(code, 2, stdout + stderr);
        assert.match(stderr, message);
        assert.doesNotMatch(stderr, /internal error|\n\s+at /);
      });
    }

    it('a committed symlink out of the repository is skipped, never read', () => {
      symlinkSync('/etc/passwd', join(repo.dir, 'db/migrations/V2__leak.sql'));
      const { stdout, stderr } = preflight(repo.dir, 'scan');
      assert.match(
        stderr,
        /^skipped db\/migrations\/V2__leak\.sql: outside the repository \(or a symlink leading out of it\); it is not read$/m,
      );
      assert.doesNotMatch(stdout + stderr, /root:/);
    });
  });

  describe('a repository whose .git/config names programs', () => {
    let repo: TempRepo;
    beforeEach(() => (repo = new TempRepo('preflight-gitconfig-').write('db/migrations/V1__a.sql', RISKY).commitAll('one')));
    afterEach(() => repo.remove());

    it('runs neither its fsmonitor nor its hooks when Preflight reads it with git', () => {
      const marker = join(repo.dir, 'ran');
      repo.write('evil.sh', `#!/bin/sh\necho "$0 $*" >> '${marker}'\n`);
      execFileSync('chmod', ['+x', join(repo.dir, 'evil.sh')]);
      mkdirSync(join(repo.dir, 'hooks'));
      for (const hook of ['post-index-change', 'post-checkout', 'reference-transaction'])
        symlinkSync(join(repo.dir, 'evil.sh'), join(repo.dir, 'hooks', hook));
      repo.git('config', 'core.fsmonitor', join(repo.dir, 'evil.sh'));
      repo.git('config', 'core.hooksPath', join(repo.dir, 'hooks'));
      repo.write('db/migrations/V1__a.sql', RISKY + '-- touched\n');

      const scanned = JSON.parse(preflight(repo.dir, 'scan', '--format', 'json').stdout) as { findings: JsonFinding[] };
      assert.ok(
        scanned.findings.some((f) => f.file === 'db/migrations/V1__a.sql'),
        'git listed the files',
      );
      const checked = JSON.parse(preflight(repo.dir, 'check', '--offline', '--format', 'json').stdout) as {
        local: { uncommitted: string[] };
      };
      assert.deepEqual(checked.local.uncommitted, ['db/migrations/V1__a.sql'], 'git status ran');
      preflight(repo.dir, 'status');
      assert.equal(existsSync(marker), false, existsSync(marker) ? readFileSync(marker, 'utf8') : '');

      repo.git('status'); // the same repository read by plain git does run them: the attack is real
      assert.equal(existsSync(marker), true);
    });
  });

  describe('terminal output', () => {
    let repo: TempRepo;
    beforeEach(() => (repo = new TempRepo('preflight-terminal-')));
    afterEach(() => repo.remove());

    it('shows control characters from file names and SQL as visible escapes, and keeps them exact in JSON', () => {
      const name = 'db/migrations/V1__\x1b]0;owned\x07\x1b[2J\rfake.sql';
      repo.write(name, 'CREATE INDEX "ix\x1b[8m" ON orders (customer_id);\n');
      const text = preflight(repo.dir, 'scan');
      assert.doesNotMatch(text.stdout + text.stderr, RAW_CONTROL);
      assert.match(text.stdout, /^ {2}db\/migrations\/V1__\\x1b\]0;owned\\x07\\x1b\[2J\\rfake\.sql:1:1 {2}error/m);
      const json = JSON.parse(preflight(repo.dir, 'scan', '--format', 'json').stdout) as { findings: JsonFinding[] };
      assert.deepEqual([...new Set(json.findings.map((f) => f.file))], [name]);
    });
  });

  describe('the gate', () => {
    let repo: RepoWithRemote;
    beforeEach(() => (repo = new RepoWithRemote()));
    afterEach(() => repo.remove());

    const check = () => {
      const { code, stdout } = preflight(repo.clone.dir, 'check', '--offline', '--format', 'json');
      return {
        code,
        report: JSON.parse(stdout) as { verdict: string; findings: JsonFinding[]; reasons: Array<{ text: string; blocking: boolean }> },
      };
    };

    it('blocks a risky migration whose name has a newline, a leading dash or quotes', () => {
      for (const name of [
        'db/migrations/V2__a\nb.sql',
        'db/migrations/-V3__dash.sql',
        `db/migrations/V4__"q'uote.sql`,
        'db/migrations/\nV5__lead.sql',
      ]) {
        repo.clone.write(name, RISKY);
      }
      repo.clone.commitAll('risky migrations with odd names');
      const { code, report } = check();
      assert.equal(code, 1);
      assert.equal(report.verdict, 'block');
      const flagged = report.findings.filter((f) => f.ruleId === 'migration/require-concurrent-index-creation').map((f) => f.file);
      assert.deepEqual(flagged, [
        'db/migrations/\nV5__lead.sql',
        'db/migrations/-V3__dash.sql',
        'db/migrations/V2__a\nb.sql',
        `db/migrations/V4__"q'uote.sql`,
      ]);
    });

    it('says plainly when a push has more commits than it reads, instead of "Safe to push"', () => {
      repo.clone.write('db/migrations/V2__old.sql', RISKY).commitAll('risky, then buried');
      const head = repo.clone.git('rev-parse', 'HEAD').trim();
      const commits = Array.from(
        { length: 501 },
        (_, i) =>
          `commit refs/heads/main\ncommitter T <t@example.com> ${1700000000 + i} +0000\ndata 2\nc\n${i === 0 ? `from ${head}\n` : ''}M 100644 inline notes.txt\ndata ${String(i).length + 1}\n${i}\n\n`,
      ).join('');
      execFileSync('git', ['fast-import', '--quiet', '--force'], { cwd: repo.clone.dir, input: commits });
      repo.clone.git('reset', '-q', '--hard');
      const { report } = check();
      assert.equal(report.verdict, 'warn');
      assert.ok(
        report.reasons.some(
          (r) =>
            !r.blocking &&
            r.text ===
              "refs/heads/main sends more than 500 commits: only the changes of the newest 500 were analysed; run 'preflight scan' to check every file",
        ),
        JSON.stringify(report.reasons),
      );
    });

    it('treats an empty migration as valid and sees a risky one behind a UTF-8 BOM', () => {
      repo.clone.write('db/migrations/V2__empty.sql', '').write('db/migrations/V3__bom.sql', `\uFEFF${RISKY}`).commitAll('empty and BOM');
      const { report } = check();
      assert.deepEqual(
        report.findings
          .filter((f) => f.ruleId.startsWith('migration/parse') || f.ruleId === 'migration/require-concurrent-index-creation')
          .map((f) => [f.file, f.line, f.ruleId]),
        [['db/migrations/V3__bom.sql', 1, 'migration/require-concurrent-index-creation']],
      );
    });

    describe('when the hook cannot run Preflight', () => {
      const breakHook = (): void => {
        const hook = join(repo.clone.dir, '.git', 'hooks', 'pre-push');
        writeFileSync(hook, readFileSync(hook, 'utf8').replace(/^cli=.*$/m, "cli='/nonexistent/preflight/cli.js'"));
      };

      it('blocks the push by default, saying why and how to push anyway', () => {
        preflight(repo.clone.dir, 'hook', 'install');
        breakHook();
        repo.clone.write('src/app.ts', 'export {};\n').commitAll('code');
        const pushed = repo.push([]);
        assert.notEqual(pushed.code, 0);
        assert.match(
          pushed.stderr,
          /preflight: cannot find node or the Preflight CLI \(\/nonexistent\/preflight\/cli\.js\): the push is blocked because it could not be checked \(gate\.onError: block\)\./,
        );
        assert.match(pushed.stderr, /push anyway, once: git push --no-verify/);
        assert.notEqual(repo.remoteSha('main'), repo.clone.git('rev-parse', 'HEAD').trim());
      });

      it('lets it through with a loud warning under gate.onError: warn', () => {
        repo.clone.write('.preflight.yml', 'gate:\n  onError: warn\n').commitAll('config');
        preflight(repo.clone.dir, 'hook', 'install');
        breakHook();
        const pushed = repo.push([]);
        assert.equal(pushed.code, 0, pushed.stderr);
        assert.match(
          pushed.stderr,
          /WARNING: cannot find node or the Preflight CLI .*: this push was NOT checked \(gate\.onError: warn\)\./,
        );
        assert.equal(repo.remoteSha('main'), repo.clone.git('rev-parse', 'HEAD').trim());
      });
    });
  });
});
