import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import type { Scenario, ScenarioPullRequest } from './scenario';

let schema: GraphQLSchema | undefined;

/** GitHub's published GraphQL schema (from @octokit/graphql-schema), built once per process. */
export function githubSchema(): GraphQLSchema {
  const file = join(__dirname, '..', '..', '..', 'node_modules', '@octokit', 'graphql-schema', 'schema.graphql');
  // The published SDL repeats two enterprise fields; they are irrelevant here, so skip SDL validation.
  schema ??= buildSchema(readFileSync(file, 'utf8'), { assumeValidSDL: true });
  return schema;
}

/** Runs a query against GitHub's real schema, resolving it from the scenario: the shape is GitHub's, not ours. */
export async function executeGraphql(
  scenario: Scenario,
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> | undefined,
): Promise<unknown> {
  const [owner, name] = scenario.repository.split('/');
  const rootValue = {
    repository: (args: { owner: string; name: string }) =>
      args.owner === owner && args.name === name ? repositoryNode(scenario, baseUrl) : null,
  };
  if (scenario.noMergeQueues && /\bmergeQueueEntry\b/.test(query))
    return {
      errors: [
        {
          message: "Field 'mergeQueueEntry' doesn't exist on type 'PullRequest'",
          locations: [{ line: 1, column: 1 }],
          path: ['query'],
          extensions: { code: 'undefinedField', typeName: 'PullRequest', fieldName: 'mergeQueueEntry' },
        },
      ],
    };
  return graphql({ schema: githubSchema(), source: query, rootValue, variableValues: variables });
}

function repositoryNode(scenario: Scenario, baseUrl: string) {
  return {
    pullRequest: ({ number }: { number: number }) => {
      const pr = scenario.pullRequests.find((p) => p.number === number);
      return pr ? pullRequestNode(scenario, pr, baseUrl) : null;
    },
  };
}

function pullRequestNode(scenario: Scenario, pr: ScenarioPullRequest, baseUrl: string) {
  const url = `${baseUrl}/${scenario.repository}/pull/${pr.number}`;
  const required = new Set([...(scenario.rulesets?.[pr.base] ?? []), ...(scenario.branchProtection?.[pr.base] ?? [])]);
  const user = (login: string) => ({ __typename: 'User', login });
  return {
    number: pr.number,
    url,
    title: pr.title,
    isDraft: pr.draft ?? false,
    body: pr.body ?? '',
    headRefName: pr.head,
    headRefOid: pr.headSha,
    baseRefName: pr.base,
    mergeStateStatus: pr.mergeStateStatus ?? 'CLEAN',
    reviewDecision: pr.reviewDecision ?? null,
    mergeQueueEntry: pr.mergeQueue ? { estimatedTimeToMerge: null, ...pr.mergeQueue } : null,
    labels: { nodes: (pr.labels ?? []).map((label) => ({ name: label })) },
    reviewRequests: { nodes: (pr.requestedReviewers ?? []).map((login) => ({ requestedReviewer: user(login) })) },
    latestOpinionatedReviews: {
      nodes: latestPerAuthor(pr.reviews ?? []).map((review, index) => ({
        state: review.state,
        submittedAt: review.submittedAt ?? '2026-11-20T10:00:00Z',
        body: review.body ?? '',
        url: `${url}#pullrequestreview-${index + 1}`,
        author: user(review.author),
      })),
    },
    reviewThreads: {
      totalCount: (pr.threads ?? []).length,
      nodes: (pr.threads ?? []).map((thread, t) => ({
        isResolved: thread.resolved ?? false,
        isOutdated: false,
        path: thread.path,
        line: thread.line ?? null,
        comments: {
          nodes: thread.comments.map((comment, c) => ({
            body: comment.body,
            url: `${url}#discussion_r${t + 1}0${c}`,
            author: user(comment.author),
          })),
        },
      })),
    },
    baseRef: {
      branchProtectionRule: scenario.branchProtection?.[pr.base]
        ? { requiredStatusCheckContexts: scenario.branchProtection[pr.base] }
        : null,
    },
    commits: {
      nodes: [
        {
          commit: {
            oid: pr.headSha,
            statusCheckRollup: pr.checkRuns || pr.statuses ? { contexts: { nodes: rollupContexts(pr, required) } } : null,
            deployments: ({ environments }: { environments?: string[] }) => ({
              nodes: (pr.deployments ?? [])
                .filter((d) => !environments || environments.includes(d.environment))
                .map((d) => ({
                  environment: d.environment,
                  createdAt: d.createdAt ?? '2026-11-20T10:00:00Z',
                  latestStatus: {
                    state: d.state,
                    environmentUrl: d.url ?? null,
                    logUrl: null,
                    createdAt: d.createdAt ?? '2026-11-20T10:00:00Z',
                  },
                })),
            }),
          },
        },
      ],
    },
  };
}

function rollupContexts(pr: ScenarioPullRequest, required: ReadonlySet<string>) {
  const isRequired = (name: string) => () => required.has(name);
  return [
    ...(pr.checkRuns ?? []).map((run) => ({
      __typename: 'CheckRun',
      name: run.name,
      status: run.status,
      conclusion: run.conclusion ?? null,
      detailsUrl: run.url ?? null,
      startedAt: run.startedAt ?? '2026-11-20T10:00:00Z',
      isRequired: isRequired(run.name),
      databaseId: run.id ?? null,
      checkSuite: { workflowRun: run.workflowRunId ? { databaseId: run.workflowRunId } : null },
    })),
    ...(pr.statuses ?? []).map((status) => ({
      __typename: 'StatusContext',
      context: status.context,
      state: status.state,
      targetUrl: status.url ?? null,
      createdAt: status.createdAt ?? '2026-11-20T10:00:00Z',
      isRequired: isRequired(status.context),
    })),
  ];
}

function latestPerAuthor<T extends { author: string }>(reviews: readonly T[]): T[] {
  const byAuthor = new Map<string, T>();
  for (const review of reviews) byAuthor.set(review.author, review);
  return [...byAuthor.values()];
}
