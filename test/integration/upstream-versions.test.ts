import assert from 'node:assert/strict';
import { Git } from '../../src/core/git/git';
import { UpstreamVersions } from '../../src/core/git/upstream-versions';
import { RepoWithRemote } from '../helpers/remote-repo';
import { TempRepo } from '../helpers/temp-repo';

/** A real git that counts the processes it starts. */
class CountingGit extends Git {
  readonly commands: string[] = [];
  override async tryRaw(...args: string[]): Promise<string | undefined> {
    this.commands.push(args.join(' '));
    return super.tryRaw(...args);
  }
  override async readBlobs(specs: readonly string[]): Promise<Map<string, Buffer>> {
    this.commands.push(`cat-file ${specs.join(' ')}`);
    return super.readBlobs(specs);
  }
}

describe('UpstreamVersions (the editor’s upstream files for rules about changes)', () => {
  let remote: RepoWithRemote;
  beforeEach(() => {
    remote = new RepoWithRemote();
    remote.clone.write('app/job.rb', 'class Job; end\n').commitAll('job');
    remote.clone.git('push', '-q');
  });
  afterEach(() => remote.remove());

  it('reads each file as the upstream has it, a new file as undefined text, and resolves the upstream once', async () => {
    const upstream = remote.clone.git('rev-parse', 'origin/main').trim();
    remote.clone.write('app/job.rb', 'class Job; def perform(a); end; end\n').commitAll('local change');
    const git = new CountingGit(remote.clone.dir);
    const versions = new UpstreamVersions(git);

    assert.deepEqual(await versions.versionOf('app/job.rb'), { text: 'class Job; end\n' });
    assert.deepEqual(await versions.versionOf('app/new_job.rb'), { text: undefined });
    assert.deepEqual(await versions.versionOf('app/job.rb'), { text: 'class Job; end\n' });
    assert.deepEqual(git.commands, [
      'rev-parse --verify -q @{upstream}',
      `cat-file ${upstream}:app/job.rb`,
      `cat-file ${upstream}:app/new_job.rb`,
    ]);
  });

  it('says nothing is known when the branch has no upstream and there is no origin/HEAD', async () => {
    const alone = new TempRepo();
    try {
      alone.write('a.rb', 'x\n').commitAll();
      const git = new CountingGit(alone.dir);
      assert.equal(await new UpstreamVersions(git).versionOf('a.rb'), undefined);
      assert.deepEqual(git.commands, ['rev-parse --verify -q @{upstream}', 'rev-parse --verify -q origin/HEAD']);
    } finally {
      alone.remove();
    }
  });
});
