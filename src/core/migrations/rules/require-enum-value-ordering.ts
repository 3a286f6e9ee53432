import { eachOp, type MigrationRule } from '../rule';

export const requireEnumValueOrdering: MigrationRule = {
  name: 'require-enum-value-ordering',
  severity: 'warning',
  description: 'ALTER TYPE ... ADD VALUE without BEFORE or AFTER puts the value last in the sort order.',
  why: "An enum sorts by the order of its values, not alphabetically: ORDER BY, <, > and range checks on the column use it. A value added without BEFORE/AFTER goes at the end, which is rarely where it belongs ('paused' after 'archived'), and the order cannot be changed later without recreating the type. squawk reports this too (its default set).",
  help: { sql: "ALTER TYPE order_status ADD VALUE 'paused' AFTER 'active';" },
  check: (ops) =>
    eachOp(ops, 'add-enum-value', (at) =>
      at.op.positioned
        ? undefined
        : { at, message: `'${at.op.value}' is added at the end of '${at.op.type}': say where it sorts with BEFORE or AFTER.` },
    ),
};
