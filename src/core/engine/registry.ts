import type { Analyzer } from './analyzer';
import { migrationsAnalyzer } from '../migrations/analyzer';
import { teamRulesAnalyzer } from '../team-rules/analyzer';

/**
 * The analyzers every front end runs (editor, CLI, hook). A new analyzer is added here once
 * and appears everywhere; nothing else needs to know about it.
 */
export function builtinAnalyzers(): Analyzer[] {
  return [migrationsAnalyzer, teamRulesAnalyzer];
}
