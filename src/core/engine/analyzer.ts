import type { PreflightConfig } from '../config/types';
import type { Finding, Severity } from '../findings/finding';
import type { PushView } from '../push/push-view';
import type { RemoteStatus } from '../remote/types';

/** A file as the analyzers see it: its repository-relative POSIX path and its text. */
export interface SourceFile {
  path: string;
  text: string;
  /** The file as the upstream has it (text undefined: the file is new); absent when not known. */
  base?: { text: string | undefined };
}

export interface AnalysisContext {
  config: PreflightConfig;
  /** Absolute path of the repository root. */
  root: string;
  /** An untrusted VS Code workspace: analyzers must not run git (its config can run programs) or anything else. */
  untrusted?: boolean;
  /** A pull request's range judged in CI (`check --base`): its labels when the CI run says them. */
  review?: { labels?: readonly string[] };
  /**
   * The file is open in the editor and is analysed again after each edit: analyzers may keep what
   * the next analysis reuses (a syntax tree, the matches away from the edit). A CLI run reads each
   * file once, and what it kept would only be garbage kept longer.
   */
  editing?: boolean;
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
  /**
   * Whether its findings on this file depend on `SourceFile.base` (rules about what changed). The
   * editor asks git for the upstream version only when an applicable analyzer says so.
   */
  usesBase?(path: string, context: AnalysisContext): boolean;
  analyze(file: SourceFile, context: AnalysisContext): Finding[] | Promise<Finding[]>;
}

/** What a push-scope analyzer sees: the whole push, and the pull request when it is known. */
export interface PushAnalysisContext extends AnalysisContext {
  push: PushView;
  /** The branch's pull request as last known; awaited only by rules that need it (labels). */
  pullRequest(): Promise<RemoteStatus | undefined>;
}

/**
 * A push-scope analyzer: its rules are about the push as a whole (a file changed without
 * another, a job removed while still named elsewhere), so the gate runs it, not the keystroke.
 */
export interface PushAnalyzer {
  name: string;
  rules(context: AnalysisContext): RuleMeta[];
  analyzePush(context: PushAnalysisContext): Promise<Finding[]>;
}
