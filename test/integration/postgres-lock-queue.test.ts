import assert from 'node:assert/strict';
import { Client } from 'pg';
import { defaultConfig } from '../../src/core/config/types';
import { analyzeFile } from '../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../src/core/engine/registry';
import { postgresOrSkip, type ThrowawayPostgres } from '../support/postgres';

/**
 * Which statements stall the application while they wait for their lock, asked of PostgreSQL
 * itself. A long transaction holds SHARE UPDATE EXCLUSIVE on the table (as autovacuum, ANALYZE or
 * another migration's CREATE INDEX CONCURRENTLY do); the statement then waits behind it, and a
 * third session tries a read and a write with a short lock_timeout. require-lock-timeout must
 * report exactly the statements whose wait makes reads or writes queue: that is where squawk,
 * which also reports statements taking SHARE UPDATE EXCLUSIVE, differs on purpose.
 */
const STATEMENTS: ReadonlyArray<{ sql: string; setup?: string; runsAlone?: boolean }> = [
  { sql: 'ALTER TABLE probe ADD COLUMN extra text;' },
  { sql: "ALTER TABLE probe ALTER COLUMN note SET DEFAULT 'x';" },
  { sql: 'ALTER TABLE probe ALTER COLUMN note SET NOT NULL;' },
  { sql: 'CREATE INDEX probe_note_idx ON probe (note);' },
  { sql: 'DROP INDEX probe_id_idx;', setup: 'CREATE INDEX probe_id_idx ON probe (id);' },
  { sql: 'ALTER TABLE probe ADD CONSTRAINT probe_other_fk FOREIGN KEY (other_id) REFERENCES other (id) NOT VALID;' },
  { sql: "ALTER TABLE probe ADD CONSTRAINT probe_note_check CHECK (note <> '') NOT VALID;" },
  { sql: 'LOCK TABLE probe IN SHARE MODE;' },
  { sql: 'CREATE INDEX CONCURRENTLY probe_note_idx ON probe (note);', runsAlone: true },
  { sql: 'DROP INDEX CONCURRENTLY probe_id_idx;', setup: 'CREATE INDEX probe_id_idx ON probe (id);', runsAlone: true },
  {
    sql: 'ALTER TABLE probe VALIDATE CONSTRAINT probe_note_check;',
    setup: "ALTER TABLE probe ADD CONSTRAINT probe_note_check CHECK (note <> '') NOT VALID;",
  },
  {
    sql: 'ALTER TABLE probe VALIDATE CONSTRAINT probe_other_fk;',
    setup: 'ALTER TABLE probe ADD CONSTRAINT probe_other_fk FOREIGN KEY (other_id) REFERENCES other (id) NOT VALID;',
  },
  { sql: "COMMENT ON COLUMN probe.note IS 'see the data dictionary';" },
  { sql: 'UPDATE probe SET note = note WHERE id = 1;' },
];

describe('which waiting statements make queries queue, asked of PostgreSQL itself', function () {
  this.timeout(120_000);
  let postgres: ThrowawayPostgres | undefined;
  before(async function () {
    postgres = await postgresOrSkip(this);
  });
  after(() => postgres?.stop());

  async function client(): Promise<Client> {
    const c = new Client(postgres!.connection);
    await c.connect();
    return c;
  }

  /** Whether a query on the table gives up on its lock while `sql` waits for its own. */
  async function queuedBehind(sql: string, setup: string | undefined, runsAlone: boolean): Promise<{ reads: boolean; writes: boolean }> {
    postgres!.query(
      [
        'DROP TABLE IF EXISTS probe; DROP TABLE IF EXISTS other;',
        'CREATE TABLE other (id int PRIMARY KEY); INSERT INTO other VALUES (1);',
        "CREATE TABLE probe (id int, other_id int, note text); INSERT INTO probe VALUES (1, 1, 'a');",
        setup ?? '',
      ].join('\n'),
    );
    const [holder, migration, app] = await Promise.all([client(), client(), client()]);
    try {
      await holder.query('BEGIN; LOCK TABLE probe IN SHARE UPDATE EXCLUSIVE MODE;');
      let done = false;
      const waiting = migration.query(runsAlone ? sql : `BEGIN; ${sql}`).finally(() => (done = true));
      const waits = async () =>
        (await holder.query("SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'probe'::regclass")).rowCount! > 0;
      // A statement whose lock does not conflict with the holder's runs at once: nothing waits behind it.
      await until(async () => done || (await waits()), sql);
      await app.query("SET lock_timeout = '300ms'");
      const gaveUp = async (query: string) =>
        app.query(query).then(
          () => false,
          (error: { code?: string }) => {
            if (error.code !== '55P03') throw error;
            return true;
          },
        );
      const reads = await gaveUp('SELECT count(*) FROM probe');
      const writes = await gaveUp("INSERT INTO probe VALUES (2, 1, 'b')");
      await holder.query('ROLLBACK');
      await waiting;
      if (!runsAlone) await migration.query('ROLLBACK');
      return { reads, writes };
    } finally {
      await Promise.all([holder.end(), migration.end(), app.end()]);
    }
  }

  async function preflightAsksForLockTimeout(sql: string): Promise<boolean> {
    const findings = await analyzeFile({ path: 'db/migrations/V2__probe.sql', text: sql + '\n' }, builtinAnalyzers(), {
      config: defaultConfig(),
      root: '/nonexistent',
    });
    return findings.some((f) => f.ruleId === 'migration/require-lock-timeout');
  }

  for (const { sql, setup, runsAlone } of STATEMENTS) {
    it(sql, async () => {
      const { reads, writes } = await queuedBehind(sql, setup, runsAlone ?? false);
      const blocks = reads ? 'reads and writes' : writes ? 'writes' : 'neither reads nor writes';
      assert.equal(
        await preflightAsksForLockTimeout(sql),
        reads || writes,
        `while it waits for its lock, PostgreSQL queues ${blocks} behind it`,
      );
    });
  }
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never started waiting for its lock: ${what}`);
}
