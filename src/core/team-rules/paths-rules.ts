import { report, wholeFile } from '../rules/rule';
import { globMatcher } from '../text/glob';
import type { PreflightConfig, TeamRuleConfig } from '../config/types';
import type { PushAnalysisContext, PushAnalyzer, RuleMeta } from '../engine/analyzer';
import type { Finding } from '../findings/finding';
import type { ChangedFile } from '../push/push-change';
import type { RemoteStatus } from '../remote/types';
import { asList } from './compile';

interface PathsRule {
  id: string;
  config: TeamRuleConfig;
  changed: (path: string) => boolean;
  requires?: { globs: string[]; matches: (path: string) => boolean };
  label?: string;
}

const compiledByConfig = new WeakMap<PreflightConfig, PathsRule[]>();

/** The team's push-scope rules (`paths:`), compiled once per configuration. */
export function pathsRulesOf(config: PreflightConfig): PathsRule[] {
  let rules = compiledByConfig.get(config);
  if (!rules) {
    rules = config.rules.filter((rule) => rule.paths).map(compilePathsRule);
    compiledByConfig.set(config, rules);
  }
  return rules;
}

function compilePathsRule(rule: TeamRuleConfig): PathsRule {
  const paths = rule.paths!;
  const requires = asList(paths.requires);
  return {
    id: `team/${rule.id}`,
    config: rule,
    changed: globMatcher(asList(paths.changed), { dot: true }),
    requires: requires.length > 0 ? { globs: requires, matches: globMatcher(requires, { dot: true }) } : undefined,
    label: paths.label,
  };
}

/**
 * Push-scope team rules: "a change under db/migrate/ comes with a change to db/schema.rb", "a
 * change to .github/workflows/ needs the ci-review label". One finding per file that triggers the
 * rule, on its first line, so the editor can show it on that file.
 */
export const pathsRulesAnalyzer: PushAnalyzer = {
  name: 'team rules (push scope)',
  rules: (context) =>
    pathsRulesOf(context.config).map((rule): RuleMeta => ({
      id: rule.id,
      description: rule.config.message,
      severity: rule.config.severity ?? 'warning',
      docsUrl: rule.config.docsUrl,
    })),
  analyzePush: async (context) => (await Promise.all(pathsRulesOf(context.config).map((rule) => checkRule(rule, context)))).flat(),
};

async function checkRule(rule: PathsRule, context: PushAnalysisContext): Promise<Finding[]> {
  const triggering = context.push.files.filter(
    (file) => rule.changed(file.path) || (file.oldPath !== undefined && rule.changed(file.oldPath)),
  );
  if (triggering.length === 0) return [];
  const missing: string[] = [];
  if (rule.requires && !context.push.files.some((file) => !triggering.includes(file) && rule.requires!.matches(file.path))) {
    missing.push(`nothing in the push changes ${rule.requires.globs.join(' or ')}`);
  }
  if (rule.label) {
    const labelProblem = context.review
      ? missingReviewLabel(rule.label, context.review.labels)
      : missingLabel(rule.label, await context.pullRequest());
    if (labelProblem) missing.push(labelProblem);
  }
  if (missing.length === 0) return [];
  return triggering.map((file) => findingOn(rule, file, missing.join('; ')));
}

function missingLabel(label: string, status: RemoteStatus | undefined): string | undefined {
  const pullRequest = status?.pullRequest;
  if (pullRequest?.labels.includes(label)) return undefined;
  if (!status || status.fetchedAt === undefined)
    return `it needs the '${label}' label on its pull request (the pull request's state is not known: run preflight status)`;
  if (!pullRequest) return `it needs a pull request with the '${label}' label (none is open for this branch)`;
  return `pull request #${pullRequest.number} does not have the '${label}' label`;
}

/** In CI the pull request's labels come from the CI run itself, not from Preflight's mirror of GitHub. */
function missingReviewLabel(label: string, labels: readonly string[] | undefined): string | undefined {
  if (labels?.includes(label)) return undefined;
  if (labels === undefined)
    return `it needs the '${label}' label on its pull request (this CI run does not give the pull request's labels)`;
  return `the pull request does not have the '${label}' label`;
}

function findingOn(rule: PathsRule, file: ChangedFile, why: string): Finding {
  const { config } = rule;
  return report(
    { ruleId: rule.id, severity: config.severity ?? 'warning', docsUrl: config.docsUrl, help: config.help, path: file.path },
    wholeFile(`${config.message} (${file.status === 'deleted' ? 'deleted' : 'changed'} in this push; ${why})`),
  );
}
