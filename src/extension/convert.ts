import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/findings/finding';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Core findings are 1-based; VS Code ranges are 0-based. */
export function toRange(finding: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): vscode.Range {
  const start = new vscode.Position(Math.max(finding.line - 1, 0), Math.max(finding.column - 1, 0));
  const end = new vscode.Position(Math.max(finding.endLine - 1, 0), Math.max(finding.endColumn - 1, 0));
  return new vscode.Range(start, end.isBefore(start) ? start : end);
}

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = 'preflight';
  diagnostic.code = finding.docsUrl ? { value: finding.ruleId, target: vscode.Uri.parse(finding.docsUrl) } : finding.ruleId;
  return diagnostic;
}
