import assert from 'node:assert/strict';
import { chooseInstallation, parseServerVersion, type PostgresBinaries } from '../../../../src/core/trace/binaries';
import { TraceError } from '../../../../src/core/trace/cluster';
import { checkDatabaseUrl, hostsOfDatabaseUrl, isLoopbackHost } from '../../../../src/core/trace/target';

describe('trace: where it may run', () => {
  it('counts 127.0.0.0/8, ::1, localhost and a Unix socket folder as this machine, nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]', '::1', '/var/run/postgresql', ''])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['10.0.0.5', '192.168.1.2', 'db.example.com', '127.0.0.1.nip.io', 'localhost.example.com', '[::2]', '0.0.0.0'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  it("reads every host a URL connects to: libpq's host lists and a host= in the query", () => {
    assert.deepEqual(hostsOfDatabaseUrl('postgres://u:p@127.0.0.1:5432/db'), ['127.0.0.1']);
    assert.deepEqual(hostsOfDatabaseUrl('postgresql://u@a:1,b:2/db'), ['a', 'b']);
    assert.deepEqual(hostsOfDatabaseUrl('postgres://u@localhost/db?host=db.example.com'), ['localhost', 'db.example.com']);
    assert.deepEqual(hostsOfDatabaseUrl('postgres:///db?host=/tmp/sock'), ['', '/tmp/sock']);
    assert.deepEqual(hostsOfDatabaseUrl('postgres://u@[::1]:5432/db'), ['[::1]']);
  });

  it('refuses a database on another machine unless --allow-remote, and a URL that is not postgres://', () => {
    checkDatabaseUrl('postgres://u@127.0.0.1/scratch', false);
    checkDatabaseUrl('postgres://u@db.example.com/scratch', true);
    assert.throws(
      () => checkDatabaseUrl('postgres://u@db.example.com/scratch', false),
      (error: Error) =>
        error instanceof TraceError && /names db\.example\.com, which is not this machine.*--allow-remote/.test(error.message),
    );
    assert.throws(() => checkDatabaseUrl('postgres://u@localhost/x?host=10.1.1.1', false), /names 10\.1\.1\.1/);
    assert.throws(() => checkDatabaseUrl('mysql://u@localhost/x', false), /must be a postgres:\/\/ or postgresql:\/\/ URL, not mysql:/);
    assert.throws(() => checkDatabaseUrl('not a url', false), /--database-url is not a URL/);
  });

  it("reads the server's version from postgres --version", () => {
    assert.deepEqual(parseServerVersion('postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n'), { version: '15.18', major: 15 });
    assert.deepEqual(parseServerVersion('postgres (PostgreSQL) 17devel'), { version: '17', major: 17 });
    assert.equal(parseServerVersion('something else'), undefined);
  });

  it("takes postgres.version's major when installed, else the newest and says so", () => {
    const at = (major: number): PostgresBinaries => ({
      bin: `/usr/lib/postgresql/${major}/bin`,
      version: `${major}.2`,
      major,
      foundIn: '/usr/lib/postgresql',
    });
    assert.deepEqual(chooseInstallation([at(16), at(14)], 14), { binaries: at(14) });
    const other = chooseInstallation([at(14), at(16)], 15);
    assert.equal(other?.binaries.major, 16);
    assert.equal(
      other?.note,
      'postgres.version is 15, which is not installed here; traced with PostgreSQL 16.2 (/usr/lib/postgresql/16/bin), whose locks and rewrites may differ.',
    );
    assert.equal(chooseInstallation([], 15), undefined);
  });
});
