/**
 * The composition root: the one module above the features. It lists the built-in analyzers
 * (with what the panel and the docs need to know of each) and hands each feature's config checks
 * to the config layer, which knows no feature. A new analyzer is added here once and appears in
 * the editor, the CLI, the hook, the panel and the docs.
 */
import type { Analyzer, PushAnalyzer } from './analyzer';
import { configLoader } from '../config/loader';
import { migrationsAnalyzer } from '../migrations/analyzer';
import { MIGRATION_RULES } from '../migrations/rules';
import { teamRulesAnalyzer } from '../team-rules/analyzer';
import { pathsRulesAnalyzer } from '../team-rules/paths-rules';
import { runnableTeamRules } from '../team-rules/compile';
import { validatePatternRules } from '../team-rules/validate-patterns';
import { ALL_JOB_RULES, jobsAnalyzer, jobsPushAnalyzer } from '../jobs/analyzer';
import { containedQueueConfigs } from '../jobs/config-check';
import { testFirstAnalyzer, testFirstPushAnalyzer, TESTFIRST_RULES } from '../testfirst/analyzer';
import { usableTestMaps } from '../testfirst/config-check';
import { ruleDocsUrl, ruleId, type RuleFamily, type RuleMeta } from '../rules/rule';

/** What the findings of a kind are called, and where a family of built-in rules lives. */
export interface FindingKind {
  /** The rule ids' prefix: `migration/`. */
  prefix: string;
  /** The panel's group title. */
  title: string;
}

/** A built-in analyzer (and its push-scope half) with its kind and, for a rule family, its rule files and docs pages. */
export interface BuiltInAnalyzer extends FindingKind {
  analyzer: Analyzer;
  pushAnalyzer?: PushAnalyzer;
  rules?: {
    family: RuleFamily;
    list: readonly RuleMeta<unknown>[];
    /** One file per rule, named after it. */
    folder: string;
    /** One page per rule and a README, written by scripts/rule-docs.ts. */
    docsFolder: string;
  };
}

export const BUILT_IN_ANALYZERS: readonly BuiltInAnalyzer[] = [
  {
    prefix: 'migration/',
    title: 'Migrations',
    analyzer: migrationsAnalyzer,
    rules: { family: 'migration', list: MIGRATION_RULES, folder: 'src/core/migrations/rules', docsFolder: 'docs/rules/migration' },
  },
  {
    prefix: 'jobs/',
    title: 'Background jobs',
    analyzer: jobsAnalyzer,
    pushAnalyzer: jobsPushAnalyzer,
    rules: { family: 'jobs', list: ALL_JOB_RULES, folder: 'src/core/jobs/rules', docsFolder: 'docs/rules/jobs' },
  },
  { prefix: 'team/', title: 'Team rules', analyzer: teamRulesAnalyzer, pushAnalyzer: pathsRulesAnalyzer },
  {
    prefix: 'testfirst/',
    title: 'Test-first',
    analyzer: testFirstAnalyzer,
    pushAnalyzer: testFirstPushAnalyzer,
    rules: { family: 'testfirst', list: TESTFIRST_RULES, folder: 'src/core/testfirst/rules', docsFolder: 'docs/rules/testfirst' },
  },
];

/** Every kind of finding the panel groups by: the analyzers', and the config file's own. */
export const FINDING_KINDS: readonly FindingKind[] = [
  ...BUILT_IN_ANALYZERS.map(({ prefix, title }) => ({ prefix, title })),
  { prefix: 'config/', title: 'Configuration' },
];

/** The analyzers every front end runs (editor, CLI, hook). */
export function builtinAnalyzers(): Analyzer[] {
  return BUILT_IN_ANALYZERS.map((builtIn) => builtIn.analyzer);
}

/** The analyzers of the push as a whole, which the gate runs (CLI, hook, the editor's check). */
export function builtinPushAnalyzers(): PushAnalyzer[] {
  return BUILT_IN_ANALYZERS.flatMap((builtIn) => (builtIn.pushAnalyzer ? [builtIn.pushAnalyzer] : []));
}

const FAMILIES = BUILT_IN_ANALYZERS.flatMap((builtIn) => (builtIn.rules ? [builtIn.rules] : []));

/** Every built-in rule by family, for the docs pages, the registry test and `new-rule`. */
export const BUILT_IN_RULES = Object.fromEntries(FAMILIES.map((family) => [family.family, family.list])) as Readonly<
  Record<RuleFamily, readonly RuleMeta<unknown>[]>
>;

/** Where each family's rule files live (one file per rule, named after it). */
export const RULE_FOLDERS = Object.fromEntries(FAMILIES.map((family) => [family.family, family.folder])) as Readonly<
  Record<RuleFamily, string>
>;

/** `.preflight.yml` with every feature's checks: what each front end loads. */
export const { loadConfig, parseConfig, parseConfigFully } = configLoader({
  checks: [usableTestMaps, containedQueueConfigs, runnableTeamRules],
  asyncChecks: [validatePatternRules],
});

/** A built-in rule's one-line description and docs page, by id (`migration/require-timeout`); undefined for others. */
export function describeRule(id: string): { description: string; docsUrl: string } | undefined {
  for (const family of FAMILIES) {
    const rule = family.list.find((r) => ruleId(family.family, r) === id);
    if (rule) return { description: rule.description, docsUrl: ruleDocsUrl(family.family, rule) };
  }
  return undefined;
}
