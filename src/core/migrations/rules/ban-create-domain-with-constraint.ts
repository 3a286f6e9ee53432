import { eachOp, type MigrationRule } from '../rule';

export const banCreateDomainWithConstraint: MigrationRule = {
  name: 'ban-create-domain-with-constraint',
  severity: 'warning',
  description: 'A domain with a constraint: changing that constraint later locks every table that uses the domain.',
  why: "A domain's CHECK applies to every column of that type in every table. Changing it later (ALTER DOMAIN ... ADD CONSTRAINT) checks all of those columns at once, and there is no way to add it per table NOT VALID and validate it table by table as with a table constraint. squawk reports this too (its default set).",
  help: { sql: "CREATE DOMAIN email AS text;\nALTER TABLE users ADD CONSTRAINT users_email_format CHECK (email ~ '@') NOT VALID;" },
  notReported: ['A domain with only a DEFAULT or NULL, which constrain nothing (squawk 2.66 reports them as constraints).'],
  check: (ops) =>
    eachOp(ops, 'create-domain', (at) =>
      at.op.constraints
        ? {
            at: { ...at, ...at.op.constraints },
            message: `Domain '${at.op.name}' has constraints: changing them later checks every column of this type at once; put them on the tables instead.`,
          }
        : undefined,
    ),
};
