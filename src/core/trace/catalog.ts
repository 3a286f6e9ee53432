import type { ClientBase } from 'pg';

/** A user relation (table, index, materialized view) and the file its rows are in. */
export interface RelationState {
  oid: number;
  name: string;
  kind: 'table' | 'index' | 'view' | 'other';
  fileNode: number;
  /** For an index: its table, and whether it is valid (a failed CREATE INDEX CONCURRENTLY leaves an invalid one). */
  table?: string;
  valid: boolean;
}

export interface ConstraintState {
  oid: number;
  name: string;
  table: string;
  type: string;
  validated: boolean;
  /** The index a unique, primary-key or exclusion constraint uses. */
  indexOid?: number;
}

/** The catalog as the migration's own transaction sees it (another session would not see its uncommitted changes). */
export interface CatalogSnapshot {
  relations: Map<number, RelationState>;
  constraints: Map<number, ConstraintState>;
  /** Sequential scans of each table so far (pg_stat_xact_user_tables: counted before they are flushed to the statistics). */
  seqScans: Map<number, number>;
  lockTimeout: string;
  statementTimeout: string;
}

export interface HeldLock {
  oid: number;
  relation: string;
  kind: RelationState['kind'];
  mode: string;
}

const USER_NAMESPACES = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;
const DISPLAY_NAME = (alias: string, ns: string) =>
  `CASE WHEN ${ns}.nspname = 'public' THEN ${alias}.relname::text ELSE ${ns}.nspname || '.' || ${alias}.relname END`;
const KIND = (alias: string) =>
  `CASE ${alias}.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'm' THEN 'view' ELSE 'other' END`;

const RELATIONS_SQL = `SELECT c.oid::int8 AS oid, ${DISPLAY_NAME('c', 'n')} AS name, ${KIND('c')} AS kind, c.relfilenode::int8 AS filenode,
    ${DISPLAY_NAME('t', 'tn')} AS table, coalesce(i.indisvalid, true) AS valid
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
  WHERE c.relkind IN ('r', 'p', 'i', 'I', 'm') AND ${USER_NAMESPACES}`;

const CONSTRAINTS_SQL = `SELECT co.oid::int8 AS oid, co.conname::text AS name, ${DISPLAY_NAME('c', 'n')} AS table, co.contype::text AS type,
    co.convalidated AS validated, nullif(co.conindid, 0)::int8 AS index
  FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_NAMESPACES}`;

const CONSTRAINT_TYPES: Record<string, string> = {
  c: 'check',
  f: 'foreign-key',
  p: 'primary-key',
  u: 'unique',
  x: 'exclusion',
  t: 'trigger',
};

export async function catalogSnapshot(client: ClientBase): Promise<CatalogSnapshot> {
  const relations = await client.query<{
    oid: string;
    name: string;
    kind: RelationState['kind'];
    filenode: string;
    table: string | null;
    valid: boolean;
  }>(RELATIONS_SQL);
  const constraints = await client.query<{
    oid: string;
    name: string;
    table: string;
    type: string;
    validated: boolean;
    index: string | null;
  }>(CONSTRAINTS_SQL);
  const scans = await client.query<{ relid: string; seq_scan: string }>(
    'SELECT relid::int8 AS relid, seq_scan::int8 AS seq_scan FROM pg_stat_xact_user_tables',
  );
  const settings = await client.query<{ lock: string; statement: string }>(
    "SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement",
  );
  return {
    relations: new Map(
      relations.rows.map((r) => [
        Number(r.oid),
        { oid: Number(r.oid), name: r.name, kind: r.kind, fileNode: Number(r.filenode), table: r.table ?? undefined, valid: r.valid },
      ]),
    ),
    constraints: new Map(
      constraints.rows.map((c) => [
        Number(c.oid),
        {
          oid: Number(c.oid),
          name: c.name,
          table: c.table,
          type: CONSTRAINT_TYPES[c.type] ?? c.type,
          validated: c.validated,
          indexOid: c.index === null ? undefined : Number(c.index),
        },
      ]),
    ),
    seqScans: new Map(scans.rows.map((s) => [Number(s.relid), Number(s.seq_scan)])),
    lockTimeout: settings.rows[0].lock,
    statementTimeout: settings.rows[0].statement,
  };
}

const LOCKS_SQL = `SELECT c.oid::int8 AS oid, ${DISPLAY_NAME('c', 'n')} AS relation, ${KIND('c')} AS kind, l.mode
  FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE l.pid = $1 AND l.locktype = 'relation' AND l.granted AND ${USER_NAMESPACES}`;

/**
 * The relation locks a backend holds, seen from another session (pg_locks is shared memory, so
 * it shows locks of a transaction still open). A relation the transaction created is not yet in
 * this session's pg_class, so its locks are not listed: nobody else can be waiting for it.
 */
export async function locksHeldBy(observer: ClientBase, pid: number): Promise<HeldLock[]> {
  const result = await observer.query<{ oid: string; relation: string; kind: RelationState['kind']; mode: string }>(LOCKS_SQL, [pid]);
  return result.rows.map((r) => ({ oid: Number(r.oid), relation: r.relation, kind: r.kind, mode: r.mode }));
}

/** PostgreSQL's lock modes from weakest to strongest (the order of the conflict table in its docs). */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

/** A lock mode's place in LOCK_MODES (-1 for a mode PostgreSQL does not name so), to sort by. */
export function lockStrength(mode: string): number {
  return (LOCK_MODES as readonly string[]).indexOf(mode);
}

/** Modes that conflict with RowExclusiveLock, the lock every INSERT, UPDATE and DELETE takes: they block writes. */
export function blocksWrites(mode: string): boolean {
  return ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'].includes(mode);
}

/** Only AccessExclusiveLock conflicts with AccessShareLock, which every SELECT takes. */
export function blocksReads(mode: string): boolean {
  return mode === 'AccessExclusiveLock';
}
