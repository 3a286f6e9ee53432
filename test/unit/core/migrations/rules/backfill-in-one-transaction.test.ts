import assert from 'node:assert/strict';
import { hitsOf, rangesOf, TIMEOUTS } from '../helpers';

const RULE = 'backfill-in-one-transaction';
const ONE_STATEMENT = (name: string) =>
  `This updates every row of '${name}' in one statement: each row stays locked until it commits, so the application's writes to '${name}' wait for the whole backfill. Update in batches.`;
const LOOP = (name: string) =>
  `This loop writes every row of '${name}' inside the migration's transaction: each row stays locked until the migration commits, so the application's writes to '${name}' wait for the whole backfill. Commit batch by batch, outside the migration's transaction.`;

/** Each case: SQL after the timeouts (line 3 onwards) and the lines reported. */
const SQL_CASES: Array<[sql: string, lines: number[]]> = [
  ["UPDATE orders SET status = 'new';", [3]],
  ["UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000;", []],
  ["UPDATE orders SET status = 'new' WHERE status IS NULL;", []],
  ['UPDATE orders o SET status = c.status FROM customers c WHERE c.id = o.customer_id;', []],
  ["CREATE TABLE refunds (id bigint, status text);\nUPDATE refunds SET status = 'new';", []],
  ["DELETE FROM orders;\nUPDATE orders SET status = 'new';", []],
  ['UPDATE pg_index SET indisready = true;', []],
  // backfill-with-schema-change reports it, with the schema change's lock.
  ["ALTER TABLE orders ADD COLUMN channel text;\nUPDATE orders SET channel = 'web';", []],
];

