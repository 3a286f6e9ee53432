import type { Node } from 'web-tree-sitter';
import type { DefaultKind, Operation } from '../../operations';
import { changesWithoutRewrite } from '../../type-compatibility';
import { argumentsOf, calleeName } from '../syntax';

/**
 * A model field as a migration writes it (`models.CharField(max_length=100, null=True)`): its
 * class and the source text of each argument. Plain data, so a migration's history can be kept
 * after its syntax tree is gone.
 */
export interface FieldDefinition {
  type: string;
  keywords: ReadonlyMap<string, string>;
  positional: readonly string[];
  /** ArrayField(base_field=...): the element field. */
  base?: FieldDefinition;
}

export function readField(node: Node | undefined): FieldDefinition | undefined {
  if (node?.type !== 'call') return undefined;
  const args = argumentsOf(node);
  const keywords = new Map([...args.keywords].map(([name, value]) => [name, value.text]));
  const baseNode = args.keywords.get('base_field') ?? args.positional[0];
  return {
    type: calleeName(node),
    keywords,
    positional: args.positional.map((arg) => arg.text),
    base: calleeName(node) === 'ArrayField' ? readField(baseNode) : undefined,
  };
}

/** Django's PostgreSQL column type of each field class; CharField-like classes are below. */
const COLUMN_TYPES: Record<string, string> = {
  AutoField: 'integer',
  BigAutoField: 'bigint',
  SmallAutoField: 'smallint',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  SmallIntegerField: 'smallint',
  PositiveIntegerField: 'integer',
  PositiveBigIntegerField: 'bigint',
  PositiveSmallIntegerField: 'smallint',
  BooleanField: 'boolean',
  NullBooleanField: 'boolean',
  TextField: 'text',
  DateTimeField: 'timestamptz',
  DateField: 'date',
  TimeField: 'time',
  DurationField: 'interval',
  FloatField: 'double precision',
  UUIDField: 'uuid',
  JSONField: 'jsonb',
  BinaryField: 'bytea',
  GenericIPAddressField: 'inet',
  IPAddressField: 'inet',
};

/** Fields stored as varchar(max_length), with Django's default length. */
const VARCHAR_FIELDS: Record<string, number | undefined> = {
  CharField: undefined,
  SlugField: 50,
  EmailField: 254,
  URLField: 200,
  FileField: 100,
  ImageField: 100,
  FilePathField: 100,
  CommaSeparatedIntegerField: undefined,
};

const RELATIONS = new Set(['ForeignKey', 'OneToOneField']);
/** Fields that add no column: a join table, or a relation kept elsewhere. */
const NO_COLUMN = new Set(['ManyToManyField', 'TaggableManager', 'GenericRelation']);

export function isManyToMany(field: FieldDefinition): boolean {
  return NO_COLUMN.has(field.type);
}

export function isRelation(field: FieldDefinition): boolean {
  return RELATIONS.has(field.type);
}

/** The column's PostgreSQL type, or the class with its arguments for a field Preflight does not know. */
export function columnType(field: FieldDefinition): string {
  // A field class Preflight does not know that takes max_length is a CharField subclass (ColorField, CountryField, ...).
  if (field.type in VARCHAR_FIELDS || (!(field.type in COLUMN_TYPES) && field.keywords.has('max_length'))) {
    const length = field.keywords.get('max_length') ?? VARCHAR_FIELDS[field.type];
    return withCollation(length === undefined ? 'varchar' : `varchar(${length})`, field);
  }
  if (field.type === 'DecimalField') return `numeric(${field.keywords.get('max_digits')},${field.keywords.get('decimal_places')})`;
  if (field.type === 'ArrayField') return `${field.base ? columnType(field.base) : '?'}[]`;
  if (isRelation(field)) return `reference to ${relatedModel(field)}`;
  const type = COLUMN_TYPES[field.type] ?? `${field.type}(${field.positional.join(', ')})`;
  return withCollation(type, field);
}

function withCollation(type: string, field: FieldDefinition): string {
  const collation = field.keywords.get('db_collation');
  return collation ? `${type} COLLATE ${collation.replace(/["']/g, '')}` : type;
}

