import assert from 'node:assert/strict';
import { analyze } from './helpers';

async function rules(text: string, path: string): Promise<Array<[string, number]>> {
  return (await analyze(text, path))
    .map((f): [string, number] => [f.ruleId.replace('migration/', ''), f.line])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

const DJANGO_PATH = 'shop/migrations/0007_order_changes.py';
const DJANGO_TIMEOUTS = `        migrations.RunSQL("SET lock_timeout = '5s'; SET statement_timeout = '15min'", reverse_sql=migrations.RunSQL.noop),\n`;

/** A Django migration with `operations` lines (each on its own line, starting at line 9). */
function django(operations: string[], { atomic = true } = {}): string {
  return [
    'from django.db import migrations, models',
    'from django.contrib.postgres.operations import AddIndexConcurrently',
    '',
    '',
    'class Migration(migrations.Migration):',
    `    atomic = ${atomic ? 'True' : 'False'}`,
    "    dependencies = [('shop', '0006_previous')]",
    '    operations = [',
    DJANGO_TIMEOUTS.trimEnd(),
    ...operations.map((op) => `        ${op},`),
    '    ]',
    '',
  ].join('\n');
}

describe('Django migrations (Python syntax tree)', () => {
  it('reports AddIndex, and AddIndexConcurrently inside the atomic transaction', async () => {
    const index = "migrations.AddIndex(model_name='order', index=models.Index(fields=['customer'], name='order_customer_idx'))";
    assert.deepEqual(await rules(django([index]), DJANGO_PATH), [['require-concurrent-index-creation', 10]]);
    const concurrent = "AddIndexConcurrently(model_name='order', index=models.Index(fields=['customer'], name='order_customer_idx'))";
    assert.deepEqual(await rules(django([concurrent]), DJANGO_PATH), [['ban-concurrent-index-creation-in-transaction', 10]]);
    assert.deepEqual(await rules(django([concurrent], { atomic: false }), DJANGO_PATH), []);
  });

  it('maps the schema operations to the same rules as SQL', async () => {
    const ops = [
      "migrations.AddField(model_name='order', name='channel', field=models.CharField(max_length=10, null=True))",
      "migrations.AddField(model_name='order', name='shop', field=models.ForeignKey(on_delete=models.CASCADE, to='shop.shop', null=True))",
      "migrations.AlterField(model_name='order', name='total', field=models.BigIntegerField())",
      "migrations.RemoveField(model_name='order', name='legacy')",
      "migrations.RenameField(model_name='order', old_name='placed', new_name='placed_at')",
      "migrations.DeleteModel(name='OldOrder')",
      "migrations.AddConstraint(model_name='order', constraint=models.CheckConstraint(check=models.Q(total__gte=0), name='total_positive'))",
      "migrations.AddConstraint(model_name='order', constraint=models.UniqueConstraint(fields=['number'], name='number_unique'))",
    ];
    assert.deepEqual(await rules(django(ops), DJANGO_PATH), [
      ['adding-foreign-key-constraint', 11],
      ['require-concurrent-index-creation', 11],
      ['slow-statement-while-table-locked', 11],
      ['changing-column-type', 12],
      ['ban-drop-column', 13],
      ['renaming-column', 14],
      ['ban-drop-table', 15],
      ['constraint-missing-not-valid', 16],
      ['disallowed-unique-constraint', 17],
    ]);
  });

  it('reports a RunPython backfill beside a schema change', async () => {
    const ops = [
      "migrations.AddField(model_name='order', name='channel', field=models.CharField(max_length=10, null=True))",
      'migrations.RunPython(fill_channel, migrations.RunPython.noop)',
    ];
    assert.deepEqual(await rules(django(ops), DJANGO_PATH), [['backfill-with-schema-change', 11]]);
  });

  it("does not call a runner's bookkeeping a backfill: DELETE FROM django_migrations after dropping a table", async () => {
    const ops = [
      "migrations.RunSQL('DROP TABLE IF EXISTS django_celery_results_taskresult', reverse_sql=migrations.RunSQL.noop)",
      `migrations.RunSQL("DELETE FROM django_migrations WHERE app = 'django_celery_results'", reverse_sql=migrations.RunSQL.noop)`,
      "migrations.RunSQL('UPDATE shop_order SET channel = NULL', reverse_sql=migrations.RunSQL.noop)",
    ];
    assert.deepEqual(await rules(django(ops), DJANGO_PATH), [
      ['ban-drop-table', 10],
      ['backfill-with-schema-change', 12],
    ]);
  });

  it('exempts models created in the same migration, and reads SQL in RunSQL', async () => {
    const ops = [
      "migrations.CreateModel(name='Refund', fields=[('id', models.BigAutoField(primary_key=True))])",
      "migrations.AddIndex(model_name='refund', index=models.Index(fields=['id'], name='r'))",
      'migrations.RunSQL("ALTER TABLE shop_order DROP COLUMN legacy")',
    ];
    assert.deepEqual(await rules(django(ops), DJANGO_PATH), [
      ['ban-drop-column', 12],
      ['irreversible-data-migration', 12],
    ]);
  });

  it('requires the timeouts', async () => {
    const text =
      "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name='order', name='legacy'),\n    ]\n";
    assert.deepEqual(await rules(text, DJANGO_PATH), [
      ['ban-drop-column', 5],
      ['require-lock-timeout', 5],
      ['require-statement-timeout', 5],
    ]);
  });
});

const ALEMBIC_PATH = 'alembic/versions/3f2a_order_changes.py';

function alembic(upgrade: string[], downgrade: string[] = ['op.drop_table("anything")']): string {
  return [
    '"""order changes"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    'def upgrade():',
    `    op.execute("SET lock_timeout = '5s'")`,
    `    op.execute("SET statement_timeout = '15min'")`,
    ...upgrade.map((line) => `    ${line}`),
    '',
    'def downgrade():',
    ...downgrade.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

describe('Alembic migrations (Python syntax tree)', () => {
  it('reports create_index, and a concurrent one outside autocommit_block', async () => {
    assert.deepEqual(await rules(alembic(['op.create_index("ix_orders_customer", "orders", ["customer_id"])']), ALEMBIC_PATH), [
      ['require-concurrent-index-creation', 8],
    ]);
    assert.deepEqual(
      await rules(alembic(['op.create_index("ix", "orders", ["customer_id"], postgresql_concurrently=True)']), ALEMBIC_PATH),
      [['ban-concurrent-index-creation-in-transaction', 8]],
    );
    const inBlock = [
      'with op.get_context().autocommit_block():',
      '    op.create_index("ix", "orders", ["customer_id"], postgresql_concurrently=True)',
    ];
    assert.deepEqual(await rules(alembic(inBlock), ALEMBIC_PATH), []);
  });

  it('does not report dropping a column the migration added itself, nor a plain drop of the index of a table it drops', async () => {
    const ops = [
      'op.add_column("queries", sa.Column("old_schedule", sa.String(length=10), nullable=True))',
      'op.execute("UPDATE queries SET old_schedule = schedule")',
      'op.drop_column("queries", "old_schedule")',
      'op.drop_column("queries", "schedule")',
      'op.drop_index("ix_favorites_user_id", table_name="favorites")',
      'op.drop_index("ix_orders_user_id", table_name="orders")',
      'op.drop_table("favorites")',
    ];
    assert.deepEqual(
      (await rules(alembic(ops), ALEMBIC_PATH)).filter(([rule]) => rule.startsWith('ban-drop-column') || rule.includes('index-deletion')),
      [
        ['ban-drop-column', 11],
        ['require-concurrent-index-deletion', 13],
      ],
    );
  });

  it('maps the op.* calls to the same rules as SQL, and skips downgrade()', async () => {
    const ops = [
      'op.add_column("orders", sa.Column("channel", sa.String(), nullable=False))',
      'op.add_column("orders", sa.Column("token", sa.UUID(), server_default=sa.text("gen_random_uuid()")))',
      'op.alter_column("orders", "status", nullable=False)',
      'op.alter_column("orders", "total", type_=sa.BigInteger())',
      'op.alter_column("orders", "placed", new_column_name="placed_at")',
      'op.drop_column("orders", "legacy")',
      'op.create_foreign_key("fk_orders_shop", "orders", "shops", ["shop_id"], ["id"])',
      'op.create_unique_constraint("uq_orders_number", "orders", ["number"])',
    ];
    assert.deepEqual(await rules(alembic(ops), ALEMBIC_PATH), [
      ['adding-required-field', 8],
      ['adding-field-with-default', 9],
      ['adding-not-nullable-field', 10],
      ['changing-column-type', 11],
      ['renaming-column', 12],
      ['ban-drop-column', 13],
      ['adding-foreign-key-constraint', 14],
      ['slow-statement-while-table-locked', 14],
      ['disallowed-unique-constraint', 15],
    ]);
  });

  it('reads conn.execute on op.get_bind(): SQL text as SQL, a table.update() as a backfill', async () => {
    const ops = [
      'op.add_column("orders", sa.Column("channel", sa.String(), nullable=True))',
      'conn = op.get_bind()',
      'conn.execute(orders.update().where(orders.c.channel.is_(None)).values(channel="web"))',
      'conn.execute(sa.text("ALTER TABLE orders DROP COLUMN legacy"))',
      'conn.execute(sa.select(orders.c.id))',
    ];
    assert.deepEqual(await rules(alembic(ops), ALEMBIC_PATH), [
      ['backfill-with-schema-change', 10],
      ['ban-drop-column', 11],
    ]);
  });

  it('judges alter_column with existing_type= as PostgreSQL does: String(50) to Text is no rewrite', async () => {
    const ops = [
      'op.alter_column("orders", "note", type_=sa.Text(), existing_type=sa.String(length=50))',
      'op.alter_column("orders", "price", type_=sa.Numeric(12, 2), existing_type=sa.Numeric(10, 2))',
      'op.alter_column("orders", "total", type_=sa.BigInteger(), existing_type=sa.Integer())',
    ];
    const findings = await analyze(alembic(ops), ALEMBIC_PATH);
    assert.deepEqual(
      findings.map((f) => [f.ruleId.replace('migration/', ''), f.line, f.message]),
      [['changing-column-type', 10, "Changing 'orders.total' from integer to bigint rewrites the table while blocking reads and writes."]],
    );
  });

  it("reports the lock a new table's foreign keys take on the tables they reference", async () => {
    const table = (fk: string) => `op.create_table("comments", sa.Column("id", sa.Integer()), sa.Column("user_id", sa.Integer()${fk}))`;
    const text = (fk: string) => 'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    ' + table(fk) + '\n';
    assert.deepEqual(await rules(text(', sa.ForeignKey("users.id")'), ALEMBIC_PATH), [
      ['require-lock-timeout', 6],
      ['require-statement-timeout', 6],
    ]);
    assert.deepEqual(await rules(text(''), ALEMBIC_PATH), []);
  });

  it('leaves out the helpers only downgrade() calls, and keeps those upgrade() calls', async () => {
    const text = [
      'from alembic import op',
      '',
      '',
      'def add_index():',
      '    op.create_index("ix_a", "orders", ["a"])',
      '',
      '',
      'def remove_index():',
      '    op.drop_index("ix_a", table_name="orders")',
      '',
      '',
      'def upgrade():',
      '    add_index()',
      '',
      '',
      'def downgrade():',
      '    remove_index()',
      '',
    ].join('\n');
    assert.deepEqual(await rules(text, ALEMBIC_PATH), [
      ['require-concurrent-index-creation', 5],
      ['require-lock-timeout', 5],
      ['require-statement-timeout', 5],
    ]);
  });

  it('leaves out the branches that run only on another database', async () => {
    const ops = [
      'url = str(op.get_bind().engine.url)',
      'if url.startswith("mysql"):',
      '        op.drop_constraint("awards_ibfk_1", "awards", type_="foreignkey")',
      '    elif url.startswith("postgres"):',
      '        op.drop_column("awards", "legacy")',
      '    if op.get_context().dialect.name == "postgresql":',
      '        op.drop_column("awards", "old")',
      '    else:',
      '        op.drop_table("awards_sqlite_copy")',
      '    if op.get_context().dialect.name != "sqlite":',
      '        op.drop_column("awards", "older")',
      '    if url.startswith("sqlite") is False:',
      '        op.drop_column("awards", "oldest")',
    ];
    assert.deepEqual(await rules(alembic(ops), ALEMBIC_PATH), [
      ['ban-drop-column', 12],
      ['ban-drop-column', 14],
      ['ban-drop-column', 18],
      ['ban-drop-column', 20],
    ]);
  });

  it('reads batch_alter_table as the plain ALTERs it runs on PostgreSQL', async () => {
    const ops = [
      'with op.batch_alter_table("orders", schema=None) as batch_op:',
      '        batch_op.add_column(sa.Column("channel", sa.String(), nullable=False))',
      '        batch_op.create_index("ix_orders_channel", ["channel"], unique=False)',
      '        batch_op.create_foreign_key("fk_orders_shop", "shops", ["shop_id"], ["id"])',
      '        batch_op.alter_column("status", existing_type=sa.String(), nullable=False)',
    ];
    assert.deepEqual(await rules(alembic(ops), ALEMBIC_PATH), [
      ['adding-required-field', 9],
      ['require-concurrent-index-creation', 10],
      ['slow-statement-while-table-locked', 10],
      ['adding-foreign-key-constraint', 11],
      ['adding-not-nullable-field', 12],
    ]);
    const [index] = (await analyze(alembic(ops), ALEMBIC_PATH)).filter((f) => f.line === 10);
    assert.equal(index.message, "Building an index on 'orders' without CONCURRENTLY blocks writes to it until the index is built.");
  });

  it('reads SQL in op.execute, including sa.text(...)', async () => {
    assert.deepEqual(await rules(alembic(['op.execute(sa.text("ALTER TABLE orders RENAME TO purchases"))']), ALEMBIC_PATH), [
      ['renaming-table', 8],
    ]);
  });
});
