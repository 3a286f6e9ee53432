import type { Node } from 'web-tree-sitter';
import { isTrue, literal, names, plainString, topLevelCall, type RailsCall } from '../migrations/rails/call';

/**
 * The SQL Rails' PostgreSQL adapter sends for a schema helper, for the helpers and options whose
 * SQL Preflight reproduces exactly (as ActiveRecord 8's schema_creation.rb and postgresql/
 * schema_statements.rb build it); for the others, why not. Nothing here asks the database, so a
 * helper whose SQL Rails works out from the current schema (remove_index by column, a generated
 * check constraint name) is not rendered.
 */
export function renderRailsCall(node: Node): { sql: string[] } | { reason: string } | undefined {
  const name = node.childForFieldName('method')?.text ?? '';
  const render = RENDERERS[name];
  if (!render || node.childForFieldName('receiver') || node.childForFieldName('block')) return undefined;
  const call = topLevelCall(node, name);
  if (!call.table) return { reason: `${name} names no table Preflight can read` };
  const unknown = [...call.options.keys()].filter((option) => !render.options.has(option));
  if (unknown.length > 0) return { reason: `Preflight does not render ${name} with ${unknown.map((o) => `${o}:`).join(', ')} yet` };
  const sql = render.sql(call);
  return typeof sql === 'string' ? { reason: sql } : { sql };
}

interface Renderer {
  options: ReadonlySet<string>;
  /** The statements, or why they cannot be rendered. */
  sql: (call: RailsCall) => string[] | string;
}

const RENDERERS: Record<string, Renderer> = {
  add_index: {
    options: new Set(['name', 'unique', 'where', 'algorithm', 'if_not_exists']),
    sql: (call) => {
      const columns = names(call.args[0]);
      if (columns.length === 0 || call.args.length !== 1 || !columns.every(isIdentifier))
        return 'its columns are not plain column names (an expression, or options per column)';
      // the PostgreSQL adapter names the index after the table without its schema
      const table = call.table.split('.').pop();
      const name = call.options.has('name') ? nameOption(call.options.get('name')) : `index_${table}_on_${columns.join('_and_')}`;
      if (name === undefined) return 'its name: is not a plain string';
      // longer names: Rails 7.1+ hashes them, older migration versions refuse them
      if (Buffer.byteLength(name) > 63) return `its index name ${name} is longer than PostgreSQL's 63 bytes`;
      const algorithm = algorithmOption(call.options.get('algorithm'));
      if (algorithm === false) return 'its algorithm: is not :concurrently';
      const where = call.options.get('where');
      const condition = where === undefined ? undefined : plainString(where);
      if (where !== undefined && condition === undefined) return 'its where: is not a plain string';
      if (condition !== undefined && isIdentifier(condition))
        return 'its where: names a column, which Rails quotes only when the table has that column';
      const words = [
        'CREATE',
        ...(isTrue(call.options.get('unique')) ? ['UNIQUE'] : []),
        'INDEX',
        ...(algorithm ? [algorithm] : []),
        ...(isTrue(call.options.get('if_not_exists')) ? ['IF NOT EXISTS'] : []),
        `${quoteIdentifier(name)} ON ${quoteTable(call.table)}`,
        `(${columns.map(quoteIdentifier).join(', ')})`,
        ...(condition !== undefined ? [`WHERE ${condition}`] : []),
      ];
      return [words.join(' ')];
    },
  },
  remove_index: {
    options: new Set(['name', 'algorithm']),
    sql: (call) => {
      if (call.args.length > 0 || !call.options.has('name'))
        return 'Rails finds the index to remove by its columns in the database, so only remove_index with name: alone is rendered';
      const name = nameOption(call.options.get('name'));
      if (name === undefined) return 'its name: is not a plain string';
      const algorithm = algorithmOption(call.options.get('algorithm'));
      if (algorithm === false) return 'its algorithm: is not :concurrently';
      const schema = call.table.includes('.') ? `${quoteIdentifier(call.table.split('.')[0])}.` : '';
      // "DROP INDEX #{index_algorithm(...)} #{name}": two spaces without an algorithm, as Rails writes it
      return [`DROP INDEX ${algorithm ?? ''} ${schema}${quoteIdentifier(name)}`];
    },
  },
  add_column: {
    options: new Set(['null', 'default', 'limit']),
    sql: (call) => {
      const [column, type] = call.args;
      if (!column || !type || call.args.length !== 2) return 'it is not add_column :table, :column, :type';
      const sqlType = columnType(literal(type), call.options.get('limit'));
      if (!sqlType) return `Preflight does not render the ${literal(type)} type${call.options.has('limit') ? ' with limit:' : ''} yet`;
      let definition = `${quoteIdentifier(literal(column))} ${sqlType}`;
      if (call.options.has('default')) {
        const value = defaultExpression(call.options.get('default')!, literal(type));
        if (value === undefined) return 'its default: is not a literal Preflight renders as Rails quotes it';
        definition += ` DEFAULT ${value}`;
      }
      const nullable = call.options.get('null');
      if (nullable && nullable.type !== 'true' && nullable.type !== 'false') return 'its null: is not true or false';
      if (nullable?.type === 'false') definition += ' NOT NULL';
      return [`ALTER TABLE ${quoteTable(call.table)} ADD ${definition}`];
    },
  },
  remove_column: {
    options: new Set(),
    sql: (call) => {
      const [column] = call.args;
      if (!column || call.args.length > 2) return 'it is not remove_column :table, :column';
      return [`ALTER TABLE ${quoteTable(call.table)} DROP COLUMN ${quoteIdentifier(literal(column))}`];
    },
  },
  change_column_null: {
    options: new Set(),
    sql: (call) => {
      const [column, nullable, fill] = call.args;
      if (!column || (nullable?.type !== 'true' && nullable?.type !== 'false')) return 'its null argument is not true or false';
      // with a fill value Rails first updates the NULL rows, quoted for the column's type in the database
      if (fill !== undefined && fill.type !== 'nil') return 'Rails quotes its fill value for the column type it reads from the database';
      const action = nullable.type === 'true' ? 'DROP' : 'SET';
      return [`ALTER TABLE ${quoteTable(call.table)} ALTER COLUMN ${quoteIdentifier(literal(column))} ${action} NOT NULL`];
    },
  },
  add_check_constraint: {
    options: new Set(['name', 'validate']),
    sql: (call) => {
      const expression = plainString(call.args[0]);
      if (expression === undefined || call.args.length !== 1) return 'its expression is not a plain string';
      const name = nameOption(call.options.get('name'));
      if (name === undefined) return 'Rails names the constraint from a hash of its expression: give it a name: to trace it';
      const validate = call.options.get('validate');
      if (validate && validate.type !== 'true' && validate.type !== 'false') return 'its validate: is not true or false';
      // CheckConstraintDefinition writes the name unquoted
      return [
        `ALTER TABLE ${quoteTable(call.table)} ADD CONSTRAINT ${name} CHECK (${expression})${validate?.type === 'false' ? ' NOT VALID' : ''}`,
      ];
    },
  },
  validate_check_constraint: {
    options: new Set(['name']),
    sql: (call) => {
      const name = nameOption(call.options.get('name'));
      if (name === undefined || call.args.length > 0)
        return 'Rails finds the constraint by its expression in the database: give it a name: to trace it';
      return [`ALTER TABLE ${quoteTable(call.table)} VALIDATE CONSTRAINT ${quoteIdentifier(name)}`];
    },
  },
  remove_check_constraint: {
    options: new Set(['name']),
    sql: (call) => {
      const name = nameOption(call.options.get('name'));
      if (name === undefined) return 'Rails finds the constraint by its expression in the database: give it a name: to trace it';
      return [`ALTER TABLE ${quoteTable(call.table)} DROP CONSTRAINT ${quoteIdentifier(name)}`];
    },
  },
};

