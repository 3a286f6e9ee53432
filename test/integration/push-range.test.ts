import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Git } from '../../src/core/git/git';
import { readLocalState } from '../../src/core/git/local-state';
import { commitsFromLog, currentBranchUpdate, MAX_RANGE_COMMITS, pushRange } from '../../src/core/git/push-range';
import { findRepository } from '../../src/core/git/repository-files';
import { describePush } from '../../src/core/push/push-change';
import { RepoWithRemote } from '../helpers/remote-repo';
import { BUILT_CLI } from '../helpers/built-cli';

describe('the push range, from one git log', () => {
  let repo: RepoWithRemote;
  beforeEach(() => (repo = new RepoWithRemote()));
  afterEach(() => repo.remove());

  const sha = (rev: string) => repo.clone.git('rev-parse', rev).trim();

  async function rangeOfCheck() {
    const git = new Git(repo.clone.dir);
    const local = await readLocalState(git, false);
    return pushRange(git, 'origin', currentBranchUpdate(local)!);
  }

  it('lists the commits newest first, the paths they send (not deleted ones) and the commit the remote has', async () => {
    repo.clone.write('a.txt', 'a\n').write('b.txt', 'b\n').commitAll('base');
    repo.clone.git('push', '-q');
    const remoteHas = sha('HEAD');
    repo.clone.write('c.txt', 'c\n').write('\nnewline-first.txt', 'n\n').commitAll('first');
    repo.clone.git('rm', '-q', 'b.txt');
    repo.clone.git('mv', 'a.txt', 'moved.txt');
    repo.clone.commitAll('second');
    const range = await rangeOfCheck();
    assert.deepEqual(range.commits, [sha('HEAD'), sha('HEAD~1')]);
    assert.deepEqual(range.files, ['\nnewline-first.txt', 'c.txt', 'moved.txt']);
    assert.equal(range.base, remoteHas);
    assert.equal(range.truncated, false);
    const change = await describePush(new Git(repo.clone.dir), range);
    assert.equal(change?.base, remoteHas);
  });

  it('leaves out of the boundary a remote commit this clone does not have, and a merge sends no paths of its own', async () => {
    repo.clone.git('checkout', '-q', '-b', 'side');
    repo.clone.write('side.txt', 's\n').commitAll('side');
    repo.clone.git('checkout', '-q', 'main');
    repo.clone.write('main.txt', 'm\n').commitAll('main');
    repo.clone.git('merge', '-q', '--no-edit', 'side');
    const git = new Git(repo.clone.dir);
    const unknown = 'f'.repeat(40);
    const range = await pushRange(git, 'origin', {
      localRef: 'refs/heads/main',
      localSha: sha('HEAD'),
      remoteRef: 'refs/heads/main',
      remoteSha: unknown,
    });
    assert.deepEqual(range.commits, repo.clone.git('rev-list', 'HEAD', '--not', '--remotes=origin').trim().split('\n'));
    assert.equal(range.commits.length, 3);
    assert.deepEqual(range.files, ['main.txt', 'side.txt']);
    const known = await pushRange(git, 'origin', {
      localRef: 'refs/heads/main',
      localSha: sha('HEAD'),
      remoteRef: 'refs/heads/main',
      remoteSha: sha('side'),
    });
    assert.deepEqual(known.commits, [sha('HEAD'), sha('HEAD^1')]);
  });

  it(`reads the newest ${MAX_RANGE_COMMITS} commits of a longer push, and says so`, async () => {
    // fast-import: 501 commits in one process
    const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
    const stream = Array.from(
      { length: MAX_RANGE_COMMITS + 1 },
      (_, i) =>
        `commit refs/heads/main\ncommitter T <t@example.com> ${1_700_000_000 + i} +0000\n${data(`c${i}`)}${i === 0 ? `from ${sha('HEAD')}\n` : ''}M 644 inline f${i}.txt\n${data(`${i}`)}\n`,
    ).join('');
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.clone.dir, input: stream });
    repo.clone.git('reset', '-q', '--hard', 'main');
    const range = await rangeOfCheck();
    assert.equal(range.commits.length, MAX_RANGE_COMMITS);
    assert.equal(range.truncated, true);
    assert.equal(range.commits[0], sha('HEAD'));
    assert.equal(range.base, sha(`HEAD~${MAX_RANGE_COMMITS}`));
    assert.equal(range.files.length, MAX_RANGE_COMMITS);
    assert.equal(range.files.includes('f0.txt'), false);
  });

  it('says whether the clone is shallow with the repository root', async () => {
    assert.deepEqual(await findRepository(join(repo.clone.dir)), { root: repo.clone.dir, shallow: false });
    const shallow = mkdtempSync(join(tmpdir(), 'preflight-shallow-'));
    try {
      repo.clone.write('x.txt', 'x\n').commitAll('two');
      repo.clone.git('push', '-q');
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.bare}`, shallow]);
      assert.deepEqual(await findRepository(shallow), { root: shallow, shallow: true });
    } finally {
      rmSync(shallow, { recursive: true, force: true });
    }
  });
});

describe('commitsFromLog', () => {
  it('reads ids, first parents and sent paths; a path may begin with a newline', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const c = 'c'.repeat(40);
    const log = `\0${a}\0${b} ${c}\0\0${b}\0${c}\0\nR100\0old.txt\0new.txt\0D\0gone.txt\0M\0\nodd.txt\0\0${c}\0\0\nA\0first.txt\0T\0link\0`;
    assert.deepEqual(commitsFromLog(log), [
      { id: a, firstParent: b, sentPaths: [] },
      { id: b, firstParent: c, sentPaths: ['new.txt', '\nodd.txt'] },
      { id: c, firstParent: undefined, sentPaths: ['first.txt'] },
    ]);
    assert.deepEqual(commitsFromLog(''), []);
  });
});

describe('preflight check: git processes', () => {
  let repo: RepoWithRemote;
  let bin: string;
  beforeEach(() => {
    repo = new RepoWithRemote();
    bin = mkdtempSync(join(tmpdir(), 'preflight-git-log-'));
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${join(bin, 'calls')}"\nexec "${realGit}" "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
  });
  afterEach(() => {
    repo.remove();
    rmSync(bin, { recursive: true, force: true });
  });

  it('runs five for a one-file push, each with the hooks and the file-system monitor switched off', () => {
    repo.clone.write('db/migrate/20240101000000_add_index.rb', 'class AddIndex < ActiveRecord::Migration[7.1]\nend\n').commitAll('one');
    execFileSync(process.execPath, [BUILT_CLI, 'check', '--offline', '--format', 'json'], {
      cwd: repo.clone.dir,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    const calls = readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n');
    const safety = '-c core.quotepath=false -c core.fsmonitor=false -c core.hooksPath=/dev/null ';
    assert.deepEqual(
      calls.map((call) => (call.startsWith(safety) ? call.slice(safety.length).split(' ')[0] : `unsafe: ${call}`)),
      ['rev-parse', 'status', 'log', 'diff', 'cat-file'],
    );
  });
});
