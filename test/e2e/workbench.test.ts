import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openPackagedExtensionOn, pickFromQuickInput, screenshot, showProblemsPanel } from '../support/browser';
import { makeFixtureWorkspace } from '../support/fixture-workspace';
import type { RunningServer } from '../support/vscode-server';
import type { TempRepo } from '../helpers/temp-repo';

/**
 * What a person sees: the packaged extension (preflight.vsix) installed into a real VS Code
 * (code-server), opened on a fixture repository, driven through Debian's chromium.
 */
describe('Preflight in a real VS Code (code-server + chromium)', function () {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let workspace: TempRepo;

  before(async function () {
    this.timeout(240_000);
    workspace = makeFixtureWorkspace();
    ({ server, browser, page } = await openPackagedExtensionOn(workspace.dir));
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (page && test) await screenshot(page, `${test.state === 'failed' ? 'FAILED-' : ''}${test.title}`);
  });

  const pick = (key: 'Control+P' | 'F1', query: string, row: string) => pickFromQuickInput(page, key, query, row);

  function configStateRow() {
    return page.locator('.sidebar .monaco-list-row[role="treeitem"][aria-level="1"]', { hasText: '.preflight.yml' });
  }

  after(async () => {
    await browser?.close();
    await server?.stop();
    workspace?.remove();
  });

  it('shows the Preflight view in the activity bar, filled in by the activated extension', async () => {
    await page.locator('.activitybar [aria-label^="Preflight"]').first().click();
    const title = page.locator('.sidebar .title-label', { hasText: /Preflight: Before You Push/i });
    await title.waitFor({ timeout: 30_000 });
    // The row below exists only once the extension has activated and loaded the config.
    // Once the gate has run, its reasons name .preflight.yml too: the config row is the one at the top level.
    const configRow = configStateRow();
    await configRow.waitFor({ timeout: 60_000 });
    assert.match(await configRow.innerText(), /1 problem, invalid parts ignored/);
  });

  it('lists its commands in the command palette', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Preflight');
    const entries = page.locator('.quick-input-list .monaco-list-row');
    await entries.filter({ hasText: 'Check Before Push' }).first().waitFor({ timeout: 15_000 });
    const labels = await entries.allInnerTexts();
    assert.ok(
      labels.some((label) => /Preflight: Check Before Push/.test(label)),
      labels.join(' | '),
    );
    assert.ok(
      labels.some((label) => /Preflight: Create .preflight.yml/.test(label)),
      labels.join(' | '),
    );
    await page.keyboard.press('Escape');
  });

  it('shows the .preflight.yml error inline and in the Problems panel', async () => {
    await configStateRow().click();
    const editor = page.locator('.editor-instance .monaco-editor:visible').first();
    await editor.waitFor({ timeout: 30_000 });
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });

    await showProblemsPanel(page);
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: "Unknown key 'blokOn'" });
    await problem.first().waitFor({ timeout: 30_000 });
    const text = await problem.first().innerText();
    assert.match(text, /did you mean 'blockOn'/);
    assert.match(text, /config\/invalid/);
  });

  it('shows a risky migration inline, with the safe way in the hover', async () => {
    await pick('Control+P', 'V2__orders_customer_index.sql', 'V2__orders_customer_index.sql');
    const editor = page.locator('.editor-instance .monaco-editor:visible').first();
    const squiggle = editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ timeout: 30_000 });
    // The trace CodeLens arrives a moment later and moves the lines down: hover once it is there.
    await editor.locator('.codelens-decoration').first().waitFor({ timeout: 30_000 });
    // Hover the statement's text: the squiggle is drawn under the text layer, and may not have its width yet.
    const statement = editor.locator('.view-line', { hasText: 'CREATE INDEX' }).locator('span', { hasText: 'CREATE' }).first();
    const hover = page.locator('.monaco-hover', { hasText: 'without CONCURRENTLY' }).first();
    for (let attempt = 0; attempt < 3 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(0, 0);
      await statement.hover();
      await hover.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await hover.waitFor({ timeout: 5_000 });
    const text = await hover.innerText();
    assert.match(text, /migration\/require-concurrent-index-creation/);
    assert.match(text, /CREATE INDEX CONCURRENTLY/);
    await showProblemsPanel(page);
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'without CONCURRENTLY blocks writes' });
    await problem.first().waitFor({ timeout: 30_000 });
  });

  it('runs Check Before Push from the command palette and shows the verdict in the view', async () => {
    await pick('F1', '>Preflight: Check Before Push', 'Check Before Push');
    // Clicking the activity bar entry of the view already shown would hide it.
    if (!(await page.locator('.sidebar .title-label', { hasText: /Preflight/i }).isVisible()))
      await page.locator('.activitybar [aria-label^="Preflight"]').first().click();
    const verdict = page.locator('.sidebar .monaco-list-row', { hasText: 'Push blocked (1 reason)' });
    await verdict.first().waitFor({ timeout: 30_000 });
    assert.match(await verdict.first().innerText(), /1 commit → origin/);
    await page.locator('.sidebar .monaco-list-row', { hasText: 'without CONCURRENTLY' }).first().waitFor({ timeout: 10_000 });
  });

  it('creates a failing test from the CodeLens-marked source with Create Failing Test, and opens it', async () => {
    await pick('Control+P', 'src/orders.ts', 'orders.ts');
    const editor = page.locator('.editor-instance .monaco-editor:visible').first();
    await editor.locator('.codelens-decoration', { hasText: 'Create failing test' }).first().waitFor({ timeout: 30_000 });
    await pick('F1', '>Preflight: Create Failing Test', 'Create Failing Test');
    await page.locator('.tabs-container .tab.active', { hasText: 'orders.test.ts' }).waitFor({ timeout: 30_000 });
    const testEditor = page.locator('.editor-instance .monaco-editor:visible').first();
    await testEditor
      .locator('.view-line', { hasText: 'not implemented: describe what parseOrder returns' })
      .first()
      .waitFor({ timeout: 15_000 });
    await testEditor.locator('.view-line', { hasText: "describe('Order#total'" }).first().waitFor({ timeout: 15_000 });
    await page.locator('.notifications-toasts', { hasText: 'created 2 failing tests' }).first().waitFor({ timeout: 15_000 });
  });
});
