import type { Analyzer, PushAnalyzer } from './analyzer';
import { migrationsAnalyzer } from '../migrations/analyzer';
import { teamRulesAnalyzer } from '../team-rules/analyzer';
import { pathsRulesAnalyzer } from '../team-rules/paths-rules';
import { jobsAnalyzer, jobsPushAnalyzer } from '../jobs/analyzer';
import { testFirstAnalyzer, testFirstPushAnalyzer } from '../testfirst/analyzer';

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
