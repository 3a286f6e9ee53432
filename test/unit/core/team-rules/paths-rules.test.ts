import assert from 'node:assert/strict';
import { parseConfig } from '../../../../src/core/engine/registry';
import type { Finding } from '../../../../src/core/findings/finding';
import type { ChangedFile } from '../../../../src/core/push/push-change';
import type { PushView } from '../../../../src/core/push/push-view';
import type { PullRequestSummary, RemoteStatus } from '../../../../src/core/remote/types';
import { pathsRulesAnalyzer } from '../../../../src/core/team-rules/paths-rules';

const CONFIG = parseConfig(
  `rules:
  - id: schema-with-migration
    message: A migration must come with db/schema.rb.
    severity: error
    paths:
      changed: db/migrate/**
      requires: db/schema.rb
  - id: workflow-review
    message: CI changes need a CI review.
    paths:
      changed: .github/workflows/**
      label: ci-review
`,
  '.preflight.yml',
).config;

/** Paths rules look only at the list of changed files and the pull request: no git needed. */
async function check(files: ChangedFile[], pullRequest?: Partial<RemoteStatus>): Promise<Finding[]> {
  const push = { files } as unknown as PushView;
  const status = pullRequest && ({ fetchedAt: new Date().toISOString(), pullRequest: null, ...pullRequest } as RemoteStatus);
  return pathsRulesAnalyzer.analyzePush({ config: CONFIG, root: '/repo', push, pullRequest: async () => status });
}

const PR: PullRequestSummary = {
  number: 42,
  state: 'open',
  url: '',
  title: 't',
  draft: false,
  headSha: 'a',
  baseRef: 'main',
  mergeState: 'clean',
  headDiffers: false,
  requestedReviewers: [],
  labels: [],
};

describe('team rules: paths (push scope)', () => {
  it('reports each triggering file when the required companion change is missing', async () => {
    const findings = await check([
      { path: 'db/migrate/20260101_add_sku.rb', status: 'added' },
      { path: 'app/models/order.rb', status: 'modified' },
    ]);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, f.file, f.line]),
      [['team/schema-with-migration', 'error', 'db/migrate/20260101_add_sku.rb', 1]],
    );
    assert.match(
      findings[0].message,
      /A migration must come with db\/schema.rb. \(changed in this push; nothing in the push changes db\/schema.rb\)/,
    );
  });

  it('is satisfied by the companion change, and silent when nothing triggers it', async () => {
    assert.deepEqual(
      await check([
        { path: 'db/migrate/1_a.rb', status: 'added' },
        { path: 'db/schema.rb', status: 'modified' },
      ]),
      [],
    );
    assert.deepEqual(await check([{ path: 'app/models/order.rb', status: 'modified' }]), []);
  });

  it('counts a deleted or renamed-away file as a change', async () => {
    const findings = await check([{ path: 'db/old/1_a.rb', oldPath: 'db/migrate/1_a.rb', status: 'renamed' }]);
    assert.deepEqual(
      findings.map((f) => f.file),
      ['db/old/1_a.rb'],
    );
  });

  it('wants the label on the pull request, and says why when it is missing', async () => {
    const workflow: ChangedFile[] = [{ path: '.github/workflows/ci.yml', status: 'modified' }];
    assert.deepEqual(await check(workflow, { pullRequest: { ...PR, labels: ['ci-review'] } }), []);
    assert.match(
      (await check(workflow, { pullRequest: { ...PR, labels: ['bug'] } }))[0].message,
      /pull request #42 does not have the 'ci-review' label/,
    );
    assert.match(
      (await check(workflow, { pullRequest: null }))[0].message,
      /needs a pull request with the 'ci-review' label \(none is open/,
    );
    assert.match((await check(workflow))[0].message, /pull request's state is not known/);
  });

  it('lists its rules for ignore comments and docs', () => {
    assert.deepEqual(
      pathsRulesAnalyzer.rules({ config: CONFIG, root: '/repo' }).map((r) => r.id),
      ['team/schema-with-migration', 'team/workflow-review'],
    );
  });
});
