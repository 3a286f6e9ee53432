import assert from 'node:assert/strict';
import { parseSql } from '../../../../src/core/migrations/sql/parser';

const NEXT = 'CREATE INDEX i ON t (c);';

/** Runs `work` with process.stdout.write and process.stderr.write recorded instead of written. */
async function capturingOutput<T>(work: () => Promise<T>): Promise<{ result: T; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    return { result: await work(), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

async function assertNextParses(): Promise<void> {
  const next = await parseSql(NEXT);
  assert.ok('statements' in next, JSON.stringify(next));
  assert.deepEqual(
    next.statements.map((s) => [Object.keys(s.node)[0], s.start, s.end]),
    [['IndexStmt', 0, NEXT.length - 1]],
  );
}

describe('the PostgreSQL parser survives a pathological file', () => {
  it('a statement nested too deeply (a stack overflow inside WebAssembly) is an error for that file; the next file parses', async () => {
    const sql = `SELECT ${'(SELECT '.repeat(3000)}1${')'.repeat(3000)};`;
    const { result, stdout, stderr } = await capturingOutput(async () => {
      const failed = await parseSql(sql);
      await assertNextParses();
      return failed;
    });
    assert.deepEqual(result, { error: { message: 'it nests too deeply for the PostgreSQL parser (stack overflow)', offset: 0 } });
    assert.deepEqual(stdout, []);
    assert.deepEqual(stderr, []);
  });

  it('a statement too large for its memory (PostgreSQL exits) writes nothing, leaves the exit code alone, and the next file parses', async function () {
    // The parse tree of 5 million select items is over 512 MB of JSON: PostgreSQL runs out of
    // memory and calls exit(1). Before: "Terminating process due to FATAL error" on stdout, a
    // memory dump on stderr, process.exitCode = 1, and the leaked memory made files that had
    // parsed before fail too. It takes a few seconds of real work.
    this.timeout(60_000);
    const sql = `SELECT ${'1,'.repeat(5_000_000)}1;`;
    const exitCode = process.exitCode;
    const { result, stdout, stderr } = await capturingOutput(async () => {
      const failed = await parseSql(sql);
      await assertNextParses();
      return failed;
    });
    const exitCodeAfter = process.exitCode;
    process.exitCode = exitCode;
    assert.deepEqual(stdout, []);
    assert.deepEqual(stderr, []);
    assert.equal(exitCodeAfter, exitCode);
    assert.deepEqual(result, {
      error: { message: 'the PostgreSQL parser ran out of memory on it (the file is too large to parse)', offset: 0 },
    });
  });

  it('a plain syntax error is still reported at its position, by the same parser', async () => {
    assert.deepEqual(await parseSql('SELEC 1;'), { error: { message: 'syntax error at or near "SELEC"', offset: 0 } });
    assert.deepEqual(await parseSql('SELECT 1;\nCREATE INDEX i ON t (c'), {
      error: { message: 'syntax error at end of input', offset: 32 },
    });
    await assertNextParses();
  });
});
