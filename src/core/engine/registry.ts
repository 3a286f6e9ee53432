import type { Analyzer, PushAnalyzer } from './analyzer';
import { migrationsAnalyzer } from '../migrations/analyzer';
import { teamRulesAnalyzer } from '../team-rules/analyzer';
import { pathsRulesAnalyzer } from '../team-rules/paths-rules';
import { jobsAnalyzer, jobsPushAnalyzer } from '../jobs/analyzer';
import { testFirstAnalyzer, testFirstPushAnalyzer, TESTFIRST_RULES } from '../testfirst/analyzer';
import { MIGRATION_RULES } from '../migrations/rules';
import { ALL_JOB_RULES } from '../jobs/analyzer';
import type { RuleFamily, RuleMeta } from '../rules/rule';

/**
 * The analyzers every front end runs (editor, CLI, hook). A new analyzer is added here once
 * and appears everywhere; nothing else needs to know about it.
 */
export function builtinAnalyzers(): Analyzer[] {
  return [migrationsAnalyzer, jobsAnalyzer, teamRulesAnalyzer, testFirstAnalyzer];
}

/** The analyzers of the push as a whole, which the gate runs (CLI, hook, the editor's check). */
export function builtinPushAnalyzers(): PushAnalyzer[] {
  return [pathsRulesAnalyzer, jobsPushAnalyzer, testFirstPushAnalyzer];
}

/** Every built-in rule by family, for the docs pages, the registry test and `new-rule`. */
export const BUILT_IN_RULES: Readonly<Record<RuleFamily, readonly RuleMeta<unknown>[]>> = {
  migration: MIGRATION_RULES,
  jobs: ALL_JOB_RULES,
  testfirst: TESTFIRST_RULES,
};

/** Where each family's rule files live (one file per rule, named after it). */
export const RULE_FOLDERS: Readonly<Record<RuleFamily, string>> = {
  migration: 'src/core/migrations/rules',
  jobs: 'src/core/jobs/rules',
  testfirst: 'src/core/testfirst/rules',
};
