import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, preflightApi, workspaceRoot } from './helpers';

/** The fixture's db/migrations/V2__orders_customer_index.sql builds an index without CONCURRENTLY on line 3. */
describe('Migration risks in the editor', () => {
  const RULE = 'migration/require-concurrent-index-creation';
  const migrationUri = () => vscode.Uri.joinPath(workspaceRoot(), 'db', 'migrations', 'V2__orders_customer_index.sql');
  const ruleDiagnostics = () =>
    vscode.languages.getDiagnostics(migrationUri()).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === RULE);

  before(async () => {
    await preflightApi();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(migrationUri()));
  });

  it('shows the risk on the statement, with the rule linking to its docs', async () => {
    const [diagnostic] = await eventually(() => ruleDiagnostics().length > 0 && ruleDiagnostics(), 'the migration diagnostic');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 2);
    assert.match(diagnostic.message, /without CONCURRENTLY blocks writes/);
    assert.ok(
      typeof diagnostic.code === 'object' &&
        String(diagnostic.code.target).endsWith('/docs/rules/migration/require-concurrent-index-creation.md'),
    );
  });

  it('explains the safe way in a hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      migrationUri(),
      new vscode.Position(2, 5),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /CREATE INDEX CONCURRENTLY/);
  });

  it('offers the quick fixes: add CONCURRENTLY, and ignore on this line', async () => {
    const [diagnostic] = ruleDiagnostics();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      migrationUri(),
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Add CONCURRENTLY'), titles.join(', '));
    assert.ok(titles.includes(`Ignore ${RULE} on this line`), titles.join(', '));

    const fix = actions.find((a) => a.title === 'Add CONCURRENTLY')!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const document = await vscode.workspace.openTextDocument(migrationUri());
    assert.equal(document.lineAt(2).text, 'CREATE INDEX CONCURRENTLY index_orders_on_customer_id ON orders (customer_id);');
    await eventually(() => ruleDiagnostics().length === 0, 'the diagnostic to go once the fix is applied');
  });

  it('keeps the other findings in step with the edits', async () => {
    const api = await preflightApi();
    const findings = api.live.findingsFor(migrationUri());
    assert.ok(!findings.some((f) => f.ruleId === RULE));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
