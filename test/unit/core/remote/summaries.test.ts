import assert from 'node:assert/strict';
import { parse, validate } from 'graphql';
import { remoteBlockers } from '../../../../src/core/remote/blockers';
import { checkRunState, requiredCheckNames, summarizeChecks } from '../../../../src/core/remote/checks';
import { nextPollDelay, POLL_INTERVALS } from '../../../../src/core/remote/poll-schedule';
import { PULL_REQUEST_QUERY, type CommitNode } from '../../../../src/core/remote/pull-request-query';
import { countOpenTasks } from '../../../../src/core/remote/reviews';
import { summarizeStaging } from '../../../../src/core/remote/staging';
import type { RemoteStatus } from '../../../../src/core/remote/types';
import { githubSchema } from '../../../support/fake-github/graphql';

describe('remote mirror summaries', () => {
  it("the pull request query is valid against GitHub's published GraphQL schema", function () {
    this.timeout(20_000);
    assert.deepEqual(
      validate(githubSchema(), parse(PULL_REQUEST_QUERY)).map((e) => e.message),
      [],
    );
  });

  it('maps every check run conclusion, honestly', () => {
    assert.equal(checkRunState('IN_PROGRESS', null), 'pending');
    assert.equal(checkRunState('QUEUED', null), 'pending');
    assert.equal(checkRunState('COMPLETED', 'SUCCESS'), 'success');
    assert.equal(checkRunState('COMPLETED', 'NEUTRAL'), 'neutral');
    assert.equal(checkRunState('COMPLETED', 'SKIPPED'), 'skipped');
    assert.equal(checkRunState('COMPLETED', 'CANCELLED'), 'cancelled');
    assert.equal(checkRunState('COMPLETED', 'TIMED_OUT'), 'failure');
    assert.equal(checkRunState('COMPLETED', 'ACTION_REQUIRED'), 'failure');
    assert.equal(checkRunState('COMPLETED', 'STARTUP_FAILURE'), 'failure');
  });

  it('orders checks required first, failing first, and adds required ones not reported', () => {
    const commit: CommitNode = {
      oid: 'abc',
      deployments: null,
      statusCheckRollup: {
        contexts: {
          nodes: [
            {
              __typename: 'CheckRun',
              name: 'docs',
              status: 'COMPLETED',
              conclusion: 'FAILURE',
              detailsUrl: null,
              startedAt: null,
              isRequired: false,
            },
            {
              __typename: 'CheckRun',
              name: 'unit',
              status: 'COMPLETED',
              conclusion: 'SUCCESS',
              detailsUrl: null,
              startedAt: null,
              isRequired: true,
            },
            {
              __typename: 'StatusContext',
              context: 'e2e',
              state: 'ERROR',
              targetUrl: 'https://ci/e2e',
              createdAt: '2026-11-20T10:00:00Z',
              isRequired: false,
            },
            {
              __typename: 'CheckRun',
              name: 'unit',
              status: 'COMPLETED',
              conclusion: 'FAILURE',
              detailsUrl: null,
              startedAt: null,
              isRequired: true,
            },
          ],
        },
      },
    };
    const checks = summarizeChecks(
      commit,
      requiredCheckNames(
        [{ type: 'required_status_checks', parameters: { required_status_checks: [{ context: 'e2e' }, { context: 'security' }] } }],
        ['unit'],
      ),
    );
    assert.deepEqual(
      checks.map((c) => `${c.name}:${c.state}:${c.required}`),
      ['e2e:failure:true', 'security:missing:true', 'unit:success:true', 'docs:failure:false'],
    );
  });

  it('counts unchecked task-list items, not checked ones or those in code blocks', () => {
    assert.equal(countOpenTasks(['- [ ] one\n- [x] two\n* [ ] three\n1. [ ] four\n```\n- [ ] code\n```\n-[ ] not a task', null]), 3);
  });

  it('decides the staging review from the deployment, then the QA check', () => {
    const commit: CommitNode = {
      oid: 'a',
      statusCheckRollup: null,
      deployments: {
        nodes: [
          {
            environment: 'Staging',
            createdAt: '2026-11-20T10:00:00Z',
            latestStatus: { state: 'SUCCESS', environmentUrl: 'https://stg', logUrl: null, createdAt: '2026-11-20T10:05:00Z' },
          },
        ],
      },
    };
    assert.equal(summarizeStaging(commit, [], [], {})?.state, 'success');
    assert.equal(
      summarizeStaging(commit, [], [{ name: 'qa/review', state: 'pending', required: false, url: undefined, kind: 'status' }], {
        check: 'qa/review',
      })?.state,
      'pending',
    );
    assert.equal(
      summarizeStaging(commit, [], [{ name: 'qa/review', state: 'failure', required: false, url: undefined, kind: 'status' }], {
        check: 'qa/review',
      })?.state,
      'failure',
    );
    assert.equal(summarizeStaging(undefined, [], [], {}), null);
    assert.equal(summarizeStaging(undefined, [], [], { label: 'qa-approved' })?.state, 'missing');
  });

  it('words the blockers a person acts on', () => {
    const status = {
      pullRequest: {
        number: 1,
        state: 'open' as const,
        url: '',
        title: '',
        draft: true,
        headSha: 'a',
        baseRef: 'main',
        mergeState: 'dirty' as const,
        headDiffers: false,
        requestedReviewers: [],
        labels: [],
      },
      checks: [{ name: 'unit', state: 'cancelled' as const, required: true, url: undefined, kind: 'check-run' as const }],
      reviews: {
        decision: 'review_required' as const,
        approvals: 0,
        changesRequestedBy: [],
        unresolvedThreads: 0,
        openTasks: 1,
        threads: [],
      },
      staging: null,
    };
    assert.deepEqual(remoteBlockers(status), [
      "required check 'unit' was cancelled",
      '1 open review task',
      'the PR has merge conflicts with main',
      'the PR is a draft',
    ]);
  });

  it('polls fast while something runs, slowly when settled, not at all when unfocused', () => {
    const base: RemoteStatus = {
      version: 1,
      repository: 'a/b',
      repositoryUrl: 'https://github.com/a/b',
      branch: 'x',
      localHeadSha: 'a',
      fetchedAt: '2026-11-22T00:00:00Z',
      stale: false,
      problem: undefined,
      pullRequest: {
        number: 1,
        state: 'open',
        url: '',
        title: '',
        draft: false,
        headSha: 'a',
        baseRef: 'main',
        mergeState: 'clean',
        headDiffers: false,
        requestedReviewers: [],
        labels: [],
      },
      checks: [{ name: 'unit', state: 'success', required: true, url: undefined, kind: 'check-run' }],
      reviews: { decision: 'approved', approvals: 1, changesRequestedBy: [], unresolvedThreads: 0, openTasks: 0, threads: [] },
      staging: null,
      blockers: [],
      rateLimit: undefined,
    };
    const now = Date.parse('2026-11-22T00:00:00Z');
    assert.equal(nextPollDelay(base, { focused: true, now }), POLL_INTERVALS.settled);
    assert.equal(nextPollDelay(base, { focused: false, now }), undefined);
    assert.equal(
      nextPollDelay({ ...base, checks: [{ ...base.checks[0], state: 'pending' }] }, { focused: true, now }),
      POLL_INTERVALS.pending,
    );
    assert.equal(nextPollDelay(base, { focused: true, now, lastPushAt: now - 5_000 }), POLL_INTERVALS.afterPush);
    assert.equal(
      nextPollDelay(
        { ...base, problem: { kind: 'rate-limited', message: '', retryAt: new Date(now + 600_000).toISOString() } },
        { focused: true, now },
      ),
      601_000,
    );
    assert.equal(nextPollDelay({ ...base, problem: { kind: 'signed-out', message: '' } }, { focused: true, now }), undefined);
  });
});
