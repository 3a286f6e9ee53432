import assert from 'node:assert/strict';
import { checkRequirements, predictRequiredChecks, type CheckRequirements } from '../../../../../src/core/remote/required-checks';
import { jobCheckNames } from '../../../../../src/core/remote/workflows/job-names';
import type { PushFacts } from '../../../../../src/core/remote/workflows/trigger';
import { parseWorkflow } from '../../../../../src/core/remote/workflows/workflow-file';

const facts = (over: Partial<PushFacts> = {}): PushFacts => ({
  branch: 'feature/orders-index',
  baseRef: 'main',
  pushFiles: ['api/orders.ts'],
  pullRequestFiles: ['api/orders.ts', 'api/orders.test.ts'],
  headMessage: 'Index orders by customer\n',
  ...over,
});

const required = (...contexts: string[]): CheckRequirements => ({ contexts: contexts.map((context) => ({ context })), mergeQueue: false });

function predict(files: Record<string, string>, contexts: CheckRequirements | string[], over: Partial<PushFacts> = {}) {
  const workflows = Object.entries(files).map(([name, text]) => parseWorkflow(`.github/workflows/${name}`, text));
  return predictRequiredChecks(Array.isArray(contexts) ? required(...contexts) : contexts, workflows, facts(over));
}

const one = (files: Record<string, string>, context: string, over: Partial<PushFacts> = {}) => {
  const [prediction] = predict(files, [context], over);
  return { willReport: prediction.willReport, why: prediction.why, job: prediction.job, line: prediction.line };
};

const E2E_WEB_ONLY = `name: e2e
on:
  pull_request:
    paths: ['web/**']
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps: [{ run: npm test }]
`;

