import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, EXTENSION_ID, preflightApi, workspaceRoot } from './helpers';

/**
 * The fixture workspace (made by the runner) has a .preflight.yml whose line 3 holds the
 * unknown key `blokOn`, and src/app.ts.
 */
describe('Preflight in VS Code', () => {
  const configUri = () => vscode.Uri.joinPath(workspaceRoot(), '.preflight.yml');
  const configDiagnostics = () => vscode.languages.getDiagnostics(configUri()).filter((d) => d.source === 'preflight');

  it('activates because the workspace has a .preflight.yml', async () => {
    const api = await preflightApi();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(api.configs);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'preflight.check',
      'preflight.createConfig',
      'preflight.showOutput',
      'preflight.installHook',
      'preflight.uninstallHook',
    ])
      assert.ok(commands.includes(id), `${id} missing`);
  });

  it('reports a .preflight.yml error on the file, at the line, without opening it', async () => {
    const diagnostics = await eventually(() => configDiagnostics().length > 0 && configDiagnostics(), 'config diagnostics');
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 2);
    assert.equal(diagnostic.code, 'config/invalid');
    assert.match(diagnostic.message, /Unknown key 'blokOn' in 'gate' \(did you mean 'blockOn'\?\)/);
  });

  it('shows the configuration state in the Preflight view', async () => {
    const api = await preflightApi();
    const configNode = api.view.getChildren().find((node) => node.kind === 'config');
    assert.ok(configNode, 'a configuration row');
    const item = api.view.getTreeItem(configNode);
    assert.equal(item.label, '.preflight.yml');
    assert.match(String(item.description), /1 problem/);
  });

  it('re-validates the config as it is edited, before it is saved', async () => {
    const document = await vscode.workspace.openTextDocument(configUri());
    const editor = await vscode.window.showTextDocument(document);
    const typo = document.getText().indexOf('blokOn');
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(typo), document.positionAt(typo + 6)), 'blockOn'));
    await eventually(() => configDiagnostics().length === 0, 'the diagnostic to clear after the fix');
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(typo), document.positionAt(typo + 7)), 'blokOn'));
    await eventually(() => configDiagnostics().length === 1, 'the diagnostic to return after the typo');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('runs Check Before Push: the gate on the unpushed commit, with one verdict in the view', async () => {
    const api = await preflightApi();
    const done = vscode.commands.executeCommand('preflight.check');
    const verdict = await eventually(
      () => api.view.gate && api.view.panel().find((node) => node.id.startsWith('verdict:')),
      'the gate report',
      30_000,
    );
    assert.equal(verdict.label, 'Push blocked (1 reason)');
    assert.match(String(verdict.description), /^1 commit → origin/);
    const children = (verdict.children ?? []).map((node) => node.label);
    assert.ok(
      children.some((label) => /\.preflight\.yml has 1 problem/.test(String(label))),
      children.join(' | '),
    );
    assert.ok(
      children.some((label) => /without CONCURRENTLY/.test(String(label))),
      children.join(' | '),
    );
    await vscode.commands.executeCommand('notifications.clearAll');
    void done;
  });

  it('installs the git hook, which then blocks a risky push and is noticed by the extension', async () => {
    const api = await preflightApi();
    await vscode.commands.executeCommand('preflight.installHook');
    const hook = readFileSync(join(workspaceRoot().fsPath, '.git', 'hooks', 'pre-push'), 'utf8');
    assert.match(hook, /# preflight-hook v1/);
    const checkedBefore = api.view.gate?.report.checkedAt ?? '';
    const push = spawnSync('git', ['push', '-q', 'origin', 'main'], { cwd: workspaceRoot().fsPath, encoding: 'utf8' });
    assert.notEqual(push.status, 0, 'the hook blocks the push');
    assert.match(push.stderr, /migration\/require-concurrent-index-creation/);
    await eventually(
      () => api.view.gate !== undefined && api.view.gate.report.checkedAt !== checkedBefore,
      'the view to show the report the hook wrote',
      20_000,
    );
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('keeps the CLI loaded once the hook is installed, and the hook hands the push to it', async () => {
    const api = await preflightApi();
    await eventually(() => api.server.socket !== undefined, 'preflight serve to listen', 20_000);
    const served: string[] = [];
    const listening = api.server.onDidServe((line) => served.push(line));
    try {
      // The tests' runs keep to themselves (PREFLIGHT_SERVER=off); this push is a user's.
      const env = { ...process.env, PREFLIGHT_SERVER: '' };
      const push = spawnSync('git', ['push', '-q', 'origin', 'main'], { cwd: workspaceRoot().fsPath, encoding: 'utf8', env });
      assert.equal(push.status, 1, 'the hook blocks the push');
      assert.match(push.stderr, /migration\/require-concurrent-index-creation/);
      await eventually(() => served.length > 0, 'the server to report the run', 10_000);
      assert.match(served[0], /^served: preflight hook run origin \S+ in .+: exit 1, \d+ ms$/);
    } finally {
      listening.dispose();
    }
  });
});
