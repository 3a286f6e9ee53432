import type { Severity } from '../findings/finding';
import type { MigrationFormat } from '../config/types';
import { normalizeTable, type Located, type Operation } from './operations';

/** How a migration is written and run, as far as the rules care. */
export interface MigrationContext {
  /** 'sql' for every raw-SQL flavour (Flyway, golang-migrate, goose, Prisma, plain). */
  format: MigrationFormat;
  /** The runner's name, for messages: "Flyway", "goose", "Rails", ... */
  runner: string;
  /** Whether the operation at this index runs inside a transaction. */
  inTransaction(index: number): boolean;
  /** How this format turns the transaction off, for help texts. */
  transactionOptOut: string;
  /** Tables created in this same migration: changing them locks nobody. */
  createdTables: ReadonlySet<string>;
  postgresVersion: number;
  runnerSetsTimeouts: boolean;
  text: string;
  /** Where and what to insert to run this migration outside a transaction, when the format has a line for it. */
  transactionOptOutEdit?: { at: number; text: string };
}

/** What a rule reports; the analyzer turns it into a Finding with positions. */
export interface RuleHit {
  at: Located;
  message: string;
  /** Replaces the rule's default help when the advice depends on the case. */
  help?: string;
  fix?: { description: string; edits: Array<{ start: number; end: number; newText: string }> };
}

export interface MigrationRule {
  /** Without the `migration/` prefix; squawk's name where the risk is the same. */
  name: string;
  severity: Severity;
  /** One line: what the rule catches. */
  description: string;
  /** The docs page's body: which lock, for how long, and what goes wrong. */
  why: string;
  /** The safe way, per format ('sql' is the fallback). */
  help: Partial<Record<MigrationFormat, string>> & { sql: string };
  check(ops: readonly Located[], context: MigrationContext): RuleHit[];
}

export function ruleId(rule: Pick<MigrationRule, 'name'>): string {
  return `migration/${rule.name}`;
}

/** Runs `visit` on every operation of one kind, with its index (for transaction state). */
export function eachOp<K extends Operation['kind']>(
  ops: readonly Located[],
  kind: K,
  visit: (at: Located<Extract<Operation, { kind: K }>>, index: number) => RuleHit | undefined,
): RuleHit[] {
  const hits: RuleHit[] = [];
  ops.forEach((at, index) => {
    if (at.op.kind !== kind) return;
    const hit = visit(at as Located<Extract<Operation, { kind: K }>>, index);
    if (hit) hits.push(hit);
  });
  return hits;
}

export function isNewTable(table: string, context: MigrationContext): boolean {
  return context.createdTables.has(normalizeTable(table));
}
