import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openPackagedExtensionOn, pickFromQuickInput, screenshot } from '../support/browser';
import { requirePostgres } from '../support/postgres';
import type { RunningServer } from '../support/vscode-server';
import { TempRepo } from '../helpers/temp-repo';

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
    await requirePostgres(this);
    workspace = new TempRepo('preflight-trace-lens-')
      .write('.preflight.yml', 'version: 1\npostgres:\n  version: 15\n')
      .write('db/migration/V1__orders.sql', 'CREATE TABLE orders (id bigserial PRIMARY KEY, status text, total int);\n')
      .write('db/migration/V2__orders_total_bigint.sql', "SET lock_timeout = '5s';\nALTER TABLE orders ALTER COLUMN total TYPE bigint;\n")
      // a Rails app beside it, with the schema its migrations left in db/structure.sql
      .write('db/structure.sql', 'CREATE TABLE public.orders (id bigint NOT NULL, status text, total integer);\n')
      .write(
        'db/migrate/20240202000000_add_note_to_orders.rb',
        'class AddNoteToOrders < ActiveRecord::Migration[8.0]\n  def change\n    add_column :orders, :note, :text, default: "none"\n  end\nend\n',
      )
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

  const quickOpen = (name: string) => pickFromQuickInput(page, 'Control+P', name, name);

  /** Hovers the first word of the line holding `word`; a hover that landed while the lens re-rendered is tried again. */
  async function hoverText(word: string, expected: string): Promise<string> {
    const editor = page.locator('.editor-instance .monaco-editor:visible').first();
    const target = editor.locator('.view-line', { hasText: word }).locator('span', { hasText: word }).first();
    const hover = page.locator('.monaco-hover', { hasText: expected }).first();
    for (let attempt = 0; attempt < 3 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(0, 0);
      await target.hover();
      await hover.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await hover.waitFor({ timeout: 5_000 });
    // the hover's Markdown keeps the trace's spacing with no-break spaces
    return (await hover.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Clicks the lens of the open editor and waits for the trace's result notification. */
  async function traceFromLens(path: string): Promise<string> {
    const editor = page.locator('.editor-instance .monaco-editor:visible').first();
    const lens = editor.locator('.codelens-decoration a', { hasText: 'Trace this migration' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const done = page.locator('.notifications-toasts', { hasText: `traced ${path}` }).first();
    await done.waitFor({ timeout: 120_000 });
    return done.innerText();
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

    const text = await hoverText('ALTER', 'Trace (PostgreSQL 15');
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

  it("traces a Rails migration on db/structure.sql from its lens, and the hover says it is Preflight's rendering of Rails' SQL", async function () {
    this.timeout(180_000);
    await quickOpen('20240202000000_add_note_to_orders.rb');
    assert.match(
      await traceFromLens('db/migrate/20240202000000_add_note_to_orders.rb'),
      /Preflight: traced db\/migrate\/20240202000000_add_note_to_orders\.rb: 2 confirmed, 0 refuted, 0 from the trace\./,
    );
    const text = await hoverText('add_column', "of Rails's SQL");
    assert.match(
      text,
      /Trace \(PostgreSQL 15\.\d+\) of Rails's SQL as Preflight renders it \(ALTER TABLE "orders" ADD "note" text DEFAULT 'none'\): holds AccessExclusiveLock on orders for [\d.]+ ms; no rewrite; [\d.]+ ms/,
    );
    assert.match(text, /migration\/require-lock-timeout: confirmed\. lock_timeout was 0 \(no limit\) when it ran/);
  });
});
