import { normalizeTable, type Operation } from './operations';

/**
 * ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (PostgreSQL's AlterTableGetLockLevel):
 * reads go on while they run.
 */
const WEAKER_ALTER_TABLE_ACTIONS = new Set([
  'SetStatistics',
  'SetOptions',
  'ResetOptions',
  'ClusterOn',
  'DropCluster',
  'AttachPartition',
  'EnableTrig',
  'EnableAlwaysTrig',
  'EnableReplicaTrig',
  'EnableTrigAll',
  'EnableTrigUser',
  'DisableTrig',
  'DisableTrigAll',
  'DisableTrigUser',
]);

/** The existing table an operation locks ACCESS EXCLUSIVE (no reads, no writes until commit), if it does. */
export function accessExclusiveTable(op: Operation): string | undefined {
  switch (op.kind) {
    case 'add-column':
    case 'alter-column-type':
    case 'set-not-null':
    case 'drop-not-null':
    case 'drop-constraint':
    case 'rename-column':
    case 'rename-table':
    case 'drop-column':
      return op.table;
    case 'add-constraint':
      // ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE: reads go on.
      return op.constraint === 'foreign-key' ? undefined : op.table;
    case 'truncate':
      return op.tables[0];
    case 'detach-partition':
      // DETACH ... CONCURRENTLY (and FINALIZE) takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
      return op.concurrently ? undefined : op.table;
    case 'rewrite-table':
      // VACUUM FULL and CLUSTER; with no table named, which ones is not known.
      return op.tables[0];
    case 'lock-table':
      return op.lock === 'access-exclusive' ? op.table : undefined;
    case 'other-ddl':
      return WEAKER_ALTER_TABLE_ACTIONS.has(op.description) ? undefined : op.table;
    default:
      return undefined;
  }
}

/**
 * What an operation does that takes time in proportion to an existing table's size (a scan, a
 * rewrite, an index build), in words for a message; undefined when it is quick. Data changes are
 * backfill-with-schema-change's.
 */
export function slowWork(op: Operation, createdHere: ReadonlySet<string>, postgresVersion: number): string | undefined {
  const existing = (table: string) => !createdHere.has(normalizeTable(table));
  switch (op.kind) {
    case 'create-index':
      return !op.concurrently && existing(op.table) ? `builds an index on '${op.table}'` : undefined;
    case 'validate-constraint':
      return existing(op.table) ? `checks every row of '${op.table}' to validate a constraint` : undefined;
    case 'add-constraint':
      if (op.notValid || op.usingIndex || !existing(op.table)) return undefined;
      return op.constraint === 'unique' || op.constraint === 'primary-key' || op.constraint === 'exclusion'
        ? `builds the constraint's index on '${op.table}'`
        : `checks every row of '${op.table}' for the new constraint`;
    case 'set-not-null':
      return existing(op.table) && !(op.provenNotNull && postgresVersion >= 12) ? `scans every row of '${op.table}'` : undefined;
    case 'alter-column-type':
      // Without both types the change may be one PostgreSQL makes without a rewrite (varchar(50) to varchar(100)).
      return existing(op.table) && op.from && op.to ? `rewrites '${op.table}'` : undefined;
    case 'add-column':
      return existing(op.table) && (op.default === 'volatile' || op.generatedStored) ? `rewrites '${op.table}'` : undefined;
    case 'rewrite-table': {
      const how = op.how === 'vacuum-full' ? 'VACUUM FULL' : 'CLUSTER';
      if (op.tables.length === 0) return op.how === 'vacuum-full' ? `runs ${how}` : undefined;
      return `runs ${how} on ${op.tables.map((table) => `'${table}'`).join(', ')}`;
    }
    case 'reindex':
      // A REINDEX CONCURRENTLY cannot run in a transaction; SCHEMA, DATABASE and SYSTEM neither.
      if (op.concurrently || (op.target !== 'table' && op.target !== 'index')) return undefined;
      return `runs REINDEX${op.target === 'table' ? ` on '${op.name}'` : ''}`;
    default:
      return undefined;
  }
}
