/**
 * `preflight trace` times: the throwaway cluster's start-up (initdb + pg_ctl start) apart from
 * the trace itself (earlier migration, synthetic rows, the migration observed statement by
 * statement), in process. Skipped when no PostgreSQL server is installed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/core/config/types';
import { findPostgresInstallations } from '../src/core/trace/binaries';
import { traceMigration } from '../src/core/trace/tracer';

export interface TraceRow {
  benchmark: string;
  unit: string;
  median: number;
  p95?: number;
  note?: string;
}

const EARLIER =
  'CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint, status text, total int, created_at timestamptz DEFAULT now());\n';
const MIGRATION = [
  "SET lock_timeout = '5s';",
  "ALTER TABLE orders ADD COLUMN note text DEFAULT 'none';",
  'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
  'CREATE INDEX orders_customer ON orders (customer_id);',
  'ALTER TABLE orders ALTER COLUMN status SET NOT NULL;',
  'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
  '',
].join('\n');

/** The same changes as a Rails migration: execute SQL as written, helpers as Rails renders them, on db/structure.sql. */
const RAILS_MIGRATION = [
  'class ChangeOrders < ActiveRecord::Migration[8.0]',
  '  def change',
  `    execute "SET lock_timeout = '5s'"`,
  '    add_column :orders, :note, :text, default: "none"',
  '    execute "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()"',
  '    add_index :orders, :customer_id',
  '    change_column_null :orders, :status, false',
  '    execute "ALTER TABLE orders ALTER COLUMN total TYPE bigint"',
  '  end',
  'end',
  '',
].join('\n');
const RAILS_PATH = 'db/migrate/20240202000000_change_orders.rb';

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function traceBenchmarks(runs = 5): Promise<TraceRow[]> {
  const installed = await findPostgresInstallations();
  if (installed.length === 0) return [];
  const root = mkdtempSync(join(tmpdir(), 'preflight-bench-trace-'));
  try {
    mkdirSync(join(root, 'db', 'migration'), { recursive: true });
    writeFileSync(join(root, 'db', 'migration', 'V1__orders.sql'), EARLIER);
    writeFileSync(join(root, 'db', 'migration', 'V2__change.sql'), MIGRATION);
    mkdirSync(join(root, 'db', 'migrate'), { recursive: true });
    writeFileSync(join(root, 'db', 'structure.sql'), EARLIER);
    writeFileSync(join(root, RAILS_PATH), RAILS_MIGRATION);
    const rows: TraceRow[] = [];
    for (const synthetic of [0, 100_000]) {
      const startup: number[] = [];
      const traced: number[] = [];
      let version = '';
      for (let i = 0; i < runs; i++) {
        const report = await traceMigration({
          root,
          path: 'db/migration/V2__change.sql',
          text: MIGRATION,
          config: defaultConfig(),
          target: { kind: 'throwaway-cluster' },
          rows: synthetic,
        });
        version = report.postgres;
        startup.push(report.startupMs ?? 0);
        traced.push(report.traceMs);
      }
      if (synthetic === 0)
        rows.push({
          benchmark: `trace: throwaway PostgreSQL ${version} start-up (initdb + pg_ctl start, Unix socket)`,
          unit: 'ms',
          median: quantile(startup, 0.5),
          p95: quantile(startup, 0.95),
          note: `${runs} runs`,
        });
      rows.push({
        benchmark: `trace: 1 earlier migration + a 6-statement Flyway migration${synthetic ? `, ${synthetic.toLocaleString('en')} synthetic rows in orders` : ' on empty tables'} (after start-up)`,
        unit: 'ms',
        median: quantile(traced, 0.5),
        p95: quantile(traced, 0.95),
        note: `${runs} runs`,
      });
    }
    const rails: number[] = [];
    for (let i = 0; i < runs; i++) {
      const report = await traceMigration({
        root,
        path: RAILS_PATH,
        text: RAILS_MIGRATION,
        config: defaultConfig(),
        target: { kind: 'throwaway-cluster' },
      });
      if (report.statements.length !== 6 || report.statements.some((s) => s.skipped || s.error))
        throw new Error(
          `the Rails trace did not run its 6 statements: ${JSON.stringify(report.statements.map((s) => s.skipped ?? s.error))}`,
        );
      rails.push(report.traceMs);
    }
    rows.push({
      benchmark:
        'trace: the same 6 changes as a Rails migration (execute + helpers rendered as Rails does) on db/structure.sql (after start-up)',
      unit: 'ms',
      median: quantile(rails, 0.5),
      p95: quantile(rails, 0.95),
      note: `${runs} runs`,
    });
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
