import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, preflightApi, workspaceRoot } from './helpers';

/** The fixture's .preflight.yml has the team rule no-console-log (regex, with a fix) for src/**\/*.ts. */
describe('Team rules in the editor', () => {
  const RULE = 'team/no-console-log';
  const fileUri = () => vscode.Uri.joinPath(workspaceRoot(), 'src', 'debug.ts');
  const ruleDiagnostics = () =>
    vscode.languages.getDiagnostics(fileUri()).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === RULE);

  before(async () => {
    await preflightApi();
    await vscode.workspace.fs.writeFile(
      fileUri(),
      new TextEncoder().encode('export function debug(x: unknown): void {\n  console.log(x);\n}\n'),
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri()));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(fileUri());
  });

  it('shows the team rule inline, while typing, and offers its fix', async () => {
    const [diagnostic] = await eventually(() => ruleDiagnostics().length > 0 && ruleDiagnostics(), 'the team rule diagnostic');
    assert.equal(diagnostic.message, 'Use the logger, not console.log.');
    assert.equal(diagnostic.range.start.line, 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      fileUri(),
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(
      actions.some((a) => a.title === `Open the definition of ${RULE}` && String(a.command?.arguments?.[0]).endsWith('.preflight.yml')),
      actions.map((a) => a.title).join(', '),
    );
    const fix = actions.find((a) => a.title === 'Replace with: logger.info(');
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await eventually(() => ruleDiagnostics().length === 0, 'the diagnostic to go after the fix');

    const editor = vscode.window.activeTextEditor!;
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '  console.log("again");\n'));
    await eventually(
      () => ruleDiagnostics().length === 1 && ruleDiagnostics()[0].range.start.line === 2,
      'the diagnostic for the newly typed line',
    );
  });
});
