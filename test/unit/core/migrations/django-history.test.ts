import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../../../src/core/engine/registry';
import { TempRepo } from '../../../helpers/temp-repo';
import { forgetProjectCaches } from '../../../../src/core/migrations/project/freshness';

const INITIAL = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("number", models.CharField(max_length=50)),
                ("note", models.CharField(max_length=200, null=True)),
                ("status", models.CharField(max_length=20, choices=[("new", "New")])),
                ("placed", models.DateTimeField(null=True)),
                ("customer", models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
                ("code", models.CharField(max_length=10)),
            ],
            options={"unique_together": {("number", "code")}},
        ),
    ]
`;

const PATH = 'shop/migrations/0003_change.py';
const TIMEOUTS = `        migrations.RunSQL("SET lock_timeout = '5s'; SET statement_timeout = '15min'", reverse_sql=migrations.RunSQL.noop),`;

/** A migration with `operations` on lines 6 onwards, after the timeouts on line 5. */
function migration(operations: string[], head = ''): string {
  return [
    'from django.db import migrations, models',
    '',
    `class Migration(migrations.Migration):${head}`,
    '    operations = [',
    TIMEOUTS,
    ...operations.map((op) => `        ${op},`),
    '    ]',
    '',
  ].join('\n');
}

/** AlterField and friends are judged against the app's earlier migrations, as Django's migration state does. */
describe('Django migrations judged against the app history', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo('preflight-django-', { git: false });
    repo.write('shop/migrations/0001_initial.py', INITIAL);
    repo.write(
      'shop/migrations/0002_rename.py',
      migration([
        'migrations.RenameField(model_name="order", old_name="placed", new_name="placed_at")',
        'migrations.SeparateDatabaseAndState(state_operations=[migrations.AlterField(model_name="order", name="code", field=models.CharField(max_length=30))])',
      ]),
    );
    repo.write('shop/migrations/__init__.py', '');
  });
  afterEach(() => repo.remove());

  const rules = async (operations: string[], head = '') => {
    forgetProjectCaches(); // the test rewrites earlier migrations and reads them again at once
    return analyzed(operations, head);
  };
  const analyzed = async (operations: string[], head: string) =>
    (await analyzeFile({ path: PATH, text: migration(operations, head) }, builtinAnalyzers(), { config: defaultConfig(), root: repo.dir }))
      .map((f): [string, number] => [f.ruleId.replace('migration/', ''), f.line])
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const alter = (name: string, field: string) => `migrations.AlterField(model_name="order", name="${name}", field=${field})`;

  it('finds no SQL in an AlterField that changes only what Python sees', async () => {
    assert.deepEqual(
      await rules([
        alter('status', 'models.CharField(max_length=20, choices=[("new", "New"), ("paid", "Paid")], help_text="Where it is")'),
        alter('customer', 'models.ForeignKey(on_delete=models.PROTECT, related_name="orders", to="shop.customer")'),
        alter('number', 'models.CharField(max_length=50, default="", blank=True, verbose_name="Number")'),
      ]),
      [],
    );
  });

  it('reads a longer varchar as no rewrite, a shorter one or another type as a type change', async () => {
    assert.deepEqual(await rules([alter('number', 'models.CharField(max_length=100)'), alter('note', 'models.TextField(null=True)')]), []);
    assert.deepEqual(await rules([alter('number', 'models.CharField(max_length=20)'), alter('status', 'models.IntegerField()')]), [
      ['changing-column-type', 6],
      ['changing-column-type', 7],
    ]);
  });

  it('reports null=True → null=False as SET NOT NULL, with the UPDATE Django runs first when there is a default', async () => {
    assert.deepEqual(await rules([alter('note', 'models.CharField(max_length=200)')]), [['adding-not-nullable-field', 6]]);
    assert.deepEqual(await rules([alter('note', 'models.CharField(max_length=200, default="")')]), [
      ['adding-not-nullable-field', 6],
      ['backfill-with-schema-change', 6],
    ]);
  });

  it('reports a new index or UNIQUE from AlterField', async () => {
    assert.deepEqual(
      await rules([
        alter('number', 'models.CharField(max_length=50, db_index=True)'),
        alter('status', 'models.CharField(max_length=20, unique=True)'),
      ]),
      [
        ['require-concurrent-index-creation', 6],
        ['disallowed-unique-constraint', 7],
      ],
    );
  });

  it('follows RenameField and the state_operations of SeparateDatabaseAndState', async () => {
    assert.deepEqual(
      await rules([
        alter('placed_at', 'models.DateTimeField(null=True, db_index=False)'),
        alter('code', 'models.CharField(max_length=30)'),
      ]),
      [],
    );
  });

  it('runs only the database_operations of SeparateDatabaseAndState', async () => {
    const split =
      'migrations.SeparateDatabaseAndState(state_operations=[migrations.RemoveField(model_name="order", name="note")], database_operations=[migrations.RunSQL("ALTER TABLE shop_order DROP COLUMN note")])';
    assert.deepEqual(await rules([split]), [
      ['ban-drop-column', 6],
      ['irreversible-data-migration', 6],
    ]);
  });

  it('reports only the unique_together sets that are new', async () => {
    const together = (sets: string) => `migrations.AlterUniqueTogether(name="order", unique_together=${sets})`;
    assert.deepEqual(await rules([together('{("number", "code")}')]), []);
    assert.deepEqual(await rules([together('{("number", "code"), ("customer", "status")}')]), [['disallowed-unique-constraint', 6]]);
  });

  it('uses Django’s effective default when a NOT NULL column is added', async () => {
    const add = (name: string, field: string) => `migrations.AddField(model_name="order", name="${name}", field=${field})`;
    assert.deepEqual(
      await rules([
        add('comment', 'models.TextField(blank=True)'),
        add('changed', 'models.DateTimeField(auto_now=True)'),
        add('token', 'models.UUIDField(default=uuid.uuid4)'),
        add('tags', 'models.ManyToManyField(to="shop.tag")'),
        add('labels', 'TaggableManager(through="shop.TaggedOrder")'),
        add('length', 'models.GeneratedField(expression=Length("note"), output_field=models.IntegerField(), db_persist=True)'),
        add('reference', 'models.CharField(max_length=20)'),
      ]),
      [
        ['adding-field-with-default', 11],
        ['adding-required-field', 12],
      ],
    );
  });

  it('skips a squashed migration, which only runs on an empty database', async () => {
    assert.deepEqual(await rules([alter('status', 'models.IntegerField()')], '\n    replaces = [("shop", "0001_initial")]'), []);
  });

  it('reads RunSQL given a list of strings or of (sql, params) pairs', async () => {
    assert.deepEqual(
      await rules(['migrations.RunSQL(["ALTER TABLE shop_order DROP COLUMN a", ("CREATE INDEX i ON shop_order (b)", [])])']),
      [
        ['ban-drop-column', 6],
        ['irreversible-data-migration', 6],
        ['require-concurrent-index-creation', 6],
        ['slow-statement-while-table-locked', 6],
      ],
    );
  });

  it('reports AlterModelTable as a rename', async () => {
    assert.deepEqual(await rules(['migrations.AlterModelTable(name="order", table="orders")']), [['renaming-table', 6]]);
  });

  it('keeps the short lock of a widening or of DROP NOT NULL: a backfill beside them holds it', async () => {
    const backfill = 'migrations.RunPython(fill_numbers, migrations.RunPython.noop)';
    assert.deepEqual(await rules([alter('number', 'models.CharField(max_length=100)'), backfill]), [['backfill-with-schema-change', 7]]);
    assert.deepEqual(await rules([alter('code', 'models.CharField(max_length=30, null=True)'), backfill]), [
      ['backfill-with-schema-change', 7],
    ]);
  });

  it('reads a new collation, a Positive*Field CHECK and a OneToOneField turned ForeignKey', async () => {
    assert.deepEqual(
      await rules([
        alter('number', 'models.CharField(max_length=50, db_collation="natural_sort")'),
        alter('code', 'models.PositiveIntegerField()'),
        alter('customer', 'models.OneToOneField(on_delete=models.CASCADE, to="shop.customer")'),
      ]),
      [
        ['changing-column-type', 6],
        ['changing-column-type', 7],
        ['constraint-missing-not-valid', 7],
        ['disallowed-unique-constraint', 8],
      ],
    );
  });

  it('runs no SQL for proxy or unmanaged models', async () => {
    const proxy = 'migrations.CreateModel(name="OpenOrder", fields=[], options={"proxy": True}, bases=("shop.order",))';
    assert.deepEqual(await rules([proxy, 'migrations.DeleteModel(name="OpenOrder")']), []);
  });

  it("honours django-safemigrate's Safe.after_deploy(): no running code uses what it drops", async () => {
    const drops = ['migrations.RemoveField(model_name="order", name="note")', 'migrations.DeleteModel(name="order")'];
    assert.deepEqual(await rules(drops), [
      ['ban-drop-column', 6],
      ['ban-drop-table', 7],
    ]);
    assert.deepEqual(await rules(drops, '\n    safe = Safe.after_deploy()'), []);
  });

  it('locks the tables a new model or join table references: the timeouts matter there too', async () => {
    const text = [
      'from django.db import migrations, models',
      '',
      'class Migration(migrations.Migration):',
      '    operations = [',
      '        migrations.CreateModel(name="Refund", fields=[("id", models.AutoField(primary_key=True)), ("order", models.ForeignKey(on_delete=models.CASCADE, to="shop.order"))]),',
      '    ]',
      '',
    ].join('\n');
    const findings = await analyzeFile({ path: PATH, text }, builtinAnalyzers(), { config: defaultConfig(), root: repo.dir });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line, f.message]),
      [
        [
          'migration/require-lock-timeout',
          5,
          "This migration locks 'order' without a lock_timeout, so waiting for the lock can stall every query on it.",
        ],
        [
          'migration/require-statement-timeout',
          5,
          'This migration locks an existing table without a statement_timeout, so a slow statement can hold the lock indefinitely.',
        ],
      ],
    );
  });

  it('reads a field class it does not know that takes max_length as a varchar', async () => {
    const add = 'migrations.AddField(model_name="order", name="color", field=ColorField(blank=True, max_length=6))';
    assert.deepEqual(await rules([add]), []);
    assert.deepEqual(
      await rules([add, 'migrations.AlterField(model_name="order", name="color", field=ColorField(blank=True, max_length=8))']),
      [],
    );
  });

  it('runs the NULL-rows UPDATE under a lock only when the default changes with the NOT NULL', async () => {
    const notNull = (field: string) => alter('note', field);
    assert.deepEqual(
      await rules([
        notNull('models.CharField(max_length=200, null=True, default="-")'),
        notNull('models.CharField(max_length=200, default="-")'),
      ]),
      [['adding-not-nullable-field', 7]],
    );
  });

  it('holds the lock of RemoveConstraint during a RunPython after it', async () => {
    assert.deepEqual(
      await rules([
        'migrations.RemoveConstraint(model_name="order", name="order_unique")',
        'migrations.RunPython(fill, migrations.RunPython.noop)',
      ]),
      [['backfill-with-schema-change', 7]],
    );
  });

  it('reports a model deleted and created again: the old table and its rows are dropped', async () => {
    assert.deepEqual(
      await rules([
        'migrations.DeleteModel(name="order")',
        'migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True))])',
      ]),
      [['ban-drop-table', 6]],
    );
  });

  it('knows the recipe spread over migrations: a validated CHECK (note IS NOT NULL) lets SET NOT NULL skip the scan', async () => {
    const notValid =
      'AddConstraintNotValid(model_name="order", constraint=models.CheckConstraint(check=models.Q(note__isnull=False), name="order_note_not_null"))';
    repo.write('shop/migrations/0002_rename.py', migration([notValid]));
    assert.deepEqual(await rules([alter('note', 'models.CharField(max_length=200)')]), [['adding-not-nullable-field', 6]]);
    repo.write(
      'shop/migrations/0002_rename.py',
      migration([notValid, 'ValidateConstraint(model_name="order", name="order_note_not_null")']),
    );
    assert.deepEqual(await rules([alter('note', 'models.CharField(max_length=200)')]), []);
  });

  it('still judges an AlterField whose field it cannot find in the history as a possible type change', async () => {
    assert.deepEqual(await rules([alter('unknown', 'models.IntegerField()')]), [['changing-column-type', 6]]);
  });
});
