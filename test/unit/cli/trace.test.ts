import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CommandIo } from '../../../src/cli/io';
import { TempRepo } from '../../helpers/temp-repo';

function captureIo(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, env: {}, color: false, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), readStdin: async () => '' };
}

/** Mistakes a trace refuses before it starts anything (no PostgreSQL needed). */
describe('preflight trace: bad input', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('migrations/001_a.sql', 'SELECT 1;\n').write('app/models/order.rb', 'class Order; end\n');
  });
  afterEach(() => repo.remove());

  async function refused(args: string[]): Promise<string> {
    const io = captureIo(repo.dir);
    assert.equal(await main(['trace', ...args], io), 2);
    assert.deepEqual(io.stdout, []);
    return io.stderr.join('\n');
  }

  it('says what is wrong, with exit code 2 and no stack trace', async () => {
    assert.match(await refused([]), /^preflight: preflight trace takes one migration file\./);
    assert.equal(await refused(['missing.sql']), 'preflight: missing.sql: no such file or folder.');
    assert.equal(await refused(['migrations']), 'preflight: migrations is a folder: name one migration file.');
    assert.equal(
      await refused(['app/models/order.rb']),
      'preflight: app/models/order.rb is not a migration Preflight can trace: SQL migrations and Rails, Django, Alembic, Knex, TypeORM and Sequelize migrations can be (see docs/trace.md).',
    );
    assert.equal(await refused(['migrations/001_a.sql', '--format', 'sarif']), 'preflight: --format sarif: expected text or json.');
    assert.equal(
      await refused(['migrations/001_a.sql', '--rows', '2.5']),
      'preflight: --rows 2.5: expected a whole number from 0 to 10000000.',
    );
    assert.equal(await refused(['migrations/001_a.sql', '--allow-remote']), 'preflight: --allow-remote goes with --database-url.');
  });

  it('refuses a database that is not on this machine unless --allow-remote', async () => {
    assert.equal(
      await refused(['migrations/001_a.sql', '--database-url', 'postgres://me@10.0.0.7/scratch']),
      'preflight: --database-url names 10.0.0.7, which is not this machine; a trace runs the migration there (inside a transaction it rolls back). Add --allow-remote if that database is disposable.',
    );
  });

  it('is listed in the help', async () => {
    const io = captureIo(repo.dir);
    assert.equal(await main(['trace', '--help'], io), 0);
    assert.match(
      io.stdout.join('\n'),
      /^preflight trace FILE \[--format text\|json\] \[--schema DUMP\] \[--database-url URL\] \[--allow-remote\] \[--rows N\]/,
    );
    const help = captureIo(repo.dir);
    await main(['--help'], help);
    assert.match(help.stdout.join('\n'), /\n {2}trace {7}run a SQL migration in a throwaway PostgreSQL/);
  });
});
