import type { Severity } from '../findings/finding';
import type { PatternLanguage } from '../syntax/languages';

/** The shape of `.preflight.yml` after defaults are applied; mirrors schemas/preflight.schema.json. */
export interface PreflightConfig {
  version: 1;
  include: string[];
  ignore: string[];
  maxFileSize: number;
  /** setInFile: the config file gives the version (rather than the default), so it wins over .squawk.toml's pg_version. */
  postgres: { version: number; setInFile?: boolean; source?: string };
  migrations: {
    enabled: boolean;
    paths: Partial<Record<MigrationFormat, string[]>>;
    /** When the repository does not say which database a migration is for. */
    database?: Database;
    runnerSetsTimeouts: boolean;
    rules: RuleSeverities;
  };
  jobs: { enabled: boolean; queueConfigs: string[]; rules: RuleSeverities };
  rules: TeamRuleConfig[];
  tests: TestMapConfig[];
  testFirst: { enabled: boolean; exceptions: string[] };
  gate: { blockOn: 'error' | 'warning' | 'never'; onError: 'block' | 'warn'; commands: GateCommand[] };
  remote: {
    gate: 'warn' | 'block' | 'off';
    /** A push to a branch whose pull request was already merged or closed: its commits reach no pull request. */
    mergedBranch: 'warn' | 'block' | 'off';
    /** A required check that this push will never get (its workflow's filters skip the push): the pull request would wait forever. */
    requiredChecks: 'warn' | 'block' | 'off';
    github: { apiUrl?: string };
    stagingReview: { environment?: string; label?: string; check?: string };
  };
}

export type Database = 'postgres' | 'mysql' | 'sqlite' | 'sqlserver' | 'oracle' | 'clickhouse';
export type MigrationFormat = 'sql' | 'rails' | 'django' | 'alembic' | 'knex' | 'typeorm' | 'sequelize';
export type RuleSeverities = Record<string, Severity | 'off'>;
export type StringOrList = string | string[];

export interface TeamRuleConfig {
  id: string;
  message: string;
  severity?: Severity;
  files?: StringOrList;
  ignores?: StringOrList;
  help?: string;
  docsUrl?: string;
  regex?: string;
  flags?: string;
  /** A pattern, or ast-grep's `{context, selector, strictness}`. */
  pattern?: RuleObject['pattern'];
  language?: PatternLanguage;
  /** An ast-grep rule object (`kind`, `has`, `inside`, `all`...), with the rule's `constraints` and `utils`. */
  rule?: RuleObject;
  constraints?: Record<string, RuleObject>;
  utils?: Record<string, RuleObject>;
  'forbid-import'?: StringOrList;
  paths?: { changed: StringOrList; requires?: StringOrList; label?: string };
  /** The replacement, or ast-grep's `{template, expandStart, expandEnd}` (pattern and rule-object rules only). */
  fix?: string | FixObject;
  scope?: 'all' | 'changed';
  tests?: { valid?: string[]; invalid?: RuleTestCase[] };
  /** 1-based line of the rule in the config file, for "open rule definition". */
  definedAtLine?: number;
  /** 1-based lines of the rule's nested keys, by their dotted path (`rule.all.0.pattern`), for problems found later. */
  keyLines?: Record<string, number>;
  /** The included file the rule comes from (absent: the main config file). */
  definedIn?: string;
}

/** A rule test's example: the code, or (for an invalid one) the code and what the rule's fixes must make of it. */
export type RuleTestCase = string | { code: string; output: string };

export interface TestMapConfig {
  source: string[];
  tests: string[];
  create?: string;
  framework?: string;
}

export interface GateCommand {
  name: string;
  run: string;
  timeoutSeconds?: number;
}

export function defaultConfig(): PreflightConfig {
  return {
    version: 1,
    include: [],
    ignore: ['node_modules/**', 'vendor/**', 'dist/**', 'build/**'],
    maxFileSize: 2 * 1024 * 1024,
    postgres: { version: 15 },
    migrations: { enabled: true, paths: {}, runnerSetsTimeouts: false, rules: {} },
    jobs: { enabled: true, queueConfigs: [], rules: {} },
    rules: [],
    tests: [],
    testFirst: { enabled: true, exceptions: [] },
    gate: { blockOn: 'error', onError: 'block', commands: [] },
    remote: { gate: 'warn', mergedBranch: 'block', requiredChecks: 'warn', github: {}, stagingReview: {} },
  };
}

/** What a pattern object may set: how much the code may add to the pattern (ast-grep's strictness). */
export type Strictness = 'cst' | 'smart' | 'ast' | 'relaxed' | 'signature';

/** An ast-grep rule object (docs/team-rules.md, "Rule objects"): every key given must hold. */
export interface RuleObject {
  pattern?: string | { context: string; selector?: string; strictness?: Strictness };
  kind?: string;
  regex?: string;
  inside?: Relation;
  has?: Relation;
  precedes?: Relation;
  follows?: Relation;
  all?: RuleObject[];
  any?: RuleObject[];
  not?: RuleObject;
  matches?: string;
}

export interface Relation extends RuleObject {
  stopBy?: 'neighbor' | 'end' | RuleObject;
  field?: string;
}

export interface FixObject {
  template: string;
  expandStart?: Relation;
  expandEnd?: Relation;
}
