/**
 * How often Preflight reports what squawk reports, on the benchmark's generated SQL migrations:
 * per rule, findings both report (same file, rule and line), squawk only, Preflight only.
 * squawk is told what Preflight knows of each runner: --assume-in-transaction for the files the
 * runner wraps in a transaction (Flyway, goose, multi-statement golang-migrate and Prisma files).
 *   node --require tsx/cjs bench/squawk-agreement.ts [sql-files, default 1000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../src/core/config/types';
import { analyzeFile } from '../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../src/core/engine/registry';
import { sqlRunnerOf } from '../src/core/migrations/formats';
import { isNonTransactional } from '../src/core/migrations/sql/extract';
import { parseSql } from '../src/core/migrations/sql/parser';
import { ensureSquawk, SQUAWK_BIN } from '../test/support/squawk';
import { generateCorpus } from './corpus';

/** Preflight rules squawk has no counterpart of, and notes about files rather than migrations. */
const NOT_SQUAWK = new Set(['backfill-with-schema-change', 'parse-error', 'not-postgres', 'outside-migration-paths']);

async function main(count: number): Promise<void> {
  if (!ensureSquawk()) throw new Error('squawk-cli could not be installed');
  const root = mkdtempSync(join(tmpdir(), 'preflight-squawk-agreement-'));
  try {
    const files = generateCorpus(42, count, 0).filter((file) => file.format === 'sql');
    const wrapped = new Set<string>();
    for (const file of files) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.text);
      const parsed = await parseSql(file.text);
      const statements = 'error' in parsed ? 1 : parsed.statements.length;
      const onlyNonTransactional = !('error' in parsed) && statements > 0 && parsed.statements.every((s) => isNonTransactional(s.node));
      if (sqlRunnerOf(file.path, file.text, root).transactional(file.text, statements, onlyNonTransactional)) wrapped.add(file.path);
    }
    const key = (file: string, rule: string, line: number) =>
      `${file}|${rule === 'prefer-timestamp-tz' ? 'prefer-timestamptz' : rule}|${line}`;
    const theirs = new Set<string>();
    for (const inTransaction of [true, false]) {
      const paths = files.map((file) => file.path).filter((path) => wrapped.has(path) === inTransaction);
      if (paths.length === 0) continue;
      const flag = inTransaction ? '--assume-in-transaction' : '--no-assume-in-transaction';
      const result = spawnSync(SQUAWK_BIN, ['--reporter', 'json', '--pg-version', '15', flag, ...paths], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      for (const v of JSON.parse(result.stdout) as Array<{ file: string; rule_name: string; line: number }>)
        theirs.add(key(v.file, v.rule_name, v.line + 1));
    }
    const ours = new Set<string>();
    const config = defaultConfig();
    for (const file of files) {
      for (const finding of await analyzeFile({ path: file.path, text: file.text }, builtinAnalyzers(), { config, root })) {
        const rule = finding.ruleId.replace(/^migration\//, '');
        if (finding.ruleId.startsWith('migration/') && !NOT_SQUAWK.has(rule)) ours.add(key(file.path, rule, finding.line));
      }
    }
    const byRule = new Map<string, { both: number; squawkOnly: number; preflightOnly: number }>();
    for (const k of new Set([...theirs, ...ours])) {
      const rule = k.split('|')[1];
      const counts = byRule.get(rule) ?? { both: 0, squawkOnly: 0, preflightOnly: 0 };
      if (theirs.has(k) && ours.has(k)) counts.both++;
      else if (theirs.has(k)) counts.squawkOnly++;
      else counts.preflightOnly++;
      byRule.set(rule, counts);
    }
    console.log(`${files.length} SQL migrations, ${wrapped.size} in the runner's transaction`);
    console.log('rule'.padEnd(46) + 'both'.padStart(7) + 'squawk only'.padStart(13) + 'Preflight only'.padStart(16));
    let both = 0;
    for (const [rule, counts] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
      both += counts.both;
      console.log(
        rule.padEnd(46) +
          String(counts.both).padStart(7) +
          String(counts.squawkOnly).padStart(13) +
          String(counts.preflightOnly).padStart(16),
      );
    }
    console.log(
      `Preflight reports ${both} of squawk's ${theirs.size} findings (${((100 * both) / theirs.size).toFixed(1)}%) at the same line`,
    );
    const timeouts = timeoutDifferences(theirs, ours);
    console.log(
      `The timeout rules judge a whole migration: of squawk's other findings, ${timeouts.otherStatement} are migrations Preflight reports too, ` +
        `at the first statement that blocks reads or writes rather than the first that takes any lock, and ${timeouts.exempt} are migrations ` +
        `none of whose statements blocks reads or writes (documented in both rules; test/integration/postgres-lock-queue.test.ts). ` +
        `Counting the first as agreement: ${(((both + timeouts.otherStatement) * 100) / theirs.size).toFixed(1)}%`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** squawk's timeout findings Preflight names at another statement of the same file, and those it has none for. */
function timeoutDifferences(theirs: ReadonlySet<string>, ours: ReadonlySet<string>): { otherStatement: number; exempt: number } {
  const fileAndRule = (k: string) => k.split('|').slice(0, 2).join('|');
  const oursByFile = new Set([...ours].map(fileAndRule));
  let otherStatement = 0;
  let exempt = 0;
  for (const k of theirs) {
    if (ours.has(k) || !/\|require-(lock|statement)-timeout\|/.test(k)) continue;
    if (oursByFile.has(fileAndRule(k))) otherStatement++;
    else exempt++;
  }
  return { otherStatement, exempt };
}

main(Number(process.argv[2] ?? 1000)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
