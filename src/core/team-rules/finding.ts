import type { Finding } from '../findings/finding';
import { report, type Hit } from '../rules/rule';
import type { LineIndex } from '../text/line-index';
import type { CompiledTeamRule } from './compile';

/** A team rule's finding at a character range, with its fix's edits turned into positions. */
export function teamFinding(rule: CompiledTeamRule, path: string, lines: LineIndex, start: number, end: number, fix?: Hit['fix']): Finding {
  const { config } = rule;
  return report(
    { ruleId: rule.id, severity: config.severity ?? 'warning', docsUrl: config.docsUrl, help: config.help, path, lines },
    { at: { start, end }, message: config.message, fix },
  );
}
