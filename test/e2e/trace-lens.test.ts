import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { findPostgresInstallations } from '../../src/core/trace/binaries';
import { openPackagedExtensionOn, screenshot } from '../support/browser';
import type { RunningServer } from '../support/vscode-server';
import { TempRepo } from '../helpers/temp-repo';

/** CI systems set CI (GitHub and GitLab to "true"); .ci/run sets it when they do not. */
function inCi(): boolean {
  return !['', 'false', '0'].includes(process.env.CI ?? '');
}

/**
 * "Trace this migration" as a person uses it: the packaged extension in a real VS Code
 * (code-server) driven through chromium, a real PostgreSQL started by the click. A Flyway set:
 * V1 creates orders, V2 changes a column's type (a rewrite under AccessExclusiveLock).
 */
describe('Trace this migration from its CodeLens (code-server + chromium + PostgreSQL)', function () {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let workspace: TempRepo | undefined;

  before(async function () {
    this.timeout(240_000);
    if ((await findPostgresInstallations()).length === 0) {
      // CI installs PostgreSQL (.ci/run): there its absence is a failure, not a reason to skip.
      if (inCi()) throw new Error('PostgreSQL server binaries are not installed, and CI must trace: apt-get install postgresql');
      console.log('    (PostgreSQL server binaries are not installed: apt-get install postgresql)');
      this.skip();
    }
    workspace = new TempRepo('preflight-trace-lens-')
      .write('.preflight.yml', 'version: 1\npostgres:\n  version: 15\n')
      .write('db/migration/V1__orders.sql', 'CREATE TABLE orders (id bigserial PRIMARY KEY, status text, total int);\n')
      .write('db/migration/V2__orders_total_bigint.sql', "SET lock_timeout = '5s';\nALTER TABLE orders ALTER COLUMN total TYPE bigint;\n")
      .commitAll('orders');
    ({ server, browser, page } = await openPackagedExtensionOn(workspace.dir));
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (page && test && test.state !== 'pending') await screenshot(page, `${test.state === 'failed' ? 'FAILED-' : ''}${test.title}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    workspace?.remove();
  });

  /** Quick Open (Ctrl+P) a file: pressed again when the key is lost while the workbench moves focus. */
  async function quickOpen(name: string): Promise<void> {
    const input = page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+P');
      const shown = await input.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (attempt === 3) await input.waitFor({ timeout: 1 });
    }
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  }

  it('runs the trace from the lens, with progress, and shows the locks and the rewrite as a hover on the statement', async function () {
    this.timeout(180_000);
    await quickOpen('V2__orders_total_bigint.sql');
    const editor = page.locator('.editor-instance .monaco-editor:visible').first();
    const lens = editor.locator('.codelens-decoration a', { hasText: 'Trace this migration' }).first();
    await lens.waitFor({ timeout: 60_000 });
    assert.equal((await lens.innerText()).trim(), 'Trace this migration');
    await lens.click();

    // The progress notification, with Cancel, while the cluster starts and the migration runs.
    const progress = page
      .locator('.notifications-toasts .notification-toast', { hasText: 'Preflight: tracing db/migration/V2__orders_total_bigint.sql' })
      .first();
    await progress.waitFor({ timeout: 30_000 });
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).waitFor({ timeout: 5_000 });

    // Then the result, and the progress gone.
    const done = page.locator('.notifications-toasts', { hasText: 'traced db/migration/V2__orders_total_bigint.sql' }).first();
    await done.waitFor({ timeout: 120_000 });
    assert.match(
      await done.innerText(),
      /Preflight: traced db\/migration\/V2__orders_total_bigint\.sql: 2 confirmed, 0 refuted, 0 from the trace\. Hover a statement for its locks and rewrites\./,
    );
    await progress.waitFor({ state: 'hidden', timeout: 30_000 });
    const retitled = editor.locator('.codelens-decoration a', {
      hasText: 'Trace this migration (last: 2 confirmed, 0 refuted, 0 from the trace)',
    });
    await retitled.first().waitFor({ timeout: 30_000 });

    // Hover the statement's text; a hover that landed while the lens re-rendered is tried again.
    const statement = editor.locator('.view-line', { hasText: 'ALTER TABLE' }).locator('span', { hasText: 'ALTER' }).first();
    const hover = page.locator('.monaco-hover', { hasText: 'Trace (PostgreSQL 15' }).first();
    for (let attempt = 0; attempt < 3 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(0, 0);
      await statement.hover();
      await hover.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await hover.waitFor({ timeout: 5_000 });
    // the hover's Markdown keeps the trace's spacing with no-break spaces
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(
      text,
      /Trace \(PostgreSQL 15\.\d+\): holds AccessExclusiveLock on orders for [\d.]+ ms, ShareLock on orders for [\d.]+ ms, AccessExclusiveLock on orders_pkey for [\d.]+ ms; rewrites orders; [\d.]+ ms/,
    );
    assert.match(
      text,
      /migration\/changing-column-type: confirmed\. PostgreSQL 15 rewrote orders \(a new relfilenode\), holding AccessExclusiveLock on orders/,
    );
    assert.match(text, /migration\/require-statement-timeout: confirmed\. statement_timeout was 0 \(no limit\) when it ran/);
  });
});
