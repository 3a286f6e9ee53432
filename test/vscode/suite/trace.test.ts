import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { preflightApi, workspaceRoot } from './helpers';

/** A Flyway set of its own in the fixture (removed afterwards): V1 creates orders, V2 indexes it without CONCURRENTLY. */
describe('Trace this migration in the editor', function () {
  this.timeout(120_000);
  const folder = () => vscode.Uri.joinPath(workspaceRoot(), 'db', 'trace-probe');
  const migration = () => vscode.Uri.joinPath(folder(), 'V2__index.sql');

  before(async () => {
    await preflightApi();
    const write = (name: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), name), Buffer.from(text));
    await write('V1__orders.sql', 'CREATE TABLE orders (id bigserial PRIMARY KEY, status text);\n');
    await write('V2__index.sql', "SET lock_timeout = '5s';\nCREATE INDEX orders_status ON orders (status);\n");
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(migration()));
  });
  after(() => vscode.workspace.fs.delete(folder(), { recursive: true }));

  it('offers "Trace this migration" above a SQL migration', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', migration());
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.includes('$(pulse) Trace this migration'), titles.join(', '));
  });

  it('traces it, and shows the locks of each statement and the verdict as a hover', async () => {
    const api = await preflightApi();
    const report = await api.trace.trace(migration());
    assert.ok(report, 'the trace ran');
    assert.deepEqual(
      report.statements.map((s) => [s.line, s.locks.map((l) => `${l.mode} on ${l.relation}`)]),
      [
        [1, []],
        [2, ['ShareLock on orders']],
      ],
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      migration(),
      new vscode.Position(1, 3),
    );
    // appendText escapes the Markdown: spaces as &nbsp;, punctuation with a backslash
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
      .join('\n')
      .replace(/&nbsp;/g, ' ')
      .replace(/\\(.)/g, '$1');
    assert.match(
      text,
      /Trace \(PostgreSQL 15\.\d+\): holds ShareLock on orders for [\d.]+ ms; no rewrite; scans orders; creates index orders_status/,
    );
    assert.match(text, /migration\/require-concurrent-index-creation: confirmed\. PostgreSQL 15 held ShareLock on orders/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', migration());
    assert.ok(
      lenses.some((lens) => lens.command?.title === '$(pulse) Trace this migration (last: 2 confirmed, 0 refuted, 0 from the trace)'),
      lenses.map((lens) => lens.command?.title).join(', '),
    );
  });
});