describe('required checks predicted from the pushed workflows', () => {
  it("a paths filter that this pull request's files miss: the check never reports", () => {
    assert.deepEqual(predict({ 'e2e.yml': E2E_WEB_ONLY }, ['e2e']), [
      {
        context: 'e2e',
        workflow: '.github/workflows/e2e.yml',
        job: 'e2e',
        willReport: false,
        why: "workflow e2e.yml only runs for paths: ['web/**']",
        fix: "move the paths filter into a step's if: condition, or add a job named 'e2e' to a workflow that always runs (a stub that reports the same name)",
        line: 4,
      },
    ]);
  });

  it('the same filter with a matching file in the pull request: it reports', () => {
    assert.deepEqual(one({ 'e2e.yml': E2E_WEB_ONLY }, 'e2e', { pullRequestFiles: ['api/orders.ts', 'web/cart/Cart.tsx'] }), {
      willReport: true,
      why: "workflow e2e.yml runs on pull_request; job 'e2e' reports it",
      job: 'e2e',
      line: 6,
    });
  });

  it("pull_request paths are judged on the pull request's whole diff, push paths on the pushed commits", () => {
    const both = `on:
  push:
    paths: ['web/**']
  pull_request:
    paths: ['web/**']
jobs:
  e2e: { runs-on: x }
`;
    // An earlier push of this pull request touched web/: its pull_request run still happens.
    assert.equal(one({ 'e2e.yml': both }, 'e2e', { pushFiles: ['api/a.ts'], pullRequestFiles: ['web/a.ts', 'api/a.ts'] }).willReport, true);
    const pushOnly = both.replace(/ {2}pull_request:\n {4}paths: \['web\/\*\*'\]\n/, '');
    assert.deepEqual(one({ 'e2e.yml': pushOnly }, 'e2e', { pushFiles: ['api/a.ts'], pullRequestFiles: ['web/a.ts'] }), {
      willReport: false,
      why: "workflow e2e.yml only runs for paths: ['web/**']",
      job: 'e2e',
      line: 3,
    });
  });

  it('paths-ignore: no run when every changed file is ignored, a run when one is not', () => {
    const docsIgnored = `on:
  pull_request:
    paths-ignore:
      - 'docs/**'
      - '**.md'
jobs:
  unit: { runs-on: x }
`;
    assert.deepEqual(one({ 'ci.yml': docsIgnored }, 'unit', { pullRequestFiles: ['docs/setup.md', 'CHANGELOG.md'] }), {
      willReport: false,
      why: "workflow ci.yml ignores paths-ignore: ['docs/**', '**.md'], and this pull request changes nothing else",
      job: 'unit',
      line: 3,
    });
    assert.equal(one({ 'ci.yml': docsIgnored }, 'unit', { pullRequestFiles: ['docs/setup.md', 'api/x.ts'] }).willReport, true);
  });

  it('paths with a negation: a file taken out again does not start the workflow', () => {
    const sqlButNotSeeds = `on:
  pull_request:
    paths: ['db/**', '!db/seeds/**']
jobs:
  migrations: { runs-on: x }
`;
    assert.equal(one({ 'db.yml': sqlButNotSeeds }, 'migrations', { pullRequestFiles: ['db/seeds/users.sql'] }).willReport, false);
    assert.equal(
      one({ 'db.yml': sqlButNotSeeds }, 'migrations', { pullRequestFiles: ['db/seeds/users.sql', 'db/0042.sql'] }).willReport,
      true,
    );
  });

  it('branches filters of pull_request are about the base branch', () => {
    const releaseOnly = `on:
  pull_request:
    branches: ['release/**']
jobs:
  smoke: { runs-on: x }
`;
    assert.deepEqual(one({ 'smoke.yml': releaseOnly }, 'smoke'), {
      willReport: false,
      why: "workflow smoke.yml only runs for pull requests into branches: ['release/**'], not 'main'",
      job: 'smoke',
      line: 3,
    });
    assert.equal(one({ 'smoke.yml': releaseOnly }, 'smoke', { baseRef: 'release/2.4' }).willReport, true);
    const notMain = `on:
  pull_request:
    branches-ignore: [main]
jobs:
  smoke: { runs-on: x }
`;
    assert.equal(
      one({ 'smoke.yml': notMain }, 'smoke').why,
      "workflow smoke.yml ignores pull requests into 'main' (branches-ignore: ['main'])",
    );
  });

  it('branches filters of push are about the pushed branch; tags alone never run for a branch', () => {
    const mainOnly = `on:
  push:
    branches: [main]
jobs:
  build: { runs-on: x }
`;
    assert.equal(
      one({ 'build.yml': mainOnly }, 'build').why,
      "workflow build.yml only runs for pushes to branches: ['main'], not 'feature/orders-index'",
    );
    assert.equal(one({ 'build.yml': mainOnly }, 'build', { branch: 'main' }).willReport, true);
    const tagsOnly = `on:
  push:
    tags: ['v*']
jobs:
  build: { runs-on: x }
`;
    assert.deepEqual(one({ 'release.yml': tagsOnly }, 'build'), {
      willReport: false,
      why: "workflow release.yml runs on push only for tags: ['v*']",
      job: 'build',
      line: 3,
    });
    const featureIgnored = `on:
  push:
    branches-ignore: ['feature/**']
jobs:
  build: { runs-on: x }
`;
    assert.equal(
      one({ 'build.yml': featureIgnored }, 'build').why,
      "workflow build.yml ignores pushes to 'feature/orders-index' (branches-ignore: ['feature/**'])",
    );
  });

  it('both branches and paths must let the push through', () => {
    const both = `on:
  pull_request:
    branches: [main]
    paths: ['api/**']
jobs:
  api: { runs-on: x }
`;
    assert.equal(one({ 'api.yml': both }, 'api').willReport, true);
    assert.equal(one({ 'api.yml': both }, 'api', { baseRef: 'develop' }).willReport, false);
    assert.equal(one({ 'api.yml': both }, 'api', { pullRequestFiles: ['web/a.ts'] }).willReport, false);
  });

  it('pull_request types without synchronize: a push to the open pull request starts nothing', () => {
    const openedOnly = `on:
  pull_request:
    types: [opened, labeled]
jobs:
  triage: { runs-on: x }
`;
    assert.equal(
      one({ 'triage.yml': openedOnly }, 'triage').why,
      "workflow triage.yml only runs for pull_request types: ['opened', 'labeled']; a push to an open pull request is 'synchronize'",
    );
  });

  it('no push or pull_request trigger: schedule never reports on the push; workflow_run may', () => {
    assert.deepEqual(one({ 'nightly.yml': `on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  e2e: { runs-on: x }\n` }, 'e2e'), {
      willReport: false,
      why: 'workflow nightly.yml runs only on schedule, not on a push or a pull request',
      job: 'e2e',
      line: 2,
    });
    assert.deepEqual(one({ 'after.yml': `on:\n  workflow_run:\n    workflows: [ci]\njobs:\n  e2e: { runs-on: x }\n` }, 'e2e'), {
      willReport: 'unknown',
      why: 'workflow after.yml runs on workflow_run, which this push does not start by itself',
      job: 'e2e',
      line: 2,
    });
  });

  it("[skip ci] in the pushed commit's message stops push and pull_request workflows", () => {
    assert.equal(
      one({ 'ci.yml': 'on: [push, pull_request]\njobs:\n  unit: { runs-on: x }\n' }, 'unit', { headMessage: 'Bump docs [skip ci]\n' }).why,
      "the pushed commit's message contains '[skip ci]', so GitHub starts no push or pull_request workflow for it",
    );
    assert.equal(
      one({ 'ci.yml': 'on: pull_request\njobs:\n  unit: { runs-on: x }\n' }, 'unit', { headMessage: 'Docs\n\n\nskip-checks: true\n' })
        .willReport,
      false,
    );
    assert.equal(
      one({ 'ci.yml': 'on: pull_request\njobs:\n  unit: { runs-on: x }\n' }, 'unit', { headMessage: 'Explain [skip-ci] in docs\n' })
        .willReport,
      true,
    );
  });

  it('a required merge queue needs a merge_group trigger', () => {
    const ci = 'on: pull_request\njobs:\n  unit: { runs-on: x }\n';
    const [prediction] = predict({ 'ci.yml': ci }, { contexts: [{ context: 'unit' }], mergeQueue: true });
    assert.equal(prediction.willReport, false);
    assert.equal(
      prediction.why,
      "workflow ci.yml has no merge_group trigger, and 'main' requires a merge queue: the queue waits for 'unit' forever",
    );
    const [queued] = predict(
      { 'ci.yml': 'on: [pull_request, merge_group]\njobs:\n  unit: { runs-on: x }\n' },
      { contexts: [{ context: 'unit' }], mergeQueue: true },
    );
    assert.equal(queued.willReport, true);
  });

  it('matrix jobs report as "job (a, b)"; the context must name one combination', () => {
    const matrix = `on: pull_request
jobs:
  test:
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        node: [20, 22]
    runs-on: \${{ matrix.os }}
`;
    assert.equal(one({ 'ci.yml': matrix }, 'test (ubuntu-latest, 20)').willReport, true);
    assert.deepEqual(one({ 'ci.yml': matrix }, 'test'), {
      willReport: 'unknown',
      why: "no job in .github/workflows is named 'test': it may come from another app or a commit status",
      job: null,
      line: undefined,
    });
  });

  it('a context pinned to GitHub Actions that no job is named after never reports (a renamed job)', () => {
    const [prediction] = predict(
      { 'ci.yml': 'on: pull_request\njobs:\n  unit-tests: { runs-on: x }\n' },
      { contexts: [{ context: 'unit', integrationId: 15368 }], mergeQueue: false },
    );
    assert.deepEqual(prediction, {
      context: 'unit',
      workflow: null,
      job: null,
      willReport: false,
      why: "the rules expect 'unit' from GitHub Actions, and no job in .github/workflows is named 'unit'",
      fix: "name a job 'unit' again, or change the required checks of the ruleset",
    });
  });

  it('a commit status from another service is not predicted', () => {
    const workflows = [parseWorkflow('.github/workflows/ci.yml', 'on: pull_request\njobs:\n  unit: { runs-on: x }\n')];
    const [prediction] = predictRequiredChecks(required('ci/jenkins'), workflows, facts(), [
      { name: 'ci/jenkins', state: 'success', required: true, url: undefined, kind: 'status' },
    ]);
    assert.equal(prediction.willReport, 'unknown');
    assert.equal(prediction.why, "'ci/jenkins' is a commit status set by a service outside .github/workflows");
  });

  it('a job if: reports as skipped, except for a matrix, whose skipped check has another name', () => {
    const conditional = `on: pull_request
jobs:
  deploy-preview:
    if: github.actor != 'dependabot[bot]'
    runs-on: x
  test:
    if: \${{ !contains(github.event.pull_request.labels.*.name, 'docs') }}
    strategy: { matrix: { os: [ubuntu, macos] } }
    runs-on: x
`;
    assert.deepEqual(one({ 'ci.yml': conditional }, 'deploy-preview'), {
      willReport: true,
      why: "workflow ci.yml runs on pull_request; job 'deploy-preview' reports it, as skipped when its if: condition is false (GitHub counts that as passing)",
      job: 'deploy-preview',
      line: 3,
    });
    assert.deepEqual(one({ 'ci.yml': conditional }, 'test (macos)'), {
      willReport: 'unknown',
      why: "job 'test' in ci.yml has an if: condition; when it is false GitHub skips the whole matrix and reports no 'test (macos)'",
      job: 'test',
      line: 6,
    });
  });

  it('computed matrices, computed names and reusable workflows are "unknown"', () => {
    const dynamic = `on: pull_request
jobs:
  plan: { runs-on: x }
  shard:
    needs: plan
    strategy:
      matrix: \${{ fromJSON(needs.plan.outputs.shards) }}
    runs-on: x
  lint:
    name: lint \${{ inputs.flavour }}
    runs-on: x
  build:
    uses: ./.github/workflows/build.yml
`;
    assert.equal(
      one({ 'ci.yml': dynamic }, 'shard (3)').why,
      "job 'shard' in ci.yml may report it: its matrix is computed when the workflow runs (${{ fromJSON(needs.plan.outputs.shards) }})",
    );
    assert.equal(
      one({ 'ci.yml': dynamic }, 'lint strict').why,
      "job 'lint' in ci.yml may report it: its name is computed from ${{ inputs.flavour }}",
    );
    assert.deepEqual(one({ 'ci.yml': dynamic }, 'build / compile'), {
      willReport: 'unknown',
      why: "job 'build' in ci.yml may report it: it calls the reusable workflow ./.github/workflows/build.yml, whose job names are not read",
      job: 'build',
      line: 12,
    });
  });

  it('a workflow filter decides before a job: a filtered workflow with a computed matrix still never reports', () => {
    const filtered = `on:
  pull_request:
    paths: ['web/**']
jobs:
  e2e:
    strategy:
      matrix: \${{ fromJSON(vars.BROWSERS) }}
    runs-on: x
`;
    assert.equal(one({ 'e2e.yml': filtered }, 'e2e (chromium)').willReport, false);
  });

  it('when two workflows report the same name, one that runs is enough', () => {
    const filtered = E2E_WEB_ONLY;
    const stub = "on:\n  pull_request:\n    paths-ignore: ['web/**']\njobs:\n  e2e: { runs-on: x }\n";
    const [prediction] = predict({ 'e2e.yml': filtered, 'e2e-stub.yml': stub }, ['e2e']);
    assert.equal(prediction.willReport, true);
    assert.equal(prediction.workflow, '.github/workflows/e2e-stub.yml');
  });

  it('unknown locally: the base branch was never fetched; over 1,000 commits always runs', () => {
    assert.deepEqual(one({ 'e2e.yml': E2E_WEB_ONLY }, 'e2e', { pullRequestFiles: 'unknown' }), {
      willReport: 'unknown',
      why: 'workflow e2e.yml has a paths filter, and the files this pull request changes are not known locally (fetch the base branch)',
      job: 'e2e',
      line: 4,
    });
    assert.equal(one({ 'e2e.yml': E2E_WEB_ONLY }, 'e2e', { pullRequestFiles: 'too-many' }).willReport, true);
  });

  it('GitHub reads 300 files of a diff: a match after them is "unknown"', () => {
    const files = [...Array.from({ length: 300 }, (_, i) => `api/f${String(i).padStart(3, '0')}.ts`), 'web/late.ts'];
    assert.equal(
      one({ 'e2e.yml': E2E_WEB_ONLY }, 'e2e', { pullRequestFiles: files }).why,
      'workflow e2e.yml has a paths filter, and this pull request changes 301 files: GitHub reads only the first 300',
    );
  });

  it('a broken workflow file: the checks it would report are unknown, with its position', () => {
    const broken = 'on: pull_request\njobs:\n  e2e:\n    runs-on: [ubuntu\n    steps: x: y\n';
    const [prediction] = predict({ 'ci.yml': 'on: pull_request\njobs:\n  unit: { runs-on: x }\n', 'e2e.yml': broken }, ['e2e']);
    assert.equal(prediction.willReport, 'unknown');
    assert.equal(prediction.workflow, '.github/workflows/e2e.yml');
    assert.match(prediction.why, /^no readable workflow reports 'e2e', and \.github\/workflows\/e2e\.yml:5:\d+ cannot be read: .+/);
    assert.equal(prediction.line, 5);
    const noOn = parseWorkflow('.github/workflows/x.yml', 'jobs:\n  a: { runs-on: x }\n');
    assert.deepEqual(noOn.problem, { line: 1, column: 1, message: "the workflow has no 'on:': GitHub does not run it" });
    const badPattern = parseWorkflow('.github/workflows/x.yml', "on:\n  push:\n    paths: ['web/[abc']\njobs:\n  a: { runs-on: x }\n");
    assert.deepEqual(badPattern.problem, { line: 3, column: 12, message: "push.paths: 'web/[abc' has a '[' without its ']'" });
  });
});

