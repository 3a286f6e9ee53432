import * as vscode from 'vscode';
import type { FindingSource } from './code-actions';
import { toRange } from './convert';

/** On a Preflight finding, the hover explains the safe way (the finding's help) and links its docs. */
export class PreflightHovers implements vscode.HoverProvider {
  constructor(private readonly source: FindingSource) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const here = this.source.findingsFor(document.uri).filter((f) => f.help && toRange(f).contains(position));
    if (here.length === 0) return undefined;
    const markdown = new vscode.MarkdownString();
    for (const finding of here) {
      markdown.appendMarkdown(`**${finding.ruleId}**`);
      if (finding.docsUrl) markdown.appendMarkdown(` · [docs](${finding.docsUrl})`);
      markdown.appendMarkdown('\n\nThe safe way:\n');
      markdown.appendCodeblock(finding.help!, document.languageId);
    }
    return new vscode.Hover(markdown);
  }
}