/** NATIVE_DATABASE_TYPES of Rails' PostgreSQL adapter, for the types whose SQL has no precision Rails adds by version. */
const TYPES: Record<string, string> = {
  string: 'character varying',
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  float: 'float',
  decimal: 'decimal',
  date: 'date',
  binary: 'bytea',
  boolean: 'boolean',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  inet: 'inet',
  cidr: 'cidr',
  citext: 'citext',
  hstore: 'hstore',
  interval: 'interval',
};

/** integer's limit: picks smallint, integer or bigint; string's: character varying(n). */
function columnType(type: string, limit: Node | undefined): string | undefined {
  if (!limit) return TYPES[type];
  const bytes = /^\d+$/.test(limit.text) ? Number(limit.text) : undefined;
  if (bytes === undefined) return undefined;
  if (type === 'string') return `character varying(${bytes})`;
  if (type === 'integer')
    return { 1: 'smallint', 2: 'smallint', 3: 'integer', 4: 'integer', 5: 'bigint', 6: 'bigint', 7: 'bigint', 8: 'bigint' }[bytes];
  return undefined;
}

const NUMERIC = new Set(['integer', 'bigint', 'float', 'decimal']);
const TEXTUAL = new Set(['string', 'text', 'citext']);

/** quote_default_expression for the literals whose quoting does not depend on the database: a number, a boolean, nil, a string, a `-> { "SQL" }`. */
function defaultExpression(value: Node, type: string): string | undefined {
  if (value.type === 'nil') return 'NULL';
  if (value.type === 'true' || value.type === 'false') return type === 'boolean' ? value.type.toUpperCase() : undefined;
  if ((value.type === 'integer' || value.type === 'float') && NUMERIC.has(type)) return value.text.replace(/_/g, '');
  if (value.type === 'string' && TEXTUAL.has(type)) {
    const text = plainString(value);
    return text === undefined || text.includes('\\') ? undefined : `'${text.replace(/'/g, "''")}'`;
  }
  if (value.type === 'lambda') {
    const body = value.descendantsOfType('string');
    const statements = value.descendantsOfType(['identifier', 'call', 'constant']);
    const text = body.length === 1 && statements.length === 0 ? plainString(body[0] ?? undefined) : undefined;
    return text === undefined || text.includes('\\') ? undefined : text;
  }
  return undefined;
}

function nameOption(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'simple_symbol') return literal(node);
  const text = plainString(node);
  return text === undefined || text.includes('\\') ? undefined : text;
}

/** `algorithm: :concurrently` → CONCURRENTLY; absent → undefined; anything else → false. */
function algorithmOption(node: Node | undefined): string | false | undefined {
  if (!node) return undefined;
  return literal(node) === 'concurrently' ? 'CONCURRENTLY' : false;
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** PG::Connection.quote_ident. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** quote_table_name: `schema.table` is two identifiers. */
function quoteTable(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.');
}
