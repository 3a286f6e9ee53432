import assert from 'node:assert/strict';
import { baselineFor, compareVersions, earlierMigrations, withoutPsqlCommands } from '../../../../src/core/trace/earlier-migrations';
import { TempRepo } from '../../../helpers/temp-repo';

describe('trace: the migrations that run before the traced one, in the runner order', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.remove());

  it('Flyway: by version parts, so V1.10 runs after V1.9; repeatables and undo scripts are not part of it', () => {
    for (const name of [
      'V1__init.sql',
      'V1.9__b.sql',
      'V1.10__c.sql',
      'V1_2__a.sql',
      'V2__d.sql',
      'R__views.sql',
      'U1.9__undo.sql',
      'V3__later.sql',
    ])
      repo.write(`db/migration/${name}`, 'SELECT 1;\n');
    assert.deepEqual(earlierMigrations(repo.dir, 'db/migration/V2__d.sql'), [
      'db/migration/V1__init.sql',
      'db/migration/V1_2__a.sql',
      'db/migration/V1.9__b.sql',
      'db/migration/V1.10__c.sql',
    ]);
  });

  it('goose and plain numbered files: by number, not by text (00010 after 00009), down files left out', () => {
    for (const name of ['00009_a.sql', '00010_b.sql', '00002_c.sql', '00011_own.sql', '00012_after.sql', '00003_x.down.sql', 'README.md'])
      repo.write(`migrations/${name}`, 'SELECT 1;\n');
    assert.deepEqual(earlierMigrations(repo.dir, 'migrations/00011_own.sql'), [
      'migrations/00002_c.sql',
      'migrations/00009_a.sql',
      'migrations/00010_b.sql',
    ]);
  });

  it('golang-migrate: only the .up.sql files of the folder', () => {
    for (const name of ['1_init.up.sql', '1_init.down.sql', '2_users.up.sql', '2_users.down.sql', '3_own.up.sql'])
      repo.write(`migrations/${name}`, 'SELECT 1;\n');
    assert.deepEqual(earlierMigrations(repo.dir, 'migrations/3_own.up.sql'), ['migrations/1_init.up.sql', 'migrations/2_users.up.sql']);
  });

  it("Diesel and Prisma: one folder per migration, each folder's up.sql / migration.sql", () => {
    repo.write('migrations/00000000000000_diesel_initial_setup/up.sql', 'SELECT 1;\n');
    repo.write('migrations/2024-01-02-030405_users/up.sql', 'SELECT 1;\n');
    repo.write('migrations/2024-01-02-030405_users/down.sql', 'SELECT 1;\n');
    repo.write('migrations/2024-02-01-000000_own/up.sql', 'SELECT 1;\n');
    repo.write('migrations/2024-03-01-000000_later/up.sql', 'SELECT 1;\n');
    assert.deepEqual(earlierMigrations(repo.dir, 'migrations/2024-02-01-000000_own/up.sql'), [
      'migrations/00000000000000_diesel_initial_setup/up.sql',
      'migrations/2024-01-02-030405_users/up.sql',
    ]);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', 'SELECT 1;\n');
    repo.write('prisma/migrations/20231231235959_first/migration.sql', 'SELECT 1;\n');
    repo.write('prisma/migrations/20240202000000_own/migration.sql', 'SELECT 1;\n');
    repo.write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
    assert.deepEqual(earlierMigrations(repo.dir, 'prisma/migrations/20240202000000_own/migration.sql'), [
      'prisma/migrations/20231231235959_first/migration.sql',
      'prisma/migrations/20240101000000_init/migration.sql',
    ]);
  });

  it('without earlier migrations, the schema dump; without one, an empty database', () => {
    repo.write('db/migrate/V1__first.sql', 'SELECT 1;\n');
    assert.deepEqual(baselineFor(repo.dir, 'db/migrate/V1__first.sql'), { kind: 'empty', files: [] });
    repo.write('db/structure.sql', 'CREATE TABLE t ();\n');
    assert.deepEqual(baselineFor(repo.dir, 'db/migrate/V1__first.sql'), { kind: 'schema-dump', files: ['db/structure.sql'] });
    repo.write('db/migrate/V0__zero.sql', 'SELECT 1;\n');
    assert.deepEqual(baselineFor(repo.dir, 'db/migrate/V1__first.sql'), { kind: 'earlier-migrations', files: ['db/migrate/V0__zero.sql'] });
  });

  it('compares versions part by part, a missing part as 0', () => {
    assert.ok(compareVersions([1, 10], [1, 9]) > 0);
    assert.equal(compareVersions([1, 0], [1]), 0);
    assert.ok(compareVersions([2], [10]) < 0);
  });

  it("blanks psql's meta-commands in a dump (\\restrict, \\connect), keeping every offset", () => {
    const dump = '\\restrict abc\nCREATE TABLE t ();\n\\unrestrict abc\n';
    const cleaned = withoutPsqlCommands(dump);
    assert.equal(cleaned, `${' '.repeat(13)}\nCREATE TABLE t ();\n${' '.repeat(15)}\n`);
  });
});
