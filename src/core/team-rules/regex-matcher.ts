import type { Finding } from '../findings/finding';
import type { LineIndex } from '../text/line-index';
import type { CompiledTeamRule } from './compile';
import { teamFinding } from './finding';
import { literalMatches } from './regex-literal';

const MAX_MATCHES_PER_FILE = 200;

/** Every match of the rule's regex; `fix` may use $0..$9 for the match and its groups. */
export function regexFindings(rule: CompiledTeamRule, path: string, text: string, lines: LineIndex): Finding[] {
  if (rule.literal) return literalFindings(rule, path, text, lines);
  const matcher = rule.regex!.matcher(text);
  const findings: Finding[] = [];
  while (findings.length < MAX_MATCHES_PER_FILE && matcher.find()) {
    const start = matcher.start();
    const end = Math.max(matcher.end(), start);
    const fix = rule.config.fix === undefined ? undefined : { description: `Replace with: ${rule.config.fix}`, edits: [{ start, end, newText: expand(rule.config.fix, (group) => matcher.group(group) ?? '') }] };
    findings.push(teamFinding(rule, path, lines, start, end, fix));
    if (end === start && start >= text.length) break;
  }
  return findings;
}

function expand(template: string, group: (index: number) => string): string {
  return template.replace(/\$(\d)/g, (_, digit: string) => group(Number(digit)));
}

/** A literal regex has no groups: $0 is the match itself. */
function literalFindings(rule: CompiledTeamRule, path: string, text: string, lines: LineIndex): Finding[] {
  const findings: Finding[] = [];
  for (const [start, end] of literalMatches(rule.literal!, text)) {
    const fix = rule.config.fix === undefined ? undefined : { description: `Replace with: ${rule.config.fix}`, edits: [{ start, end, newText: expand(rule.config.fix, (group) => (group === 0 ? text.slice(start, end) : '')) }] };
    findings.push(teamFinding(rule, path, lines, start, end, fix));
    if (findings.length >= MAX_MATCHES_PER_FILE) break;
  }
  return findings;
}
