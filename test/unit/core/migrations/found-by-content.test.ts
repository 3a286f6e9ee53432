import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../../../src/core/engine/registry';
import { TempRepo } from '../../../helpers/temp-repo';

const DBMATE = '-- migrate:up\nALTER TABLE orders DROP COLUMN legacy;\n\n-- migrate:down\n';
const TYPEORM =
  "import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class AddIndex1612482778137 implements MigrationInterface {\n  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query('CREATE INDEX ix ON orders (a)');\n  }\n}\n";

/** Migrations outside the migration paths (per-dialect folders, custom layouts) are found by what they say. */
describe('migrations found by their content', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo('preflight-content-', { git: false })));
  afterEach(() => repo.remove());

  const findings = async (path: string, text: string) => {
    repo.write(path, text);
    return (await analyzeFile({ path, text }, builtinAnalyzers(), { config: defaultConfig(), root: repo.dir })).map((f) => [
      f.ruleId,
      f.line,
      f.severity,
    ]);
  };

  it('checks a dbmate file in a folder no default path names, and says so on the folder’s first file only', async () => {
    repo.write('postgres/20241202031812_create.sql', '-- migrate:up\nCREATE TABLE a (id bigint);\n');
    const second = await findings('postgres/20241202031844_drop_legacy.sql', DBMATE);
    assert.deepEqual(second, [
      ['migration/ban-drop-column', 2, 'warning'],
      ['migration/require-lock-timeout', 2, 'warning'],
      ['migration/require-statement-timeout', 2, 'warning'],
    ]);
    const [note] = await analyzeFile(
      { path: 'postgres/20241202031812_create.sql', text: '-- migrate:up\nCREATE TABLE a (id bigint);\n' },
      builtinAnalyzers(),
      { config: defaultConfig(), root: repo.dir },
    );
    assert.deepEqual(
      [note.ruleId, note.severity, note.message],
      [
        'migration/outside-migration-paths',
        'info',
        `This looks like a SQL migration, outside migrations.paths; Preflight checks it by its content. To say so in .preflight.yml: 'migrations: { paths: { sql: ["postgres/*.sql"] } }'.`,
      ],
    );
  });

  it('reads a TypeORM migration in a per-dialect folder', async () => {
    assert.deepEqual(await findings('src/db/migration/postgres/1612482778137-AddIndex.ts', TYPEORM), [
      ['migration/require-concurrent-index-creation', 5, 'error'],
      ['migration/require-lock-timeout', 5, 'warning'],
      ['migration/require-statement-timeout', 5, 'warning'],
      ['migration/outside-migration-paths', 1, 'info'],
    ]);
  });

  it('leaves alone a file that only mentions migrations: not named like one, or the marker inside a string', async () => {
    assert.deepEqual(await findings('test/typeorm.test.ts', TYPEORM), []);
    assert.deepEqual(await findings('scripts/2024-report.ts', `const example = "export class A implements MigrationInterface {}";\n`), []);
  });
});
