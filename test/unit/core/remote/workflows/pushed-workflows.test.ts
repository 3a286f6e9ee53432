import assert from 'node:assert/strict';
import { Git } from '../../../../../src/core/git/git';
import { readPushFacts, readWorkflows } from '../../../../../src/core/remote/workflows/pushed-workflows';
import { TempRepo } from '../../../../helpers/temp-repo';

describe('what GitHub would see of a push, read from git', function () {
  this.timeout(20_000);
  let repo: TempRepo;
  let git: Git;

  beforeEach(() => {
    repo = new TempRepo('preflight-pushed-workflows-');
    repo
      .write('.github/workflows/ci.yml', 'on: pull_request\njobs:\n  unit: { runs-on: x }\n')
      .write('.github/workflows/nested/ignored.yml', 'on: pull_request\njobs:\n  nested: { runs-on: x }\n')
      .write('.github/workflows/README.md', 'not a workflow\n')
      .write('api/orders.ts', '1\n')
      .write('docs/old-name.md', 'docs\n')
      .commitAll('initial');
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    repo.git('checkout', '-q', '-b', 'feature/x');
    git = new Git(repo.dir);
  });

  afterEach(() => repo.remove());

  const head = () => repo.git('rev-parse', 'HEAD').trim();

  it("reads the workflow files of the commit, not the working tree or a subfolder's", async () => {
    repo.write('.github/workflows/e2e.yaml', 'on: push\njobs:\n  e2e: { runs-on: x }\n').commitAll('e2e');
    repo.write('.github/workflows/uncommitted.yml', 'on: push\njobs:\n  draft: { runs-on: x }\n');
    const workflows = await readWorkflows(git, head());
    assert.deepEqual(
      workflows.map((w) => [w.path, w.jobs.map((j) => j.id)]),
      [
        ['.github/workflows/ci.yml', ['unit']],
        ['.github/workflows/e2e.yaml', ['e2e']],
      ],
    );
    assert.deepEqual(await readWorkflows(git, 'HEAD~1'), [workflows[0]]);
  });

  it('a new branch: push paths from the parent of its oldest commit, pull request paths from the merge base', async () => {
    repo.write('api/orders.ts', '2\n').commitAll('one');
    repo.git('mv', 'docs/old-name.md', 'docs/new-name.md');
    repo.commitAll('two');
    const facts = await readPushFacts(git, { head: head(), branch: 'feature/x', baseRef: 'main', remote: 'origin' });
    const changed = ['api/orders.ts', 'docs/new-name.md', 'docs/old-name.md'];
    assert.deepEqual(facts, {
      branch: 'feature/x',
      baseRef: 'main',
      headMessage: 'two\n\n',
      pullRequestFiles: changed,
      pushFiles: changed,
      pushRunsInBase: true,
    });
  });

  it('a branch already on the remote: push paths only from its remote head; the pull request keeps its whole diff', async () => {
    repo.write('api/orders.ts', '2\n').commitAll('pushed before');
    repo.git('update-ref', 'refs/remotes/origin/feature/x', 'HEAD');
    repo.write('web/cart.ts', '1\n').commitAll('new');
    const facts = await readPushFacts(git, { head: head(), branch: 'feature/x', baseRef: 'main', remote: 'origin' });
    assert.deepEqual([facts.pushFiles, facts.pullRequestFiles], [['web/cart.ts'], ['api/orders.ts', 'web/cart.ts']]);
    const nothingNew = await readPushFacts(git, {
      head: head(),
      branch: 'feature/x',
      baseRef: 'main',
      remote: 'origin',
      remoteHead: head(),
    });
    assert.equal(nothingNew.pushFiles, 'unknown');
  });

  it('an unfetched base branch, or none on a fork without its parent as a remote: the pull request diff is unknown', async () => {
    repo.write('api/orders.ts', '2\n').commitAll('one');
    const facts = await readPushFacts(git, { head: head(), branch: 'feature/x', baseRef: 'release/2.0', remote: 'origin' });
    assert.equal(facts.pullRequestFiles, 'unknown');
    const fork = await readPushFacts(git, { head: head(), branch: 'feature/x', baseRef: 'main', remote: 'origin', baseRemote: null });
    assert.equal(fork.pullRequestFiles, 'unknown');
  });
});
