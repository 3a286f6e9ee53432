import type { ClientBase } from 'pg';

interface Column {
  name: string;
  type: string;
  category: string;
  notNull: boolean;
  skip: boolean;
  enumLabel: string | null;
}

const COLUMNS_SQL = `SELECT quote_ident(a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category,
    a.attnotnull AS "notNull", (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS skip,
    (SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder LIMIT 1) AS "enumLabel"
  FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
  WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`;

/** A value for row `g` of a column of this type, or undefined when Preflight has none (the column is left to its default or NULL). */
function valueFor(column: Column): string | undefined {
  const cast = `::${column.type}`;
  switch (column.category) {
    case 'N':
      return /^(smallint|int2)/.test(column.type) ? `(g % 32000)${cast}` : `g${cast}`;
    case 'S':
      return `('row ' || g)${cast}`;
    case 'B':
      return `(g % 2 = 0)`;
    case 'D':
      return `now()${cast}`;
    case 'T':
      return `interval '1 second' * g`;
    case 'E':
      return column.enumLabel === null ? undefined : `${quoteLiteral(column.enumLabel)}${cast}`;
    case 'A':
      return `'{}'${cast}`;
    case 'I':
      return `'10.0.0.1'${cast}`;
  }
  if (column.type === 'uuid') return 'md5(g::text)::uuid';
  if (column.type === 'json' || column.type === 'jsonb') return `'{}'${cast}`;
  if (column.type === 'bytea') return `'\\x00'::bytea`;
  return undefined;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Fills a table with `rows` synthetic rows so that a scan or rewrite of it takes measurable
 * time. Columns with a default, identity or generated value keep it; foreign keys are not
 * checked while filling (session_replication_role = replica), so the values need not exist
 * elsewhere. Returns why it could not, if it could not.
 */
export async function fillTable(client: ClientBase, oid: number, rows: number): Promise<string | undefined> {
  const { rows: columns } = await client.query<Column>(COLUMNS_SQL, [oid]);
  const { rows: names } = await client.query<{ name: string }>(
    'SELECT format($$%I.%I$$, n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1',
    [oid],
  );
  const values: Array<[string, string]> = [];
  for (const column of columns) {
    if (column.skip) continue;
    const value = valueFor(column);
    if (value !== undefined) values.push([column.name, value]);
    else if (column.notNull) return `no synthetic value for its NOT NULL column ${column.name} (${column.type})`;
  }
  const target = names[0].name;
  const sql =
    values.length === 0
      ? `INSERT INTO ${target} SELECT FROM generate_series(1, ${rows}) g`
      : `INSERT INTO ${target} (${values.map(([name]) => name).join(', ')}) SELECT ${values.map(([, value]) => value).join(', ')} FROM generate_series(1, ${rows}) g`;
  await client.query('SAVEPOINT preflight_fill');
  try {
    await client.query(sql);
    await client.query('RELEASE SAVEPOINT preflight_fill');
    return undefined;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT preflight_fill');
    return (error as Error).message;
  }
}
