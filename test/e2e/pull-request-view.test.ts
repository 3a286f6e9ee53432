import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openPackagedExtensionOn, runPaletteCommand, screenshot } from '../support/browser';
import { makeFixtureWorkspace, type FixtureWorkspace } from '../support/fixture-workspace';
import { FakeGitHub } from '../support/fake-github/server';
import { loadScenario } from '../support/fake-github/scenario';
import type { RunningServer } from '../support/vscode-server';

const BRANCH = 'feature/orders-index';
const ROW = '.sidebar .monaco-list-row';

/**
 * The Preflight view against a fake GitHub on loopback: each state of the pull request a
 * developer meets before a push, as a person sees it (screenshots in test/e2e/screenshots).
 */
describe('The Preflight view mirrors the pull request (code-server + chromium + fake GitHub)', function () {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let workspace: FixtureWorkspace;
  let github: FakeGitHub;

  before(async function () {
    this.timeout(240_000);
    workspace = makeFixtureWorkspace();
    // The branch's first commit is on GitHub with a PR; the risky migration commit is not pushed yet.
    workspace.git('checkout', '-q', '-b', BRANCH);
    workspace.git('push', '-q', '-u', 'origin', `HEAD~1:refs/heads/${BRANCH}`);
    workspace.git('branch', '-q', `--set-upstream-to=origin/${BRANCH}`);
    const prHead = workspace.git('rev-parse', 'HEAD~1').trim();
    github = await FakeGitHub.start(loadScenario('green', { headSha: prHead, branch: BRANCH }));
    // Fetch URL on (fake) GitHub, push URL the bare repository: what the mirror reads, where git pushes.
    workspace.git('remote', 'set-url', 'origin', github.remoteUrl);
    workspace.git('remote', 'set-url', '--push', 'origin', workspace.remoteDir);
    ({ server, browser, page } = await openPackagedExtensionOn(workspace.dir));
    await page.locator('.activitybar [aria-label^="Preflight"]').first().click();
    await widenSidebar(page);
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (page && test) await screenshot(page, `pr-view-${test.state === 'failed' ? 'FAILED-' : ''}${test.title}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await github?.close();
    workspace?.remove();
  });

  async function refreshAndWaitFor(text: string | RegExp, timeout = 30_000): Promise<string> {
    await runPaletteCommand(page, 'Preflight: Refresh');
    const row = page.locator(ROW, { hasText: text }).first();
    await row.waitFor({ timeout });
    return row.innerText();
  }

  it('green: the PR, its passing required checks, approval and staging next to the local state', async () => {
    await page.locator(ROW, { hasText: '#42 Index orders by customer' }).first().waitFor({ timeout: 60_000 });
    const rows = (await page.locator(ROW).allInnerTexts()).join('\n');
    assert.match(rows, /Push blocked \(1 reason\)/, 'the unpushed migration still blocks');
    assert.match(rows, /Local: feature\/orders-index → origin\/feature\/orders-index/);
    assert.match(rows, /Local HEAD \w{7} ≠ PR head \w{7}/);
    assert.match(rows, /Checks\s*2 passed/);
    assert.match(rows, /Reviews\s*approved · 1 approval · 0 unresolved threads/);
    assert.match(rows, /Staging review: approved/);
  });

  it('failing required check: failing first, and a reason in the verdict', async () => {
    github.update((pr) => (pr.checkRuns![0].conclusion = 'FAILURE'));
    await refreshAndWaitFor("PR #42: required check 'ci/test' failed");
    const check = await page.locator(ROW, { hasText: 'ci/test' }).filter({ hasText: 'required · failure' }).first().innerText();
    assert.match(check, /ci\/test/);
  });

  it('changes requested: who asked, and the unresolved thread', async () => {
    github.update((pr) => {
      pr.checkRuns![0].conclusion = 'SUCCESS';
      pr.reviewDecision = 'CHANGES_REQUESTED';
      pr.reviews = [{ author: 'bob', state: 'CHANGES_REQUESTED', body: 'See the index.' }];
      pr.threads = [
        {
          path: 'db/migrations/V2__orders_customer_index.sql',
          line: 3,
          comments: [{ author: 'bob', body: 'This index locks writes on orders.' }],
        },
      ];
      pr.updatedAt = '2026-11-22T09:00:00Z';
    });
    await refreshAndWaitFor('changes requested by bob');
    await page.locator(ROW, { hasText: 'This index locks writes on orders.' }).first().waitFor({ timeout: 10_000 });
  });

  it('staging pending: QA is still reviewing the deployed head', async () => {
    github.update((pr) => {
      pr.reviewDecision = 'APPROVED';
      pr.reviews = [{ author: 'bob', state: 'APPROVED' }];
      pr.threads = [];
      pr.deployments = [
        { environment: 'staging', state: 'IN_PROGRESS', url: 'https://staging.shop.example.com', createdAt: '2026-11-22T09:30:00Z' },
      ];
      pr.updatedAt = '2026-11-22T09:30:00Z';
    });
    const row = await refreshAndWaitFor('Staging review: pending');
    assert.match(row, /deployment to staging/);
    await page.locator(ROW, { hasText: 'staging review pending' }).first().waitFor({ timeout: 10_000 });
  });

  it('offline: the last known state, its age, and a retry', async function () {
    this.timeout(120_000);
    await github.goOffline();
    const row = await refreshAndWaitFor(/Last known state, \d+ (s|min) old/, 60_000);
    assert.match(row, /Retry/);
    assert.match((await page.locator(ROW).allInnerTexts()).join('\n'), /#42 Index orders by customer/, 'the last known PR stays visible');
    await github.comeBack();
  });

  it('renders a PR title with HTML in it as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    github.update((pr) => {
      pr.title = hostile;
      pr.updatedAt = '2026-11-22T09:45:00Z';
    });
    const row = await refreshAndWaitFor(`#42 ${hostile}`);
    assert.ok(row.includes(hostile));
    assert.equal(await page.locator('.sidebar img[src="x"]').count(), 0);
  });

  it('a required check that will never report: the workflow filter that skips this push, and its fix', async () => {
    workspace.write(
      '.github/workflows/e2e.yml',
      "name: e2e\non:\n  pull_request:\n    paths: ['web/**']\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx playwright test\n",
    );
    workspace.git('add', '.github/workflows/e2e.yml');
    workspace.git('commit', '-q', '-m', 'CI: browser tests for the web app');
    // The base branch as fetched: where the pull request's head started (the unpushed migration stays unpushed).
    const fetchedMain = workspace.git('for-each-ref', '--format=%(objectname)', 'refs/remotes/origin/main').trim();
    workspace.git('update-ref', 'refs/remotes/origin/main', 'HEAD~2');
    github.update((pr, scenario) => {
      scenario.rulesets = { main: ['ci/test', 'e2e'] };
      scenario.rulesetCheckApps = { e2e: 15368 };
      pr.title = 'Index orders by customer';
      pr.updatedAt = '2026-11-22T09:50:00Z';
    });
    await refreshAndWaitFor("'e2e' will never report");
    const row = await page.locator(ROW, { hasText: "'e2e' will never report" }).first().innerText();
    assert.match(row, /workflow e2e\.yml only runs for paths: \['web\/\*\*'\]/);
    await page.locator(ROW, { hasText: "Fix: move the paths filter into a step's if: condition" }).first().waitFor({ timeout: 10_000 });
    await page
      .locator(ROW, { hasText: /Required checks for this push\s*1 will never report · 2 cannot tell/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await screenshot(page, 'pr-view-required check that will never report');
    // The next tests count one unpushed commit.
    workspace.git('reset', '-q', '--hard', 'HEAD~1');
    if (fetchedMain) workspace.git('update-ref', 'refs/remotes/origin/main', fetchedMain);
    else workspace.git('update-ref', '-d', 'refs/remotes/origin/main');
    github.update((_pr, scenario) => (scenario.rulesets = { main: ['ci/test'] }));
  });

  it('can be walked with the keyboard', async () => {
    await page.locator(ROW, { hasText: 'Merge state: clean' }).first().click();
    const focused = () => page.locator(`${ROW}.focused`).first().innerText();
    assert.match(await focused(), /Merge state: clean/);
    await page.keyboard.press('ArrowUp');
    assert.match(await focused(), /Reviews/);
    await page.keyboard.press('ArrowDown');
    assert.match(await focused(), /Merge state: clean/);
    await page.keyboard.press('ArrowLeft'); // to the parent row: the pull request
    assert.match(await focused(), /#42 /);
  });

  for (const [theme, themeClass] of [
    ['Light Modern', 'vs'],
    ['Dark High Contrast', 'hc-black'],
    ['Light High Contrast', 'hc-light'],
  ]) {
    it(`looks right in ${theme}`, async () => {
      await runPaletteCommand(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-widget input').fill(theme);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator(`.monaco-workbench.${themeClass}`).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      assert.ok(await page.locator(ROW, { hasText: '#42' }).first().isVisible());
    });
  }

  it('merged: the unpushed commit would reach no pull request, so the push is blocked and a new PR is offered', async () => {
    github.update((pr) => {
      pr.state = 'closed';
      pr.mergedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
      pr.title = 'Index orders by customer';
      pr.updatedAt = '2026-11-22T10:00:00Z';
    });
    await refreshAndWaitFor('merged 2 days ago');
    const row = await page.locator(ROW, { hasText: '#42 Index orders by customer' }).first().innerText();
    assert.match(row, /merged 2 days ago · new commits reach no pull request/);
    await page.locator(ROW, { hasText: 'Create a new pull request from these commits' }).first().waitFor({ timeout: 10_000 });
    await page
      .locator(ROW, { hasText: 'PR #42 for this branch was merged 2 days ago; this commit will not reach main' })
      .first()
      .waitFor({ timeout: 10_000 });
  });
});

/** Drags the sash at the sidebar's edge so that the view has the room a laptop screen gives it. */
async function widenSidebar(page: Page): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return;
  const edge = sidebar.x + sidebar.width;
  let best: { x: number; y: number; distance: number } | undefined;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const box = await sash.boundingBox();
    if (!box || box.height < sidebar.height / 2) continue;
    const distance = Math.abs(box.x + box.width / 2 - edge);
    if (!best || distance < best.distance) best = { x: box.x + box.width / 2, y: box.y + box.height / 2, distance };
  }
  if (!best) return;
  await page.mouse.move(best.x, best.y);
  await page.mouse.down();
  await page.mouse.move(best.x + 280, best.y, { steps: 12 });
  await page.mouse.up();
}
