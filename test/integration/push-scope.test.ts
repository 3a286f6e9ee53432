import assert from 'node:assert/strict';
import { runGate } from '../../src/core/gate/run-gate';
import { Git } from '../../src/core/git/git';
import { currentBranchUpdate, pushRange } from '../../src/core/git/push-range';
import { describePush } from '../../src/core/push/push-change';
import { PushView } from '../../src/core/push/push-view';
import { RepoWithRemote } from '../helpers/remote-repo';

const PATHS_RULE = `rules:
  - id: schema-with-migration
    message: A migration must come with db/schema.rb.
    severity: error
    paths:
      changed: db/migrate/**
      requires: db/schema.rb
  - id: no-console-log
    message: Use the logger.
    files: "src/**"
    regex: 'console\\.log\\('
    scope: changed
`;

describe('push scope: the push as a whole, against a real remote', () => {
  let repo: RepoWithRemote;
  beforeEach(() => (repo = new RepoWithRemote()));
  afterEach(() => repo.remove());

  async function view(): Promise<PushView> {
    const git = new Git(repo.clone.dir);
    const update = currentBranchUpdate({ branch: 'main', upstream: 'origin/main', head: repo.clone.git('rev-parse', 'HEAD').trim() });
    const change = await describePush(git, await pushRange(git, 'origin', update!));
    return new PushView(git, change!);
  }

  it('describes the net change of the pushed commits: added, modified, deleted, renamed', async () => {
    repo.clone.write('a.txt', 'a\n').write('b.txt', 'b\n').write('long.txt', 'one\ntwo\nthree\nfour\nfive\n').commitAll('base');
    repo.clone.git('push', '-q');
    repo.clone.write('a.txt', 'a2\n').write('c.txt', 'c\n').commitAll('first');
    repo.clone.git('rm', '-q', 'b.txt');
    repo.clone.git('mv', 'long.txt', 'moved.txt');
    repo.clone.commitAll('second\n\nPreflight-No-Test: docs only\n');
    const push = await view();
    assert.deepEqual(
      push.files.map((f) => [f.status, f.path, f.oldPath]),
      [
        ['modified', 'a.txt', undefined],
        ['deleted', 'b.txt', undefined],
        ['added', 'c.txt', undefined],
        ['renamed', 'moved.txt', 'long.txt'],
      ],
    );
    assert.equal(await push.headText('a.txt'), 'a2\n');
    assert.equal(await push.baseText('a.txt'), 'a\n');
    assert.equal(await push.headText('b.txt'), undefined);
    assert.equal(await push.baseText('c.txt'), undefined);
    assert.deepEqual(await push.trailers('Preflight-No-Test'), ['docs only']);
    assert.deepEqual(await push.grep(['three']), [{ path: 'moved.txt', line: 3, text: 'three' }]);
  });

  it('describes a first push of a branch with a root commit against the empty tree', async () => {
    repo.clone.git('checkout', '-q', '--orphan', 'fresh');
    repo.clone.write('x.txt', 'x\n').commitAll('root');
    const git = new Git(repo.clone.dir);
    const update = currentBranchUpdate({ branch: 'fresh', upstream: undefined, head: repo.clone.git('rev-parse', 'HEAD').trim() });
    const push = await describePush(git, await pushRange(git, 'origin', update!));
    assert.ok(push!.files.some((f) => f.path === 'x.txt' && f.status === 'added'));
  });

  it('runs paths rules in the gate: a migration without the schema blocks, with it passes', async () => {
    repo.clone.write('.preflight.yml', PATHS_RULE).commitAll('config');
    repo.clone.git('push', '-q');
    repo.clone.write('db/migrate/20260101_add_sku.rb', 'class AddSku < ActiveRecord::Migration[7.1]\nend\n').commitAll('migration');
    const blocked = await runGate({ dir: repo.clone.dir });
    assert.equal(blocked.verdict, 'block');
    const finding = blocked.findings.find((f) => f.ruleId === 'team/schema-with-migration');
    assert.equal(finding?.file, 'db/migrate/20260101_add_sku.rb');
    assert.equal(finding?.scope, 'push');
    repo.clone.write('db/schema.rb', 'ActiveRecord::Schema.define {}\n').commitAll('schema');
    const passed = await runGate({ dir: repo.clone.dir });
    assert.equal(
      passed.findings.some((f) => f.ruleId === 'team/schema-with-migration'),
      false,
    );
  });

  it('honours a preflight-ignore-file comment in the file a push-scope finding lands on', async () => {
    repo.clone.write('.preflight.yml', PATHS_RULE).commitAll('config');
    repo.clone.git('push', '-q');
    repo.clone
      .write(
        'db/migrate/1_data_only.rb',
        '# preflight-ignore-file team/schema-with-migration -- data migration, no schema change\nclass DataOnly; end\n',
      )
      .commitAll('data');
    const report = await runGate({ dir: repo.clone.dir });
    assert.equal(
      report.findings.some((f) => f.ruleId === 'team/schema-with-migration'),
      false,
    );
  });

  it('limits scope: changed rules to the lines the push changes', async () => {
    repo.clone.write('.preflight.yml', PATHS_RULE).write('src/legacy.ts', 'console.log(1);\nexport const a = 1;\n').commitAll('legacy');
    repo.clone.git('push', '-q');
    repo.clone.write('src/legacy.ts', 'console.log(1);\nexport const a = 1;\nconsole.log(a);\n').commitAll('more logging');
    const report = await runGate({ dir: repo.clone.dir });
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'team/no-console-log').map((f) => [f.file, f.line]),
      [['src/legacy.ts', 3]],
    );
  });
});
