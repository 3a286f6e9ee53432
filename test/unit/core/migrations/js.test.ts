import assert from 'node:assert/strict';
import { analyze } from './helpers';

async function rules(text: string, path: string, configure?: Parameters<typeof analyze>[2]): Promise<Array<[string, number]>> {
  return (await analyze(text, path, configure))
    .map((f): [string, number] => [f.ruleId.replace('migration/', ''), f.line])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

const TIMEOUTS_KNEX = '  await knex.raw("SET lock_timeout = \'5s\'");\n  await knex.raw("SET statement_timeout = \'15min\'");\n';

describe('Knex migrations (TypeScript syntax tree)', () => {
  const PATH = 'db/migrations/20261120_orders.js';
  const knex = (body: string, extra = '') =>
    `${extra}exports.up = async function (knex) {\n${TIMEOUTS_KNEX}${body}\n};\n\nexports.down = async function (knex) {\n  await knex.schema.dropTable('orders');\n};\n`;

  it('maps the table builder to the rules, line by line', async () => {
    const body = [
      "  await knex.schema.alterTable('orders', (t) => {",
      "    t.index(['customer_id']);",
      "    t.string('channel').notNullable();",
      "    t.uuid('token').defaultTo(knex.raw('gen_random_uuid()'));",
      "    t.bigInteger('total').alter();",
      "    t.dropColumn('legacy');",
      "    t.renameColumn('placed', 'placed_at');",
      "    t.foreign('shop_id').references('shops.id');",
      '  });',
    ].join('\n');
    assert.deepEqual(await rules(knex(body), PATH), [
      ['require-concurrent-index-creation', 5],
      ['adding-required-field', 6],
      ['adding-field-with-default', 7],
      ['changing-column-type', 8],
      ['ban-drop-column', 9],
      ['renaming-column', 10],
      ['adding-foreign-key-constraint', 11],
      ['slow-statement-while-table-locked', 11],
    ]);
  });

  it('reads knex.raw SQL, knows config.transaction = false, and skips exports.down', async () => {
    const body = "  await knex.raw('CREATE INDEX CONCURRENTLY ix ON orders (a)');";
    assert.deepEqual(await rules(knex(body), PATH), [
      ['ban-concurrent-index-creation-in-transaction', 4],
      ['prefer-robust-stmts', 4],
    ]);
    // Outside a transaction, a named index without IF NOT EXISTS cannot be built again after a failure (squawk's rule, on knex.raw SQL).
    assert.deepEqual(
      await rules(knex(body, 'exports.config = { transaction: false };\n'), PATH),
      [['prefer-robust-stmts', 5]],
      'config opts out',
    );
  });

  it('reads SQL held in a const or in a template literal, judging the shape when a part is unknown', async () => {
    const extra = "const TABLE = 'orders';\nconst DROP = `ALTER TABLE ${TABLE} DROP COLUMN legacy`;\n";
    const body = ['  await knex.raw(DROP);', '  await knex.raw(`CREATE INDEX ix_${suffix} ON ${tableName()} (a)`);'].join('\n');
    const findings = await analyze(knex(body, extra), PATH);
    assert.deepEqual(
      findings.map((f) => [f.ruleId.replace('migration/', ''), f.line, f.message]),
      [
        [
          'require-concurrent-index-creation',
          7,
          "Building an index on '${tableName()}' without CONCURRENTLY blocks writes to it until the index is built.",
        ],
        ['ban-drop-column', 2, "Dropping 'orders.legacy' breaks code that still uses it and deletes its data."],
        [
          'slow-statement-while-table-locked',
          7,
          "This operation builds an index on '${tableName()}' while 'orders' is still locked ACCESS EXCLUSIVE by line 2 in the same transaction: no query can read or write 'orders' until it finishes and the transaction commits.",
        ],
      ],
    );
  });

  it("reports the lock a new table's foreign keys take, in Knex and Sequelize", async () => {
    const knexText =
      "exports.up = async function (knex) {\n  await knex.schema.createTable('comments', (t) => {\n    t.integer('user_id').references('id').inTable('users');\n  });\n};\n";
    assert.deepEqual(await rules(knexText, PATH), [
      ['require-lock-timeout', 2],
      ['require-statement-timeout', 2],
    ]);
    const sequelizeText =
      "module.exports = {\n  up: async (queryInterface, Sequelize) => {\n    await queryInterface.createTable('comments', { userId: { type: Sequelize.INTEGER, references: { model: 'users', key: 'id' } } });\n  },\n};\n";
    assert.deepEqual(await rules(sequelizeText, 'migrations/20260101-comments.js'), [
      ['require-lock-timeout', 3],
      ['require-statement-timeout', 3],
    ]);
  });

  it('leaves out the switch cases and if branches for another database', async () => {
    const body = [
      '  switch (WIKI.config.db.type) {',
      "    case 'postgres':",
      "      await knex.raw('ALTER TABLE pages DROP COLUMN legacy');",
      '      break;',
      "    case 'mysql':",
      "      await knex.raw('ALTER TABLE pages DROP COLUMN versionDate');",
      '      break;',
      '  }',
      "  if (knex.client.config.client === 'sqlite3') {",
      "    await knex.raw('DROP TABLE pages_copy');",
      '  }',
    ].join('\n');
    assert.deepEqual(await rules(knex(body), PATH), [['ban-drop-column', 6]]);
  });

  it('judges an .alter() against the definition exports.down restores, and sends SET NOT NULL for notNullable()', async () => {
    const text = [
      'exports.up = function up(knex) {',
      TIMEOUTS_KNEX + "  return knex.schema.alterTable('opt_out', (table) => {",
      "    table.integer('assignment_id').nullable().alter();",
      "    table.string('reason', 1024).notNullable().alter();",
      "    table.bigInteger('campaign_id').notNullable().alter();",
      '  });',
      '};',
      'exports.down = function down(knex) {',
      "  return knex.schema.alterTable('opt_out', (table) => {",
      "    table.integer('assignment_id').notNullable().alter();",
      "    table.string('reason').notNullable().alter();",
      "    table.integer('campaign_id').alter();",
      '  });',
      '};',
    ].join('\n');
    assert.deepEqual(await rules(text, PATH), [
      ['adding-not-nullable-field', 7],
      ['changing-column-type', 7],
    ]);
  });

  it('reads the branches of an alterTable callback for PostgreSQL, camelCase column types, and a ternary constant in knex.raw', async () => {
    const extra = "const isMySQL = process.env.DB_CLIENT === 'mysql';\nconst ifNotExists = isMySQL ? '' : 'IF NOT EXISTS';\n";
    const body = [
      "  await knex.schema.alterTable('pages', (table) => {",
      "    if (WIKI.config.db.type === 'mysql') {",
      "      table.json('extra');",
      '    } else {',
      "      table.json('extra').notNullable();",
      '    }',
      "    table.dateTime('expire_in').notNullable();",
      '  });',
      '  await Promise.all([',
      '    knex.raw(`CREATE INDEX ${ifNotExists} links_user_id_index ON links (user_id);`),',
      '    knex.raw(`CREATE INDEX ${unknownPart} links_domain_id_index ON links (domain_id);`),',
      '  ]);',
    ].join('\n');
    assert.deepEqual(await rules(knex(body, extra), PATH), [
      ['adding-required-field', 10],
      ['adding-required-field', 12],
      ['require-concurrent-index-creation', 15],
      ['slow-statement-while-table-locked', 15],
      ['require-concurrent-index-creation', 16],
    ]);
  });

  it("reads .default() as Knex's alias of .defaultTo()", async () => {
    const body = "  await knex.schema.alterTable('orders', (t) => {\n    t.string('name').notNullable().default('');\n  });";
    assert.deepEqual(await rules(knex(body), PATH), []);
  });

  it('reports a query-builder backfill beside a schema change', async () => {
    const body =
      "  await knex.schema.alterTable('orders', (t) => { t.string('channel'); });\n  await knex('orders').update({ channel: 'web' });";
    assert.deepEqual(await rules(knex(body), PATH), [['backfill-with-schema-change', 5]]);
  });
});

describe('TypeORM migrations', () => {
  const PATH = 'src/migration/1732000000000-Orders.ts';
  const typeorm = (body: string, field = '') =>
    `import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';\n\nexport class Orders1732000000000 implements MigrationInterface {\n${field}  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(\`SET lock_timeout = '5s'; SET statement_timeout = '15min'\`);\n${body}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(\`DROP TABLE "orders"\`);\n  }\n}\n`;

  it('reads the generated SQL in queryRunner.query, at its line', async () => {
    const body =
      '    await queryRunner.query(`ALTER TABLE "orders" ADD "channel" character varying NOT NULL`);\n    await queryRunner.query(`CREATE INDEX "IDX_orders_customer" ON "orders" ("customerId")`);';
    assert.deepEqual(await rules(typeorm(body), PATH), [
      ['adding-required-field', 6],
      ['require-concurrent-index-creation', 7],
      ['slow-statement-while-table-locked', 7],
    ]);
  });

  it('maps queryRunner helpers and knows transaction = false', async () => {
    const body =
      "    await queryRunner.createIndex('orders', new TableIndex({ name: 'ix', columnNames: ['a'] }));\n    await queryRunner.dropColumn('orders', 'legacy');";
    assert.deepEqual(await rules(typeorm(body), PATH), [
      ['require-concurrent-index-creation', 6],
      ['ban-drop-column', 7],
    ]);
    const concurrent = '    await queryRunner.query(`CREATE INDEX CONCURRENTLY "ix" ON "orders" ("a")`);';
    assert.deepEqual(await rules(typeorm(concurrent), PATH), [
      ['ban-concurrent-index-creation-in-transaction', 6],
      ['prefer-robust-stmts', 6],
    ]);
    assert.deepEqual(await rules(typeorm(concurrent, '  transaction = false as const;\n'), PATH), [['prefer-robust-stmts', 7]]);
  });
});

describe('Sequelize migrations', () => {
  const PATH = 'migrations/20261120120000-orders.js';
  const sequelize = (body: string) =>
    `'use strict';\n\nmodule.exports = {\n  async up(queryInterface, Sequelize) {\n    await queryInterface.sequelize.query("SET lock_timeout = '5s'; SET statement_timeout = '15min'");\n${body}\n  },\n\n  async down(queryInterface) {\n    await queryInterface.dropTable('orders');\n  },\n};\n`;

  it('maps queryInterface calls to the rules', async () => {
    const body = [
      "    await queryInterface.addIndex('orders', ['customer_id']);",
      "    await queryInterface.addIndex('orders', ['shop_id'], { concurrently: true });",
      "    await queryInterface.addColumn('orders', 'channel', { type: Sequelize.STRING, allowNull: false });",
      "    await queryInterface.changeColumn('orders', 'total', { type: Sequelize.BIGINT });",
      "    await queryInterface.addColumn('orders', 'token', { type: Sequelize.STRING, unique: true });",
      "    await queryInterface.removeColumn('orders', 'legacy');",
      "    await queryInterface.addConstraint('orders', { fields: ['shop_id'], type: 'foreign key', references: { table: 'shops', field: 'id' } });",
      "    await queryInterface.bulkUpdate('orders', { channel: 'web' }, { channel: null });",
    ].join('\n');
    assert.deepEqual(await rules(sequelize(body), PATH), [
      ['require-concurrent-index-creation', 6],
      ['adding-required-field', 8],
      ['changing-column-type', 9],
      ['disallowed-unique-constraint', 10],
      ['ban-drop-column', 11],
      ['adding-foreign-key-constraint', 12],
    ]);
  });

  it('reads changeColumn as Sequelize sends it: the type, NOT NULL and a foreign key', async () => {
    const body =
      "    await queryInterface.changeColumn('orders', 'shop_id', { type: Sequelize.INTEGER, allowNull: false, references: { model: 'shops', key: 'id' } });";
    assert.deepEqual(await rules(sequelize(body), PATH), [
      ['adding-foreign-key-constraint', 6],
      ['adding-not-nullable-field', 6],
      ['changing-column-type', 6],
    ]);
  });

  it('judges changeColumn against the definition its down method restores: widening and same-type changes rewrite nothing', async () => {
    const change = (column: string, type: string, allowNull: boolean) =>
      `    await queryInterface.changeColumn('oauth_clients', '${column}', { type: ${type}, allowNull: ${allowNull} });`;
    const text = [
      "'use strict';",
      'module.exports = {',
      '  async up(queryInterface, Sequelize) {',
      "    await queryInterface.sequelize.query(\"SET lock_timeout = '5s'; SET statement_timeout = '15min'\");",
      change('developerUrl', 'Sequelize.STRING(1024)', false),
      change('createdById', 'Sequelize.UUID', true),
      change('redirectUris', 'Sequelize.ARRAY(Sequelize.STRING(1024))', false),
      change('secret', 'Sequelize.TEXT', false),
      change('clientId', 'Sequelize.INTEGER', false),
      '  },',
      '  async down(queryInterface, Sequelize) {',
      change('developerUrl', 'Sequelize.STRING', false),
      change('createdById', 'Sequelize.UUID', false),
      change('redirectUris', 'Sequelize.ARRAY(Sequelize.STRING(255))', false),
      change('clientId', 'Sequelize.UUID', true),
      '  },',
      '};',
    ].join('\n');
    const findings = (await analyze(text, PATH)).sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
    assert.deepEqual(
      findings.map((f) => [f.ruleId.replace('migration/', ''), f.line, f.message]),
      [
        [
          'changing-column-type',
          7,
          "Changing 'oauth_clients.redirectUris' from varchar(255)[] to varchar(1024)[] rewrites the table while blocking reads and writes.",
        ],
        ['adding-not-nullable-field', 8, "Setting 'oauth_clients.secret' NOT NULL scans the whole table while blocking reads and writes."],
        ['changing-column-type', 8, "Changing the type of 'oauth_clients.secret' may rewrite the table while blocking reads and writes."],
        [
          'adding-not-nullable-field',
          9,
          "Setting 'oauth_clients.clientId' NOT NULL scans the whole table while blocking reads and writes.",
        ],
        [
          'changing-column-type',
          9,
          "Changing 'oauth_clients.clientId' from uuid to integer rewrites the table while blocking reads and writes.",
        ],
      ],
    );
  });

  it('knows a table emptied by bulkDelete earlier in the same transaction has no rows to scan, but not one emptied outside it', async () => {
    const steps = [
      "      await queryInterface.bulkDelete('share_subscriptions', {}, { transaction });",
      "      await queryInterface.addColumn('share_subscriptions', 'documentId', { type: Sequelize.UUID, allowNull: false, references: { model: 'documents', key: 'id' } }, { transaction });",
      "      await queryInterface.removeIndex('share_subscriptions', ['shareId', 'emailFingerprint'], { transaction });",
      "      await queryInterface.addIndex('share_subscriptions', ['shareId', 'documentId'], { unique: true, transaction });",
      "      await queryInterface.removeColumn('share_subscriptions', 'legacy', { transaction });",
    ];
    const inTransaction = ['    await queryInterface.sequelize.transaction(async (transaction) => {', ...steps, '    });'].join('\n');
    assert.deepEqual(await rules(sequelize(inTransaction), PATH), [['ban-drop-column', 11]]);
    assert.deepEqual(await rules(sequelize(steps.join('\n').replace(/, \{ transaction \}|, transaction/g, '')), PATH), [
      ['adding-foreign-key-constraint', 7],
      ['adding-required-field', 7],
      ['require-concurrent-index-deletion', 8],
      ['require-concurrent-index-creation', 9],
      ['ban-drop-column', 10],
    ]);
  });

  it('reports a backfill after a schema change only inside queryInterface.sequelize.transaction', async () => {
    const steps =
      "await queryInterface.removeColumn('orders', 'legacy', { transaction });\n    await queryInterface.bulkUpdate('orders', { channel: 'web' }, { channel: null }, { transaction });";
    const inTransaction = `    await queryInterface.sequelize.transaction(async (transaction) => {\n    ${steps}\n    });`;
    assert.deepEqual(
      (await rules(sequelize(inTransaction), PATH)).filter(([rule]) => rule === 'backfill-with-schema-change'),
      [['backfill-with-schema-change', 8]],
    );
  });

  it('is read as TypeORM when the config says so', async () => {
    const text = "export class A { async up(queryRunner) { await queryRunner.dropColumn('orders', 'legacy'); } }\n";
    const lines = await rules(text, 'db/typeorm/1-a.ts', (config) => (config.migrations.paths = { typeorm: ['db/typeorm/*.ts'] }));
    assert.deepEqual(lines, [
      ['ban-drop-column', 1],
      ['require-lock-timeout', 1],
      ['require-statement-timeout', 1],
    ]);
  });
});
