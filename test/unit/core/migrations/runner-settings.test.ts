import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../../../src/core/engine/registry';
import { TempRepo } from '../../../helpers/temp-repo';
import { forgetProjectCaches } from '../../../../src/core/migrations/project/freshness';

const RAILS_PATH = 'db/migrate/20240102030405_remove_legacy.rb';
const RAILS = 'class RemoveLegacy < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :orders, :legacy\n  end\nend\n';
const ALEMBIC_PATH = 'migrations/versions/3f2a_drop_legacy.py';
const ALEMBIC = 'from alembic import op\n\n\ndef upgrade():\n    op.drop_column("orders", "legacy")\n\n\ndef downgrade():\n    pass\n';

/** Timeouts and reviews the project already enforces outside the migration file. */
describe('what the migration runner already does', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo('preflight-runner-', { git: false })));
  afterEach(() => repo.remove());

  const rules = async (path: string, text: string) => {
    forgetProjectCaches(); // the test rewrites project files and reads them again at once
    return analyzed(path, text);
  };
  const analyzed = async (path: string, text: string) =>
    (await analyzeFile({ path, text }, builtinAnalyzers(), { config: defaultConfig(), root: repo.dir })).map((f): [string, number] => [
      f.ruleId.replace('migration/', ''),
      f.line,
    ]);

  it('reports missing timeouts when nothing in the project sets them', async () => {
    assert.deepEqual(await rules(RAILS_PATH, RAILS), [
      ['ban-drop-column', 3],
      ['require-lock-timeout', 3],
      ['require-statement-timeout', 3],
    ]);
  });

  it("reads strong_migrations' initializer, each timeout on its own, ignoring commented lines", async () => {
    repo.write(
      'config/initializers/strong_migrations.rb',
      'StrongMigrations.lock_timeout = 10.seconds\n# StrongMigrations.statement_timeout = 1.hour\n',
    );
    assert.deepEqual(await rules(RAILS_PATH, RAILS), [
      ['ban-drop-column', 3],
      ['require-statement-timeout', 3],
    ]);
  });

  it('skips migrations at or before StrongMigrations.start_after, which the team has accepted', async () => {
    repo.write('config/initializers/strong_migrations.rb', 'StrongMigrations.start_after = 20_240_102_030_405\n');
    assert.deepEqual(await rules(RAILS_PATH, RAILS), []);
    assert.deepEqual((await rules('db/migrate/20240102030406_remove_legacy.rb', RAILS)).length, 3);
  });

  it('reads activerecord-safer_migrations in the Gemfile and variables: in config/database.yml', async () => {
    repo.write('Gemfile', 'source "https://rubygems.org"\ngem "activerecord-safer_migrations"\n');
    assert.deepEqual(await rules(RAILS_PATH, RAILS), [['ban-drop-column', 3]]);
    repo.write('Gemfile', '');
    repo.write('config/database.yml', 'production:\n  adapter: postgresql\n  variables:\n    statement_timeout: 15min\n');
    assert.deepEqual(await rules(RAILS_PATH, RAILS), [
      ['ban-drop-column', 3],
      ['require-lock-timeout', 3],
    ]);
  });

  it('honours safety_assured { } as the team’s own judgement, but not for the timeouts', async () => {
    const text = RAILS.replace(
      '    remove_column :orders, :legacy\n',
      '    # unused since the 2024 rewrite\n    safety_assured { remove_column :orders, :legacy }\n    add_index :orders, :kind\n',
    );
    assert.deepEqual(await rules(RAILS_PATH, text), [
      ['require-concurrent-index-creation', 5],
      ['require-lock-timeout', 4],
      ['require-statement-timeout', 4],
      // safety_assured judges the remove_column, whose lock the index build still runs under.
      ['slow-statement-while-table-locked', 5],
    ]);
  });

  it("reads a SET of the timeouts in Alembic's env.py", async () => {
    assert.deepEqual(await rules(ALEMBIC_PATH, ALEMBIC), [
      ['ban-drop-column', 5],
      ['require-lock-timeout', 5],
      ['require-statement-timeout', 5],
    ]);
    repo.write('migrations/env.py', 'connectable.execute(text("SET lock_timeout = \'5s\'"))\n# statement_timeout later\n');
    assert.deepEqual(await rules(ALEMBIC_PATH, ALEMBIC), [
      ['ban-drop-column', 5],
      ['require-statement-timeout', 5],
    ]);
  });

  it("reads -c lock_timeout= in the OPTIONS of Django's DATABASES", async () => {
    const path = 'shop/migrations/0002_drop.py';
    const text =
      "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name='order', name='legacy'),\n    ]\n";
    repo.write('manage.py', 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n');
    repo.write(
      'site/settings.py',
      "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'OPTIONS': {'options': '-c lock_timeout=5000'}}}\n",
    );
    assert.deepEqual(await rules(path, text), [
      ['ban-drop-column', 5],
      ['require-statement-timeout', 5],
    ]);
  });
});
