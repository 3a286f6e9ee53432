/**
 * One GraphQL query reads everything the mirror shows about a pull request: checks and
 * statuses with `isRequired`, reviews, review threads, the staging deployment of the head commit.
 * Validated against GitHub's published schema by a unit test.
 */
export const PULL_REQUEST_QUERY = /* GraphQL */ `
  query PreflightPullRequest($owner: String!, $name: String!, $number: Int!, $environments: [String!]) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        number
        url
        title
        isDraft
        body
        headRefName
        headRefOid
        baseRefName
        mergeStateStatus
        reviewDecision
        mergeQueueEntry {
          position
          state
          enqueuedAt
          estimatedTimeToMerge
        }
        labels(first: 50) {
          nodes {
            name
          }
        }
        reviewRequests(first: 50) {
          nodes {
            requestedReviewer {
              __typename
              ... on User {
                login
              }
              ... on Team {
                slug
              }
              ... on Bot {
                login
              }
              ... on Mannequin {
                login
              }
            }
          }
        }
        latestOpinionatedReviews(first: 50) {
          nodes {
            state
            submittedAt
            body
            url
            author {
              login
            }
          }
        }
        reviewThreads(first: 100) {
          totalCount
          nodes {
            isResolved
            isOutdated
            path
            line
            comments(first: 30) {
              nodes {
                body
                url
                author {
                  login
                }
              }
            }
          }
        }
        baseRef {
          branchProtectionRule {
            requiredStatusCheckContexts
          }
        }
        commits(last: 1) {
          nodes {
            commit {
              oid
              statusCheckRollup {
                contexts(first: 100) {
                  nodes {
                    __typename
                    ... on CheckRun {
                      name
                      status
                      conclusion
                      detailsUrl
                      startedAt
                      isRequired(pullRequestNumber: $number)
                      databaseId
                      checkSuite {
                        workflowRun {
                          databaseId
                        }
                      }
                    }
                    ... on StatusContext {
                      context
                      state
                      targetUrl
                      createdAt
                      isRequired(pullRequestNumber: $number)
                    }
                  }
                }
              }
              deployments(environments: $environments, last: 10) {
                nodes {
                  environment
                  createdAt
                  latestStatus {
                    state
                    environmentUrl
                    logUrl
                    createdAt
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

/**
 * The same query for a GitHub Enterprise Server that predates merge queues: it refuses a query
 * naming a field it does not have, so the mirror asks again without it.
 */
export const PULL_REQUEST_QUERY_WITHOUT_MERGE_QUEUE = PULL_REQUEST_QUERY.replace(/\n\s*mergeQueueEntry \{[^}]*\}/, '');

/** GraphQL's answer to a field the server's schema lacks, as GitHub gives it. */
export function lacksMergeQueue(error: unknown): boolean {
  const errors = (error as { errors?: Array<{ message?: string; extensions?: { fieldName?: string } }> }).errors;
  return (errors ?? []).some((e) => e.extensions?.fieldName === 'mergeQueueEntry' || /\bmergeQueueEntry\b/.test(e.message ?? ''));
}

export interface PullRequestQueryResult {
  repository: { pullRequest: PullRequestNode | null } | null;
}

export interface PullRequestNode {
  number: number;
  url: string;
  title: string;
  isDraft: boolean;
  body: string;
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  mergeStateStatus: string;
  reviewDecision: string | null;
  /** Absent when the server has no merge queues (older GitHub Enterprise Server). */
  mergeQueueEntry?: { position: number; state: string; enqueuedAt: string; estimatedTimeToMerge: number | null } | null;
  labels: { nodes: Array<{ name: string } | null> | null } | null;
  reviewRequests: {
    nodes: Array<{ requestedReviewer: { __typename: string; login?: string; slug?: string } | null } | null> | null;
  } | null;
  latestOpinionatedReviews: { nodes: Array<ReviewNode | null> | null } | null;
  reviewThreads: { totalCount: number; nodes: Array<ReviewThreadNode | null> | null };
  baseRef: { branchProtectionRule: { requiredStatusCheckContexts: Array<string | null> | null } | null } | null;
  commits: { nodes: Array<{ commit: CommitNode } | null> | null };
}

export interface ReviewNode {
  state: string;
  submittedAt: string | null;
  body: string;
  url: string;
  author: { login: string } | null;
}

export interface ReviewThreadNode {
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  comments: { nodes: Array<{ body: string; url: string; author: { login: string } | null } | null> | null };
}

export interface CommitNode {
  oid: string;
  statusCheckRollup: { contexts: { nodes: Array<RollupContextNode | null> | null } } | null;
  deployments: { nodes: Array<DeploymentNode | null> | null } | null;
}

export type RollupContextNode =
  | {
      __typename: 'CheckRun';
      name: string;
      status: string;
      conclusion: string | null;
      detailsUrl: string | null;
      startedAt: string | null;
      isRequired: boolean;
      databaseId?: number | null;
      checkSuite?: { workflowRun: { databaseId: number | null } | null } | null;
    }
  | { __typename: 'StatusContext'; context: string; state: string; targetUrl: string | null; createdAt: string; isRequired: boolean };

export interface DeploymentNode {
  environment: string | null;
  createdAt: string;
  latestStatus: { state: string; environmentUrl: string | null; logUrl: string | null; createdAt: string } | null;
}

/** GitHub returns null for list items it cannot show; the mappers work on the present ones. */
export function present<T>(nodes: Array<T | null> | null | undefined): T[] {
  return (nodes ?? []).filter((node): node is T => node !== null && node !== undefined);
}
