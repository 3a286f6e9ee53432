import * as vscode from 'vscode';
import type { Finding } from '../core/findings/finding';
import { lineComment } from '../core/text/comment-syntax';
import { fixAllEdits } from '../core/team-rules/fix-all';
import { toRange } from './convert';

/** Where the code actions find the finding behind a diagnostic. */
export interface FindingSource {
  findingsFor(uri: vscode.Uri): readonly Finding[];
}

/** Where a team rule is defined: the config file and the rule's line in it. */
export type RuleLocator = (document: vscode.Uri, ruleId: string) => { uri: vscode.Uri; line: number } | undefined;

/**
 * Quick fixes from the findings themselves (a Finding's `fix`), and "ignore on this line",
 * which inserts a `preflight-ignore` comment in the file's own comment syntax.
 */
export class PreflightCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly source: FindingSource,
    private readonly locateRule: RuleLocator,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.source.findingsFor(document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics.filter((d) => d.source === 'preflight')) {
      const finding = findings.find((f) => matches(f, diagnostic));
      if (!finding) continue;
      if (finding.fix) actions.push(fixAction(document, finding, diagnostic));
      actions.push(ignoreAction(document, finding, diagnostic));
      const definition = finding.ruleId.startsWith('team/') ? this.locateRule(document.uri, finding.ruleId) : undefined;
      if (definition) actions.push(openDefinitionAction(finding, diagnostic, definition));
    }
    return actions;
  }
}

function matches(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === finding.ruleId && toRange(finding).isEqual(diagnostic.range);
}

function fixAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(finding.fix!.description, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of finding.fix!.edits) {
    const range = toRange({
      line: edit.range.start.line,
      column: edit.range.start.column,
      endLine: edit.range.end.line,
      endColumn: edit.range.end.column,
    });
    action.edit.replace(document.uri, range, edit.newText);
  }
  return action;
}

function openDefinitionAction(
  finding: Finding,
  diagnostic: vscode.Diagnostic,
  definition: { uri: vscode.Uri; line: number },
): vscode.CodeAction {
  const action = new vscode.CodeAction(`Open the definition of ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const position = new vscode.Position(definition.line - 1, 0);
  action.command = {
    command: 'vscode.open',
    title: action.title,
    arguments: [definition.uri, { selection: new vscode.Range(position, position) }],
  };
  return action;
}

function ignoreAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(`Ignore ${finding.ruleId} on this line`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const line = document.lineAt(diagnostic.range.start.line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const comment = lineComment(document.uri.path, `preflight-ignore ${finding.ruleId} -- `);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, line.range.start, `${indent}${comment}\n`);
  return action;
}

/** `"source.fixAll.preflight": "explicit"` in `editor.codeActionsOnSave` applies every team-rule fix on save. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('preflight');

/**
 * Every team-rule fix of the file as one source action, which VS Code asks for on save only when
 * the user's `editor.codeActionsOnSave` names it (or the Source Action menu is opened): a file is
 * never rewritten unasked. Which fixes, in which order, is the core's `fixAllEdits`. Not in an
 * untrusted workspace, whose `.vscode/settings.json` could switch it on for the repository's own rules.
 */
export class PreflightFixAll implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [FIX_ALL_KIND] };

  constructor(private readonly analyze: (document: vscode.TextDocument) => Promise<readonly Finding[]>) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    if (!context.only?.contains(FIX_ALL_KIND) || !vscode.workspace.isTrusted) return [];
    const version = document.version;
    const text = document.getText();
    const edits = fixAllEdits(await this.analyze(document), text);
    if (edits.length === 0 || document.version !== version) return [];
    const action = new vscode.CodeAction('Fix all team-rule problems (Preflight)', FIX_ALL_KIND);
    action.edit = new vscode.WorkspaceEdit();
    for (const edit of edits)
      action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
    return [action];
  }
}
