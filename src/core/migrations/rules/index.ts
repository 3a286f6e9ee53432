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
];
