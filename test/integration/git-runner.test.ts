import assert from 'node:assert/strict';
import { Git, GitCommandError, gitEnvironment, runGit } from '../../src/core/git/git';
import { TempRepo } from '../helpers/temp-repo';

describe('runGit (every git command Preflight runs)', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('a.txt', 'a\n').commitAll();
  });
  afterEach(() => repo.remove());

  it('returns the standard output, an empty one included', async () => {
    assert.equal(await runGit(repo.dir, ['ls-files', '-z']), 'a.txt\0');
    assert.equal(await runGit(repo.dir, ['diff', '--name-status', 'HEAD']), '');
  });

  it('rejects a failing command with its exit code and standard error, and tryRaw says undefined', async () => {
    const error = await runGit(repo.dir, ['rev-parse', '--verify', 'no-such-branch']).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof GitCommandError);
    assert.equal(error.exitCode, 128);
    assert.equal(error.message, 'fatal: Needed a single revision');
    assert.equal(await new Git(repo.dir).tryRaw('rev-parse', '--verify', '-q', 'no-such-branch'), undefined);
  });

  it('gives git no GIT_* variable: settings injected through GIT_CONFIG_COUNT do not reach it', async () => {
    const injected = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.pager', GIT_CONFIG_VALUE_0: 'touch /tmp/pwned' };
    Object.assign(process.env, injected);
    try {
      assert.equal(await new Git(repo.dir).tryRaw('config', '--get', 'core.pager'), undefined);
    } finally {
      for (const name of Object.keys(injected)) delete process.env[name];
    }
  });

  it('keeps the rest of the environment and drops editors, pagers and askpass programs', () => {
    assert.deepEqual(
      gitEnvironment({
        PATH: '/usr/bin',
        HOME: '/home/u',
        Git_Dir: '/elsewhere',
        GIT_SSH_COMMAND: 'x',
        EDITOR: 'vi',
        PAGER: 'less',
        SSH_ASKPASS: 'y',
      }),
      { PATH: '/usr/bin', HOME: '/home/u' },
    );
  });
});
