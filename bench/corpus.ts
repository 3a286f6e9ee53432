/**
 * A deterministic corpus of migrations, sized like a real application's history: SQL in the
 * layouts of Flyway, golang-migrate, goose and Prisma, and Rails migrations. The same seed
 * gives the same files, so runs compare.
 */
export interface CorpusFile {
  path: string;
  text: string;
  format: 'sql' | 'rails';
}

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TABLES = [
  'orders',
  'customers',
  'invoices',
  'payments',
  'shipments',
  'products',
  'line_items',
  'accounts',
  'events',
  'subscriptions',
];
const COLUMNS = [
  'status',
  'total_cents',
  'customer_id',
  'placed_at',
  'note',
  'channel',
  'currency',
  'external_id',
  'archived_at',
  'priority',
];

export function generateCorpus(seed = 42, sqlFiles = 800, railsFiles = 250): CorpusFile[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const files: CorpusFile[] = [];
  for (let i = 1; i <= sqlFiles; i++) {
    const statements = Array.from({ length: 3 + Math.floor(random() * 12) }, () => sqlStatement(pick, random));
    if (random() < 0.5) statements.unshift("SET lock_timeout = '5s';", "SET statement_timeout = '15min';");
    const layout = i % 4;
    const name = `${String(i).padStart(4, '0')}_change_${pick(TABLES)}`;
    const path =
      layout === 0
        ? `db/migration/V${i}__change_${pick(TABLES)}.sql`
        : layout === 1
          ? `migrations/${name}.up.sql`
          : layout === 2
            ? `db/goose/${name}.sql`
            : `prisma/migrations/${name}/migration.sql`;
    const header = layout === 2 ? '-- +goose Up\n' : `-- ${name}: generated for the benchmark\n`;
    files.push({ path, text: header + statements.join('\n') + '\n', format: 'sql' });
  }
  for (let i = 1; i <= railsFiles; i++) {
    const calls = Array.from({ length: 1 + Math.floor(random() * 8) }, () => railsCall(pick, random));
    const name = `ChangeThings${i}`;
    const text = `class ${name} < ActiveRecord::Migration[7.1]\n${random() < 0.3 ? '  disable_ddl_transaction!\n\n' : ''}  def change\n${calls.map((c) => `    ${c}`).join('\n')}\n  end\nend\n`;
    files.push({ path: `db/migrate/2026${String(i).padStart(10, '0')}_change_things_${i}.rb`, text, format: 'rails' });
  }
  return files;
}

function sqlStatement(pick: <T>(items: readonly T[]) => T, random: () => number): string {
  const table = pick(TABLES);
  const column = pick(COLUMNS);
  const templates = [
    () =>
      `CREATE TABLE ${table}_${Math.floor(random() * 1e6)} (\n  id bigserial PRIMARY KEY,\n  ${column} text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);`,
    () => `CREATE INDEX ${random() < 0.5 ? 'CONCURRENTLY ' : ''}index_${table}_on_${column} ON ${table} (${column});`,
    () => `ALTER TABLE ${table} ADD COLUMN ${column}_v2 text${random() < 0.3 ? " DEFAULT 'x'" : ''};`,
    () =>
      `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fk FOREIGN KEY (${column}) REFERENCES customers (id)${random() < 0.5 ? ' NOT VALID' : ''};`,
    () =>
      `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_check CHECK (${column} IS NOT NULL)${random() < 0.5 ? ' NOT VALID' : ''};`,
    () => `ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`,
    () => `UPDATE ${table} SET ${column} = DEFAULT WHERE ${column} IS NULL AND id BETWEEN 1 AND 10000;`,
    () => `ALTER TABLE ${table} RENAME COLUMN ${column} TO ${column}_old;`,
    () => `-- keep the old column until the next release\nALTER TABLE ${table} DROP COLUMN IF EXISTS ${column}_legacy;`,
    () => `COMMENT ON COLUMN ${table}.${column} IS 'see the data dictionary';`,
  ];
  return pick(templates)();
}

function railsCall(pick: <T>(items: readonly T[]) => T, random: () => number): string {
  const table = pick(TABLES);
  const column = pick(COLUMNS);
  const templates = [
    () => `add_index :${table}, :${column}${random() < 0.5 ? ', algorithm: :concurrently' : ''}`,
    () => `add_column :${table}, :${column}_v2, :string${random() < 0.3 ? ', null: false, default: ""' : ''}`,
    () => `add_foreign_key :${table}, :customers${random() < 0.5 ? ', validate: false' : ''}`,
    () => `change_column_null :${table}, :${column}, false`,
    () => `remove_column :${table}, :${column}_legacy, :string`,
    () => `add_reference :${table}, :account, foreign_key: true`,
    () => `execute <<~SQL\n      UPDATE ${table} SET ${column} = NULL WHERE id < 100;\n    SQL`,
    () => `create_table :${table}_archive do |t|\n      t.string :${column}\n      t.timestamps\n    end`,
  ];
  return pick(templates)();
}
