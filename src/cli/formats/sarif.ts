import { fingerprints } from '../../core/findings/fingerprint';
import type { Finding, Severity } from '../../core/findings/finding';
import type { SuppressedFinding } from '../../core/findings/suppression';
import { describeRule } from '../../core/engine/registry';
import packageJson from '../../../package.json';
import type { CiReport } from './ci-report';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
const INFORMATION_URI = 'https://github.com/preflight-dev/preflight';

/** SARIF 2.1.0, as GitHub code scanning reads it: one run, one rule per rule id, suppressed findings marked so. */
export function formatSarif(report: CiReport): string {
  const all: Finding[] = [...report.findings, ...report.suppressed];
  const ids = [...new Set(all.map((f) => f.ruleId))].sort();
  const prints = fingerprints(all);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Preflight',
            version: packageJson.version,
            informationUri: INFORMATION_URI,
            rules: ids.map((id) => sarifRule(id, all)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: all.map((f) => sarifResult(f, ids.indexOf(f.ruleId), prints.get(f) ?? '')),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function sarifRule(id: string, findings: readonly Finding[]): object {
  const first = findings.find((f) => f.ruleId === id) as Finding;
  const builtIn = describeRule(id);
  const docsUrl = builtIn?.docsUrl ?? first.docsUrl;
  const help = first.help ?? builtIn?.description ?? first.message;
  return {
    id,
    name: id,
    shortDescription: { text: builtIn?.description ?? first.message },
    ...(docsUrl ? { helpUri: docsUrl } : {}),
    help: { text: docsUrl ? `${help}\n\n${docsUrl}` : help },
    defaultConfiguration: { level: LEVEL[first.severity] },
  };
}

function sarifResult(f: Finding | SuppressedFinding, ruleIndex: number, fingerprint: string): object {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
          region: region(f),
        },
      },
    ],
    partialFingerprints: { 'preflight/v1': fingerprint },
    ...('suppression' in f
      ? { suppressions: [{ kind: 'inSource', ...(f.suppression.reason ? { justification: f.suppression.reason } : {}) }] }
      : {}),
  };
}

/** SARIF's end column is the one after the region, as a Finding's is; a region never ends before it starts. */
function region(f: Finding): object {
  const endLine = Math.max(f.endLine, f.line);
  const endColumn = endLine === f.line ? Math.max(f.endColumn, f.column) : Math.max(f.endColumn, 1);
  return { startLine: f.line, startColumn: f.column, endLine, endColumn };
}

/** A relative URI reference: each segment percent-encoded, so a space, `#`, `%` or a colon (which would read as a scheme) stays part of the path. */
export function fileUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
