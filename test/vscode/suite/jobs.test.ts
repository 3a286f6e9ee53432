import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, preflightApi, workspaceRoot } from './helpers';

/** The fixture's app/workers/report_worker.rb puts its jobs on 'reports', which config/sidekiq.yml does not list. */
describe('Background-job risks in the editor', () => {
  const RULE = 'jobs/queue-not-configured';
  const workerUri = () => vscode.Uri.joinPath(workspaceRoot(), 'app', 'workers', 'report_worker.rb');
  const ruleDiagnostics = () =>
    vscode.languages.getDiagnostics(workerUri()).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === RULE);

  it('shows the unserved queue inline on the sidekiq_options line, and clears it once the queue is served', async () => {
    await preflightApi();
    const document = await vscode.workspace.openTextDocument(workerUri());
    const editor = await vscode.window.showTextDocument(document);
    const [diagnostic] = await eventually(() => ruleDiagnostics().length > 0 && ruleDiagnostics(), 'the job diagnostic');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 2);
    assert.match(diagnostic.message, /ReportWorker is enqueued on 'reports', which no Sidekiq process works on/);
    const queue = document.getText().indexOf("'reports'");
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(queue), document.positionAt(queue + 9)), "'mailers'"));
    await eventually(() => ruleDiagnostics().length === 0, 'the diagnostic to clear on a served queue');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
