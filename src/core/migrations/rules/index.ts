import type { MigrationRule } from '../rule';
import { addingFieldWithDefault } from './adding-field-with-default';
import { addingForeignKeyConstraint } from './adding-foreign-key-constraint';
import { addingNotNullableField } from './adding-not-nullable-field';
import { addingRequiredField } from './adding-required-field';
import { backfillWithSchemaChange } from './backfill-with-schema-change';
import { banConcurrentIndexCreationInTransaction } from './ban-concurrent-index-creation-in-transaction';
import { banDropColumn } from './ban-drop-column';
import { banDropTable } from './ban-drop-table';
import { banTruncateCascade } from './ban-truncate-cascade';
import { changingColumnType } from './changing-column-type';
import { constraintMissingNotValid } from './constraint-missing-not-valid';
import { disallowedUniqueConstraint } from './disallowed-unique-constraint';
import { renamingColumn } from './renaming-column';
import { renamingTable } from './renaming-table';
import { requireConcurrentIndexCreation } from './require-concurrent-index-creation';
import { requireConcurrentIndexDeletion } from './require-concurrent-index-deletion';
import { requireLockTimeout } from './require-lock-timeout';
import { requireStatementTimeout } from './require-statement-timeout';
import { slowStatementWhileTableLocked } from './slow-statement-while-table-locked';
import { addingExclusionConstraint } from './adding-exclusion-constraint';
import { uniqueIndexOnExistingTable } from './unique-index-on-existing-table';
import { preferJsonb } from './prefer-jsonb';
import { renamingEnumValue } from './renaming-enum-value';
import { renamingSchema } from './renaming-schema';
import { irreversibleDataMigration } from './irreversible-data-migration';
import { addingSerialPrimaryKeyField } from './adding-serial-primary-key-field';
import { banAlterDomainWithAddConstraint } from './ban-alter-domain-with-add-constraint';
import { banCharField } from './ban-char-field';
import { banCreateDomainWithConstraint } from './ban-create-domain-with-constraint';
import { banDropDatabase } from './ban-drop-database';
import { banDropNotNull } from './ban-drop-not-null';
import { banDuplicateColumnAssignments } from './ban-duplicate-column-assignments';
import { banUncommittedTransaction } from './ban-uncommitted-transaction';
import { identifierTooLong } from './identifier-too-long';
import { preferBigintOverInt } from './prefer-bigint-over-int';
import { preferBigintOverSmallint } from './prefer-bigint-over-smallint';
import { preferIdentity } from './prefer-identity';
import { preferRepack } from './prefer-repack';
import { preferRobustStmts } from './prefer-robust-stmts';
import { preferTextField } from './prefer-text-field';
import { preferTimestamptz } from './prefer-timestamptz';
import { requireConcurrentPartitionDetach } from './require-concurrent-partition-detach';
import { requireConcurrentReindex } from './require-concurrent-reindex';
import { requireEnumValueOrdering } from './require-enum-value-ordering';
import { requireTableSchema } from './require-table-schema';
import { transactionNesting } from './transaction-nesting';
import { backfillInOneTransaction } from './backfill-in-one-transaction';

/** Every migration rule, in the order their findings are listed for one statement. */
export const MIGRATION_RULES: readonly MigrationRule[] = [
  requireConcurrentIndexCreation,
  banConcurrentIndexCreationInTransaction,
  requireConcurrentIndexDeletion,
  addingForeignKeyConstraint,
  constraintMissingNotValid,
  disallowedUniqueConstraint,
  addingNotNullableField,
  addingRequiredField,
  addingFieldWithDefault,
  changingColumnType,
  renamingColumn,
  renamingTable,
  banDropColumn,
  banDropTable,
  banTruncateCascade,
  requireLockTimeout,
  requireStatementTimeout,
  backfillWithSchemaChange,
  slowStatementWhileTableLocked,
  addingExclusionConstraint,
  uniqueIndexOnExistingTable,
  preferJsonb,
  renamingEnumValue,
  renamingSchema,
  irreversibleDataMigration,
  // squawk's other rules, under its names (see docs/rules/migration/README.md for how its levels map)
  addingSerialPrimaryKeyField,
  banAlterDomainWithAddConstraint,
  banCharField,
  banCreateDomainWithConstraint,
  banDropDatabase,
  banDropNotNull,
  banDuplicateColumnAssignments,
  banUncommittedTransaction,
  identifierTooLong,
  preferBigintOverInt,
  preferBigintOverSmallint,
  preferIdentity,
  preferRepack,
  preferRobustStmts,
  preferTextField,
  preferTimestamptz,
  requireConcurrentPartitionDetach,
  requireConcurrentReindex,
  requireEnumValueOrdering,
  requireTableSchema,
  transactionNesting,
  backfillInOneTransaction,
];
