import { eachOp, type MigrationRule } from '../rule';

export const banAlterDomainWithAddConstraint: MigrationRule = {
  name: 'ban-alter-domain-with-add-constraint',
  severity: 'warning',
  description: "ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain's type in every table.",
  why: 'Adding a constraint to a domain validates every column of that type, in every table, in one statement, holding locks on all of them; there is no per-table NOT VALID and VALIDATE as with a table constraint. squawk reports this too (its default set).',
  help: {
    sql: 'ALTER TABLE users ADD CONSTRAINT users_age_positive CHECK (age > 0) NOT VALID;\n-- later: ALTER TABLE users VALIDATE CONSTRAINT users_age_positive;',
  },
  check: (ops) =>
    eachOp(ops, 'alter-domain-add-constraint', (at) => ({
      at: { ...at, ...at.op.at },
      message: `Adding a constraint to domain '${at.op.name}' checks every column of that type in every table at once.`,
    })),
};
