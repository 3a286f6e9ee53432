import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CommandIo } from '../../../src/cli/io';
import { TempRepo } from '../../helpers/temp-repo';

function captureIo(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, env: {}, color: false, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), readStdin: async () => '' };
}

describe('preflight CLI', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.remove());

  it('prints help and exits 0 with --help, 2 with no command', async () => {
    const io = captureIo(repo.dir);
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.stdout.join('\n'), /Usage: preflight <command>/);
    assert.equal(await main([], captureIo(repo.dir)), 2);
  });

  it('rejects an unknown command and a bad option on stderr with exit 2', async () => {
    const io = captureIo(repo.dir);
    assert.equal(await main(['scna'], io), 2);
    assert.match(io.stderr.join('\n'), /Unknown command 'scna'/);
    const badFormat = captureIo(repo.dir);
    assert.equal(await main(['scan', '--format', 'xml'], badFormat), 2);
    assert.match(badFormat.stderr.join('\n'), /--format must be one of text, json, sarif, github, gitlab, not 'xml'/);
    const badFlag = captureIo(repo.dir);
    assert.equal(await main(['scan', '--frmat', 'json'], badFlag), 2);
    assert.match(badFlag.stderr.join('\n'), /Unknown option '--frmat'/);
    for (const jobs of ['0', 'two', '1.5', '99999']) {
      const badJobs = captureIo(repo.dir);
      assert.equal(await main(['scan', '--jobs', jobs], badJobs), 2, jobs);
      assert.deepEqual(badJobs.stderr, [`preflight: --jobs must be a number of threads (1 or more) or 'auto', not '${jobs}'.`]);
    }
  });

  it('scans a repository with no commits and no config: an empty result', async () => {
    repo.write('src/app.ts', 'export const x = 1;\n');
    const io = captureIo(repo.dir);
    assert.equal(await main(['scan', '--format', 'json'], io), 0);
    assert.deepEqual(JSON.parse(io.stdout.join('\n')), { version: 1, findings: [], skipped: [] });
    const text = captureIo(repo.dir);
    assert.equal(await main(['scan'], text), 0);
    assert.equal(text.stdout.join('\n'), 'No problems found.');
  });

  it('reports a broken config with file, line and reason, and exits 2', async () => {
    repo.write('.preflight.yml', 'version: 1\ngate:\n  blokOn: error\n');
    const io = captureIo(repo.dir);
    assert.equal(await main(['scan', '--format', 'json', '--root', repo.dir], io), 2);
    const { findings } = JSON.parse(io.stdout.join('\n'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].file, '.preflight.yml');
    assert.equal(findings[0].line, 3);
    assert.equal(findings[0].ruleId, 'config/invalid');
    assert.match(findings[0].message, /Unknown key 'blokOn' in 'gate' \(did you mean 'blockOn'\?\)/);
    assert.match(io.stderr.join('\n'), /\.preflight\.yml: configuration has 1 problem/);
  });

  it('prints text findings as file:line:col', async () => {
    repo.write('.preflight.yml', 'gate: [\n');
    const io = captureIo(repo.dir);
    assert.equal(await main(['scan'], io), 2);
    assert.match(io.stdout.join('\n'), /^ {2}\.preflight\.yml:\d+:\d+ {2}error +YAML syntax error/m);
  });
});
