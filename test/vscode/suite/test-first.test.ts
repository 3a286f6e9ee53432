import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, preflightApi, workspaceRoot } from './helpers';

/** The fixture's src/orders.ts exports parseOrder and Order#total and has no test; Mocha collects test/**\/*.test.ts. */
describe('Test-first in the editor', () => {
  const sourceUri = () => vscode.Uri.joinPath(workspaceRoot(), 'src', 'orders.ts');
  const testUri = () => vscode.Uri.joinPath(workspaceRoot(), 'test', 'orders.test.ts');
  const lensTitles = async () => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', sourceUri())) ?? [];
    return lenses
      .filter((lens) => lens.command?.command === 'preflight.createFailingTest')
      .map((lens) => `${lens.range.start.line + 1}:${String(lens.command?.arguments?.[1])}`);
  };

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'test'), { recursive: true }).then(undefined, () => undefined);
  });

  it('puts a Create failing test lens above each exported symbol without a test, and a light bulb on its line', async () => {
    await preflightApi();
    const document = await vscode.workspace.openTextDocument(sourceUri());
    await vscode.window.showTextDocument(document);
    const titles = await eventually(async () => {
      const found = await lensTitles();
      return found.length > 0 && found;
    }, 'the test-first CodeLenses');
    assert.deepEqual(titles, ['6:parseOrder', '16:Order#total']);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      sourceUri(),
      new vscode.Range(5, 0, 5, 0),
    );
    assert.ok(
      actions.some((action) => action.title === 'Create a failing test for parseOrder'),
      actions.map((a) => a.title).join(' | '),
    );
  });

  it('Create Failing Test writes the test file, opens it at the first test, and never overwrites it', async () => {
    const api = await preflightApi();
    const created = await api.testFirst.createFailingTest(sourceUri(), 'parseOrder');
    assert.equal(created?.toString(), testUri().toString());
    const editor = await eventually(
      () => vscode.window.activeTextEditor?.document.uri.toString() === testUri().toString() && vscode.window.activeTextEditor,
      'the new test to open',
    );
    const text = editor.document.getText();
    assert.match(text, /^import assert from 'node:assert\/strict';\nimport \{ parseOrder \} from '\.\.\/src\/orders';\n/);
    assert.match(
      editor.document.lineAt(editor.selection.active.line).text,
      /assert\.fail\('not implemented: describe what parseOrder returns'\)/,
    );
    await eventually(async () => {
      const titles = await lensTitles();
      return titles.length === 1 && titles[0] === '16:Order#total';
    }, 'only Order#total to keep its lens');

    await api.testFirst.createFailingTest(sourceUri());
    const appended = (await vscode.workspace.fs.readFile(testUri())).toString();
    assert.ok(appended.includes(text.slice(text.indexOf('describe(')).trimEnd()), 'the first test is kept as it was');
    assert.match(appended, /import \{ parseOrder, Order \} from '\.\.\/src\/orders';/);
    assert.match(appended, /describe\('Order#total'/);
    await api.testFirst.createFailingTest(sourceUri());
    assert.equal((await vscode.workspace.fs.readFile(testUri())).toString(), appended, 'nothing left to add: the file is untouched');
  });

  it('Go to Source and Go to Test switch between the two', async () => {
    await vscode.window.showTextDocument(testUri());
    await vscode.commands.executeCommand('preflight.goToSource');
    await eventually(() => vscode.window.activeTextEditor?.document.uri.toString() === sourceUri().toString(), 'the source to open');
    await vscode.commands.executeCommand('preflight.goToTest');
    await eventually(() => vscode.window.activeTextEditor?.document.uri.toString() === testUri().toString(), 'the test to open');
  });
});
