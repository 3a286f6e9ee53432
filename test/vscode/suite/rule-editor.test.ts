import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, preflightApi, workspaceRoot } from './helpers';

/**
 * Writing team rules: the match counts above each rule of .preflight.yml, and fix-all on save.
 * The fixture's .preflight.yml has the regex rule no-console-log (fix: logger.info() for src/**\/*.ts.
 */
describe('Writing team rules in the editor', () => {
  const uri = (...path: string[]) => vscode.Uri.joinPath(workspaceRoot(), ...path);
  const write = (path: string, text: string) => vscode.workspace.fs.writeFile(uri(...path.split('/')), new TextEncoder().encode(text));
  const onDisk = async (path: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(...path.split('/'))));
  const written: string[] = [];

  before(async () => {
    await preflightApi();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const path of written) await vscode.workspace.fs.delete(uri(...path.split('/')));
  });

  async function lensTitles(document: vscode.TextDocument, expected: Record<number, string>): Promise<Record<number, string>> {
    let titles: Record<number, string> = {};
    await eventually(
      async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 20);
        titles = Object.fromEntries(
          lenses.filter((lens) => lens.range.start.line in expected).map((lens) => [lens.range.start.line, lens.command?.title ?? '']),
        );
        return JSON.stringify(titles) === JSON.stringify(expected);
      },
      `the lenses ${JSON.stringify(expected)} (last seen: ${JSON.stringify(titles)})`,
    ).catch(() => undefined);
    return titles;
  }

  it('shows above a rule being written how many matches it has in the open files and the repository, and lists them', async () => {
    written.push('src/audit-a.ts', 'src/audit-b.ts');
    await write('src/audit-a.ts', 'audit.record(1);\naudit.record(2);\n');
    await write('src/audit-b.ts', "export function b(): void {\n  audit.record('b');\n}\n");
    const source = await vscode.workspace.openTextDocument(uri('src', 'audit-a.ts'));
    const sourceEditor = await vscode.window.showTextDocument(source);
    await sourceEditor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'audit.record(3);\n')); // unsaved: counted as typed

    const config = await vscode.workspace.openTextDocument(uri('.preflight.yml'));
    const editor = await vscode.window.showTextDocument(config);
    const ruleLine = config.lineCount - 1;
    await editor.edit((edit) =>
      edit.insert(
        new vscode.Position(ruleLine, 0),
        '  - id: no-audit-record\n    message: Audit through the queue.\n    files: ["src/**/*.ts"]\n    pattern: audit.record($X)\n',
      ),
    );
    assert.deepEqual(await lensTitles(config, { [ruleLine]: '3 matches in open files · 4 in the repository' }), {
      [ruleLine]: '3 matches in open files · 4 in the repository',
    });

    const pattern = config.getText().indexOf('audit.record($X)');
    await editor.edit((edit) =>
      edit.replace(
        new vscode.Range(config.positionAt(pattern), config.positionAt(pattern + 'audit.record($X)'.length)),
        "audit.record('b')",
      ),
    );
    assert.deepEqual(await lensTitles(config, { [ruleLine]: '0 matches in open files · 1 in the repository' }), {
      [ruleLine]: '0 matches in open files · 1 in the repository',
    });

    const [lens] = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', config.uri, 20)).filter(
      (l) => l.range.start.line === ruleLine,
    );
    assert.equal(lens.command?.command, 'preflight.showRuleMatches');
    const picking = vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picking;
    const opened = await eventually(
      () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/src/audit-b.ts') && vscode.window.activeTextEditor,
      'the match to open',
    );
    assert.deepEqual(
      [opened.selection.start.line, opened.selection.start.character, opened.selection.end.line, opened.selection.end.character],
      [1, 2, 1, 19],
    );
    await vscode.window.showTextDocument(config);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.window.showTextDocument(source);
  });

  it('applies every team-rule fix on save with "source.fixAll.preflight" in editor.codeActionsOnSave, and never without it', async () => {
    written.push('src/fix-all.ts');
    const text = 'export function f(a: number): void {\n  console.log(a);\n  console.log(a + 1);\n}\n';
    await write('src/fix-all.ts', text);
    const document = await vscode.workspace.openTextDocument(uri('src', 'fix-all.ts'));
    const editor = await vscode.window.showTextDocument(document);
    const diagnostics = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'preflight');
    await eventually(() => diagnostics().length === 2, 'the two findings of no-console-log');

    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one\n'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await eventually(() => !document.isDirty, 'the save');
    assert.equal(await onDisk('src/fix-all.ts'), `// one\n${text}`, 'saved as typed: nobody asked for fixes');

    const settings = vscode.workspace.getConfiguration('editor');
    await settings.update('codeActionsOnSave', { 'source.fixAll.preflight': 'explicit' }, vscode.ConfigurationTarget.Global);
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// two\n'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await eventually(() => !document.isDirty, 'the save');
      assert.equal(
        await onDisk('src/fix-all.ts'),
        '// two\n// one\nexport function f(a: number): void {\n  logger.info(a);\n  logger.info(a + 1);\n}\n',
      );
      await eventually(() => diagnostics().length === 0, 'the findings to go with the fixes');
    } finally {
      await settings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
