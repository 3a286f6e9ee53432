import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { preflightApi, workspaceRoot } from './helpers';
import { LOG_PREFIX } from './index';

/**
 * Issue #21's editor goals, measured and reported (not asserted: a shared CI machine's timings
 * say little): activate() under 100 ms, and the first diagnostics on a migration opened for the
 * first time within 300 ms of opening it, SQL parser's first load included. This file runs first
 * (the suite runs in name order), so no SQL has been analysed before. "Opened" is when VS Code
 * tells extensions the document is open; the time VS Code itself takes to get there (reading the
 * file through the remote server, 0.7-2 s on a busy CI machine) is reported beside it.
 */
describe('Start-up in the editor (issue #21)', () => {
  const migration = () => vscode.Uri.joinPath(workspaceRoot(), 'db', 'migrations', 'V3__first_open.sql');
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(migration());
  });

  it('reports the activation time and how long a first opened migration waits for its diagnostics', async () => {
    const api = await preflightApi();
    await vscode.workspace.fs.writeFile(migration(), Buffer.from('CREATE INDEX index_orders_on_total ON orders (total);\n'));
    const uri = migration().toString();
    const ruleIds = () =>
      vscode.languages
        .getDiagnostics(migration())
        .map((d) => (typeof d.code === 'object' ? d.code.value : d.code))
        .sort();
    const diagnosed = new Promise<number>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics((event) => {
        if (!event.uris.some((u) => u.toString() === uri) || ruleIds().length === 0) return;
        listener.dispose();
        resolve(performance.now());
      });
    });
    const documentOpen = new Promise<number>((resolve) => {
      const listener = vscode.workspace.onDidOpenTextDocument((document) => {
        if (document.uri.toString() !== uri) return;
        listener.dispose();
        resolve(performance.now());
      });
    });
    const opened = performance.now();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(migration()));
    const diagnosedAt = await diagnosed;
    const openAt = await documentOpen;
    console.log(
      `${LOG_PREFIX}   issue #21: activate() ${api.activationMs.toFixed(1)} ms (goal < 100); first diagnostics ${(diagnosedAt - openAt).toFixed(0)} ms after VS Code opened a migration (goal < 300), ${(diagnosedAt - opened).toFixed(0)} ms after asking it to (its own ${(openAt - opened).toFixed(0)} ms to open the file included)`,
    );
    assert.deepEqual(ruleIds(), [
      'migration/require-concurrent-index-creation',
      'migration/require-lock-timeout',
      'migration/require-statement-timeout',
    ]);
  });
});