describe('migration/backfill-in-one-transaction', () => {
  for (const [sql, lines] of SQL_CASES) it(sql, async () => assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql), lines));

  it('points at the UPDATE, with the table', async () => {
    assert.deepEqual(await rangesOf(RULE, TIMEOUTS + "UPDATE orders SET status = 'new';\n"), [[3, 1, 3, 33, ONE_STATEMENT('orders')]]);
  });

  describe('Django RunPython', () => {
    const PATH = 'shop/migrations/0008_fill_status.py';
    const migration = (body: string[], { atomic = 'True', runPython = 'migrations.RunPython(fill, migrations.RunPython.noop)' } = {}) =>
      [
        'from django.db import migrations',
        '',
        '',
        'def fill(apps, schema_editor):',
        '    Order = apps.get_model("shop", "Order")',
        ...body.map((line) => `    ${line}`),
        '',
        '',
        'class Migration(migrations.Migration):',
        `    atomic = ${atomic}`,
        "    dependencies = [('shop', '0007_order_status')]",
        `    operations = [${runPython}]`,
        '',
      ].join('\n');

    it('reports a queryset update of every row, at the call', async () => {
      assert.deepEqual(await rangesOf(RULE, migration(['Order.objects.all().update(status="new")']), PATH), [
        [6, 5, 6, 45, ONE_STATEMENT('Order')],
      ]);
      assert.deepEqual(await hitsOf(RULE, migration(['Order.objects.update(status="new")']), PATH), [6]);
    });

    it('reports a loop that saves every row inside the transaction, at its header', async () => {
      const loop = ['for order in Order.objects.all().iterator():', '    order.status = "new"', '    order.save(update_fields=["status"])'];
      assert.deepEqual(await rangesOf(RULE, migration(loop), PATH), [[6, 5, 6, 48, LOOP('Order')]]);
      const throughVariable = ['orders = Order.objects.all()', 'for order in orders:', '    order.save()'];
      assert.deepEqual(await hitsOf(RULE, migration(throughVariable), PATH), [7]);
    });

    it('leaves a loop alone when each save commits on its own, and not when RunPython asks for a transaction', async () => {
      const loop = ['for order in Order.objects.all():', '    order.save()'];
      assert.deepEqual(await hitsOf(RULE, migration(loop, { atomic: 'False' }), PATH), []);
      const ownTransaction = 'migrations.RunPython(fill, migrations.RunPython.noop, atomic=True)';
      assert.deepEqual(await hitsOf(RULE, migration(loop, { atomic: 'False', runPython: ownTransaction }), PATH), [6]);
      // One UPDATE is one transaction whatever the migration says.
      assert.deepEqual(await hitsOf(RULE, migration(['Order.objects.update(status="new")'], { atomic: 'False' }), PATH), [6]);
    });

    it('leaves filtered querysets and loops that only read alone', async () => {
      assert.deepEqual(await hitsOf(RULE, migration(['Order.objects.filter(status=None).update(status="new")']), PATH), []);
      assert.deepEqual(await hitsOf(RULE, migration(['for order in Order.objects.all()[:1000]:', '    order.save()']), PATH), []);
      assert.deepEqual(await hitsOf(RULE, migration(['for order in Order.objects.all():', '    print(order.id)']), PATH), []);
      // It writes one row of another table per order, not the orders.
      const other = [
        'for order in Order.objects.all():',
        '    invoice, _ = Invoice.objects.get_or_create(order=order)',
        '    invoice.save()',
      ];
      assert.deepEqual(await hitsOf(RULE, migration(other), PATH), []);
      assert.deepEqual(await hitsOf(RULE, migration(['Order.objects.exclude(status="").update(status="new")']), PATH), []);
    });
  });

  describe('Rails', () => {
    const PATH = 'db/migrate/20261201100000_fill_status.rb';
    const migration = (body: string[], { ddlTransaction = true } = {}) =>
      [
        'class FillStatus < ActiveRecord::Migration[7.1]',
        ...(ddlTransaction ? [] : ['  disable_ddl_transaction!']),
        '  def up',
        ...body.map((line) => `    ${line}`),
        '  end',
        'end',
        '',
      ].join('\n');

    it('reports update_all on a whole model, and a find_each that saves inside the transaction', async () => {
      assert.deepEqual(await rangesOf(RULE, migration(['Order.update_all(status: "new")']), PATH), [[3, 5, 3, 36, ONE_STATEMENT('Order')]]);
      assert.deepEqual(await hitsOf(RULE, migration(['Order.all.update_all(status: "new")']), PATH), [3]);
      const loop = ['LineItem.find_each do |item|', '  item.update!(status: "new")', 'end'];
      assert.deepEqual(await rangesOf(RULE, migration(loop), PATH), [[3, 5, 5, 8, LOOP('LineItem')]]);
    });

    it('leaves scoped updates, batches outside the transaction and loops that only read alone', async () => {
      assert.deepEqual(await hitsOf(RULE, migration(['Order.where(status: nil).update_all(status: "new")']), PATH), []);
      const batches = ['Order.in_batches(of: 10_000) do |batch|', '  batch.update_all(status: "new")', 'end'];
      assert.deepEqual(await hitsOf(RULE, migration(batches, { ddlTransaction: false }), PATH), []);
      assert.deepEqual(await hitsOf(RULE, migration(batches), PATH), [3]);
      assert.deepEqual(await hitsOf(RULE, migration(['Order.in_batches.update_all(status: "new")'], { ddlTransaction: false }), PATH), []);
      assert.deepEqual(await hitsOf(RULE, migration(['Order.find_each { |order| puts order.id }']), PATH), []);
      assert.deepEqual(await hitsOf(RULE, migration(['Order.find_each { |order| Invoice.create!(order_id: order.id) }']), PATH), []);
      assert.deepEqual(await hitsOf(RULE, migration(['STATUSES.each { |status| Status.create!(name: status) }']), PATH), []);
    });
  });

  describe('JavaScript', () => {
    it("reports knex('t').update(...) with no where, and Sequelize's bulkUpdate with an empty where", async () => {
      const knex = "exports.up = async (knex) => {\n  await knex('orders').update({ status: 'new' });\n};\n";
      assert.deepEqual(await hitsOf(RULE, knex, 'migrations/20261201100000_fill.js'), [2]);
      const filtered = "exports.up = async (knex) => {\n  await knex('orders').where({ status: null }).update({ status: 'new' });\n};\n";
      assert.deepEqual(await hitsOf(RULE, filtered, 'migrations/20261201100000_fill.js'), []);
      const sequelize = (where: string) =>
        `module.exports = {\n  async up(queryInterface) {\n    await queryInterface.bulkUpdate('orders', { status: 'new' }, ${where});\n  },\n};\n`;
      assert.deepEqual(await hitsOf(RULE, sequelize('{}'), 'migrations/20261201100000-fill.js'), [3]);
      assert.deepEqual(await hitsOf(RULE, sequelize('{ status: null }'), 'migrations/20261201100000-fill.js'), []);
    });
  });
});