/** The model a relation points to, as a table name like the extractor's (`shop.Customer` → customer). */
export function relatedModel(field: FieldDefinition): string {
  const to = (field.keywords.get('to') ?? field.positional[0] ?? '').replace(/["']/g, '').toLowerCase();
  return to.split('.').pop() ?? to;
}

/** Where a foreign key points: the model and, when not its primary key, the `to_field`. */
function target(field: FieldDefinition): string {
  return `${relatedModel(field)}.${field.keywords.get('to_field') ?? 'pk'}`;
}

/** The existing tables a new model's foreign keys lock while it is created. */
export function referencedModels(fields: ReadonlyArray<[string, FieldDefinition]>): string[] {
  return fields.filter(([, field]) => hasForeignKey(field)).map(([, field]) => relatedModel(field));
}

export const isTrueOption = (field: FieldDefinition, name: string) => field.keywords.get(name) === 'True';
const isFalseOption = (field: FieldDefinition, name: string) => field.keywords.get(name) === 'False';

/** NullBooleanField is always nullable; the others when null=True. */
function isNullable(field: FieldDefinition): boolean {
  return field.type === 'NullBooleanField' || isTrueOption(field, 'null');
}

/** A OneToOneField is unique without saying so. */
function isUnique(field: FieldDefinition): boolean {
  return (isTrueOption(field, 'unique') || field.type === 'OneToOneField') && !isTrueOption(field, 'primary_key');
}

/** Positive*Field columns carry CHECK (column >= 0), which PostgreSQL validates over every row when it is added. */
function hasPositiveCheck(field: FieldDefinition): boolean {
  return field.type.startsWith('Positive');
}

/** Django adds an index for db_index=True and for every relation unless told not to; unique builds its own. */
function indexed(field: FieldDefinition): boolean {
  return isTrueOption(field, 'db_index') || (isRelation(field) && !isFalseOption(field, 'db_index'));
}

function hasForeignKey(field: FieldDefinition): boolean {
  return isRelation(field) && !isFalseOption(field, 'db_constraint');
}

/** Strings that fill existing rows when a NOT NULL column is added: Django's effective default. */
const EMPTY_STRING_FIELDS = new Set([...Object.keys(VARCHAR_FIELDS), 'TextField', 'BinaryField']);
const VOLATILE_DB_DEFAULTS = /\b(RandomUUID|Random|UUID4|GenRandomUUID)\s*\(/;

/**
 * How existing rows get a value when the column is added. Django computes `default` once in
 * Python (a callable too) and drops it afterwards; blank text fields get '' and auto_now fields
 * the current time the same way. Only `db_default` stays in the table, evaluated per row when it
 * is volatile.
 */
export function effectiveDefault(field: FieldDefinition): DefaultKind | undefined {
  const dbDefault = field.keywords.get('db_default');
  if (dbDefault !== undefined) return VOLATILE_DB_DEFAULTS.test(dbDefault) ? 'volatile' : 'constant';
  if (field.keywords.has('default')) return field.keywords.get('default') === 'None' ? undefined : 'constant';
  if (isTrueOption(field, 'auto_now') || isTrueOption(field, 'auto_now_add')) return 'constant';
  // Django fills '' only into a column that cannot hold NULL; a nullable one gets NULL.
  if (
    isTrueOption(field, 'blank') &&
    !isNullable(field) &&
    (EMPTY_STRING_FIELDS.has(field.type) || columnType(field).startsWith('varchar'))
  )
    return 'constant';
  return undefined;
}

export function addFieldOperations(table: string, column: string, field: FieldDefinition): Operation[] {
  if (isManyToMany(field))
    return field.type === 'ManyToManyField' && !field.keywords.has('through')
      ? [{ kind: 'create-table', table: `${table}_${column}`, references: [table, relatedModel(field)] }]
      : [];
  const generated = field.type === 'GeneratedField';
  const ops: Operation[] = [
    {
      kind: 'add-column',
      table,
      column,
      notNull: !generated && !isNullable(field),
      default: generated ? undefined : effectiveDefault(field),
      references: hasForeignKey(field),
      generatedStored: generated && !isFalseOption(field, 'db_persist'),
    },
  ];
  if (isUnique(field) || indexed(field))
    ops.push({ kind: 'create-index', table, concurrently: false, unique: isUnique(field), columns: [column] });
  return ops;
}

/**
 * What Django's schema editor runs for AlterField, given the field's previous definition: a
 * type change only when the column type really changes (and not binary-compatibly), SET NOT
 * NULL (after an UPDATE of the NULL rows when there is a default), a UNIQUE constraint, an
 * index, a foreign key. Options only Python sees (choices, help_text, default, validators,
 * related_name, blank, ...) change nothing in the database.
 */
export function alterFieldOperations(
  table: string,
  column: string,
  before: FieldDefinition,
  after: FieldDefinition,
  provenNotNull = false,
): Operation[] {
  if (isManyToMany(before) || isManyToMany(after)) return [];
  return [
    ...typeChange(table, column, before, after),
    ...nullChange(table, column, before, after, provenNotNull),
    ...indexChange(table, before, after),
    ...foreignKeyChange(table, before, after),
    ...(!hasPositiveCheck(before) && hasPositiveCheck(after)
      ? [{ kind: 'add-constraint', table, constraint: 'check', notValid: false, usingIndex: false } as const]
      : []),
    ...(before.keywords.get('db_default') !== after.keywords.get('db_default')
      ? [{ kind: 'other-ddl', table, description: `change the database default of '${column}'` } as const]
      : []),
  ];
}

/** A binary-compatible change (a longer varchar) still runs ALTER COLUMN TYPE: a short ACCESS EXCLUSIVE lock, no rewrite. */
function typeChange(table: string, column: string, before: FieldDefinition, after: FieldDefinition): Operation[] {
  const [from, to] = [columnType(before), columnType(after)];
  if (from === to) return [];
  if (changesWithoutRewrite(from, to)) return [{ kind: 'other-ddl', table, description: `widen '${column}' to ${to}` }];
  return [{ kind: 'alter-column-type', table, column, from, to }];
}

function nullChange(table: string, column: string, before: FieldDefinition, after: FieldDefinition, provenNotNull: boolean): Operation[] {
  const [wasNull, isNull] = [isNullable(before), isNullable(after)];
  if (wasNull && !isNull) {
    // With a default, Django updates the NULL rows, then sets NOT NULL; when the default changes it first
    // sets it on the column (a lock held during the UPDATE).
    if (effectiveDefault(after) === undefined) return [{ kind: 'set-not-null', table, column, provenNotNull }];
    const setDefault: Operation[] =
      defaultText(before) !== defaultText(after) ? [{ kind: 'other-ddl', table, description: `set a default on '${column}'` }] : [];
    return [...setDefault, { kind: 'data-change', verb: 'update' }, { kind: 'set-not-null', table, column, provenNotNull }];
  }
  return !wasNull && isNull ? [{ kind: 'other-ddl', table, description: `drop NOT NULL on '${column}'` }] : [];
}

function defaultText(field: FieldDefinition): string | undefined {
  return field.keywords.get('db_default') ?? field.keywords.get('default');
}

function indexChange(table: string, before: FieldDefinition, after: FieldDefinition): Operation[] {
  const [wasUnique, nowUnique] = [isUnique(before), isUnique(after)];
  if (!wasUnique && nowUnique) return [{ kind: 'add-constraint', table, constraint: 'unique', notValid: false, usingIndex: false }];
  if (wasUnique && !nowUnique) {
    const dropUnique: Operation = { kind: 'other-ddl', table, description: 'drop a UNIQUE constraint' };
    return indexed(after) ? [dropUnique, { kind: 'create-index', table, concurrently: false, unique: false }] : [dropUnique];
  }
  if (!nowUnique && !indexed(before) && indexed(after)) return [{ kind: 'create-index', table, concurrently: false, unique: false }];
  if (!wasUnique && indexed(before) && !indexed(after)) return [{ kind: 'drop-index', concurrently: false }];
  return [];
}

/** Django drops and re-creates the foreign key when it now points elsewhere (another model or to_field). */
function foreignKeyChange(table: string, before: FieldDefinition, after: FieldDefinition): Operation[] {
  if (!hasForeignKey(after) || (hasForeignKey(before) && target(before) === target(after))) return [];
  return [{ kind: 'add-constraint', table, constraint: 'foreign-key', notValid: false, usingIndex: false }];
}
