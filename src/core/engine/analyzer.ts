import type { PreflightConfig } from '../config/types';
import type { Finding, Severity } from '../findings/finding';

/** A file as the analyzers see it: its repository-relative POSIX path and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface AnalysisContext {
  config: PreflightConfig;
  /** Absolute path of the repository root. */
  root: string;
}

/** What a rule is, for docs, `--help`, ignore comments and severity overrides. */
export interface RuleMeta {
  id: string;
  description: string;
  severity: Severity;
  docsUrl?: string;
}

/**
 * One analyzer per concern (migrations, jobs, team rules, ...). `appliesTo` must be cheap:
 * it decides, from the path alone, whether a file is read at all.
 */
export interface Analyzer {
  name: string;
  rules(context: AnalysisContext): RuleMeta[];
  appliesTo(path: string, context: AnalysisContext): boolean;
  analyze(file: SourceFile, context: AnalysisContext): Finding[] | Promise<Finding[]>;
}
