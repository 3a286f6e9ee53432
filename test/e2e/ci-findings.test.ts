import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openPackagedExtensionOn, screenshot, showProblemsPanel } from '../support/browser';
import { makeFixtureWorkspace, type FixtureWorkspace } from '../support/fixture-workspace';
import { FakeGitHub } from '../support/fake-github/server';
import { loadScenario } from '../support/fake-github/scenario';
import type { RunningServer } from '../support/vscode-server';

const BRANCH = 'feature/orders-index';
const ROW = '.sidebar .monaco-list-row';

/**
 * CI's findings in the editor, as a person sees them: a failing GitHub Actions check on the pull
 * request's head, its annotation in the Problems panel on the local line, and its failing step's log.
 */
describe("CI's findings in the editor (code-server + chromium + fake GitHub)", function () {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let workspace: FixtureWorkspace;
  let github: FakeGitHub;

  before(async function () {
    this.timeout(240_000);
    workspace = makeFixtureWorkspace();
    workspace.git('checkout', '-q', '-b', BRANCH);
    workspace.git('push', '-q', '-u', 'origin', `HEAD~1:refs/heads/${BRANCH}`);
    workspace.git('branch', '-q', `--set-upstream-to=origin/${BRANCH}`);
    const prHead = workspace.git('rev-parse', 'HEAD~1').trim();
    // A local line above the annotated one: the annotation of the head's line 2 belongs on line 3 here.
    workspace.write('src/app.ts', '// Adds two numbers.\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n');
    github = await FakeGitHub.start(loadScenario('green', { headSha: prHead, branch: BRANCH }));
    github.update((pr) => {
      pr.checkRuns = [
        {
          name: 'ci/test',
          status: 'COMPLETED',
          conclusion: 'FAILURE',
          url: 'https://github.com/acme/shop/actions/runs/555/job/981',
          id: 981,
          workflowRunId: 555,
          annotations: [
            {
              path: 'src/app.ts',
              start_line: 2,
              end_line: 2,
              start_column: 3,
              end_column: 16,
              annotation_level: 'failure',
              title: 'add()',
              message: 'AssertionError: expected add(1, 2) to equal 4',
            },
          ],
          job: {
            log: '2026-11-20T10:00:10.0000000Z ##[group]Run npm test\n2026-11-20T10:00:11.0000000Z \x1b[31m  1) add()\x1b[0m\n2026-11-20T10:00:11.5000000Z      AssertionError: expected add(1, 2) to equal 4\n2026-11-20T10:00:12.0000000Z ##[error]Process completed with exit code 1.\n',
            steps: [
              {
                name: 'Run npm test',
                status: 'completed',
                conclusion: 'failure',
                number: 3,
                started_at: '2026-11-20T10:00:10Z',
                completed_at: '2026-11-20T10:00:12Z',
              },
            ],
          },
        },
      ];
    });
    await github.startLogStorage();
    workspace.git('remote', 'set-url', 'origin', github.remoteUrl);
    workspace.git('remote', 'set-url', '--push', 'origin', workspace.remoteDir);
    ({ server, browser, page } = await openPackagedExtensionOn(workspace.dir));
    await page.locator('.activitybar [aria-label^="Preflight"]').first().click();
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (page && test) await screenshot(page, `ci-${test.state === 'failed' ? 'FAILED-' : ''}${test.title}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await github?.close();
    workspace?.remove();
  });

  it("annotation: in the Problems panel as Preflight (CI), on the local file's line", async () => {
    await page.locator(ROW, { hasText: "Show the failing step's log" }).first().waitFor({ timeout: 90_000 });
    await page.locator(ROW, { hasText: 'Re-run failed jobs' }).first().waitFor({ timeout: 10_000 });
    await showProblemsPanel(page);
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'add(): AssertionError: expected add(1, 2) to equal 4' });
    await problem.first().waitFor({ timeout: 30_000 });
    const text = await problem.first().innerText();
    assert.match(text, /Preflight \(CI\)/);
    assert.match(text, /ci\/test/);
    assert.match(text, /\[Ln 3, Col 3\]/);
  });

  it("log: the failing step's end opens as text", async () => {
    await page.locator(ROW, { hasText: "Show the failing step's log" }).first().click();
    const editor = page.locator('.editor-instance .monaco-editor:visible').first();
    await editor.locator('.view-line', { hasText: 'Process completed with exit code 1.' }).first().waitFor({ timeout: 30_000 });
    const lines = (await editor.locator('.view-line').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
    assert.match(lines, /ci\/test · Run npm test: the last 4 of 4 lines/);
    assert.match(lines, /AssertionError: expected add\(1, 2\) to equal 4/);
    assert.equal(lines.includes('\x1b'), false, 'no escape sequence reaches the document');
    assert.match(lines, /^ {2}1\) add\(\)$/m);
  });
});