describe('job check names', () => {
  it("the job id, its name:, and a matrix's values in parentheses", () => {
    assert.deepEqual(jobCheckNames('unit', undefined, undefined), { exact: ['unit'] });
    assert.deepEqual(jobCheckNames('unit', 'Unit tests', undefined), { exact: ['Unit tests'] });
    assert.deepEqual(jobCheckNames('test', undefined, { python: ['3.10', 3.12], db: ['pg'] }), {
      exact: ['test (3.10, pg)', 'test (3.12, pg)'],
    });
    assert.deepEqual(jobCheckNames('test', 'Tests', { os: ['linux'] }), { exact: ['Tests (linux)'] });
  });

  it('a name: with ${{ matrix.x }} is filled in per combination, with no suffix', () => {
    assert.deepEqual(jobCheckNames('test', 'Test on ${{ matrix.os }} / ${{matrix["node"]}}', { os: ['linux', 'mac'], node: [22] }), {
      exact: ['Test on linux / 22', 'Test on mac / 22'],
    });
  });

  it("include and exclude follow GitHub's documented example", () => {
    const matrix = {
      fruit: ['apple', 'pear'],
      animal: ['cat', 'dog'],
      include: [
        { color: 'green' },
        { color: 'pink', animal: 'cat' },
        { fruit: 'apple', shape: 'circle' },
        { fruit: 'banana' },
        { fruit: 'banana', animal: 'cat' },
      ],
    };
    assert.deepEqual(jobCheckNames('job', undefined, matrix).exact, [
      'job (apple, cat, pink, circle)',
      'job (apple, dog, green, circle)',
      'job (pear, cat, pink)',
      'job (pear, dog, green)',
      'job (banana)',
      'job (banana, cat)',
    ]);
    assert.deepEqual(jobCheckNames('job', undefined, { os: ['linux', 'mac'], node: [20, 22], exclude: [{ os: 'mac', node: 20 }] }).exact, [
      'job (linux, 20)',
      'job (linux, 22)',
      'job (mac, 22)',
    ]);
    assert.deepEqual(jobCheckNames('job', undefined, { include: [{ target: 'arm' }, { target: 'x86' }] }).exact, [
      'job (arm)',
      'job (x86)',
    ]);
  });

  it('object values list their fields', () => {
    assert.deepEqual(jobCheckNames('test', undefined, { shard: [{ name: 'core', index: 1 }] }).exact, ['test (core, 1)']);
  });
});

describe('check requirements', () => {
  it('reads required contexts with their app from rulesets, adds branch protection, and sees a merge queue rule', () => {
    assert.deepEqual(
      checkRequirements(
        [
          {
            type: 'required_status_checks',
            parameters: { required_status_checks: [{ context: 'e2e', integration_id: 15368 }, { context: 'lint' }] },
          },
          { type: 'merge_queue' },
        ],
        ['lint', 'ci/jenkins', null],
      ),
      { contexts: [{ context: 'e2e', integrationId: 15368 }, { context: 'lint' }, { context: 'ci/jenkins' }], mergeQueue: true },
    );
  });
});
