import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullRequestLabels } from '../../../src/cli/ci-labels';

describe("the pull request's labels as the CI run gives them", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'preflight-labels-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads GitHub's event payload, GitLab's CI_MERGE_REQUEST_LABELS, and says nothing otherwise", () => {
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { labels: [{ name: 'db-reviewed' }, { name: 42 }, { name: 'urgent' }] } }));
    assert.deepEqual(pullRequestLabels({ GITHUB_EVENT_PATH: event }), ['db-reviewed', 'urgent']);
    assert.deepEqual(pullRequestLabels({ CI_MERGE_REQUEST_LABELS: 'a,b' }), ['a', 'b']);
    assert.deepEqual(pullRequestLabels({ CI_MERGE_REQUEST_LABELS: '' }), []);
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main' }));
    assert.equal(pullRequestLabels({ GITHUB_EVENT_PATH: event }), undefined, 'a push event has no pull request');
    writeFileSync(event, '{ not json');
    assert.equal(pullRequestLabels({ GITHUB_EVENT_PATH: event }), undefined);
    assert.equal(pullRequestLabels({}), undefined);
  });
});
