import assert from 'node:assert/strict';
import { migrationStatements, transactionEffect } from '../../../../src/core/trace/statements';

describe('trace: a migration cut into the statements PostgreSQL will get', () => {
  it('gives each statement its lines and text without the semicolon, comments before it skipped', async () => {
    const text = '-- add a column\nALTER TABLE orders\n  ADD COLUMN note text;\n\n/* index */ CREATE INDEX i ON orders (note);\n';
    const statements = await migrationStatements(text);
    assert.deepEqual(
      statements.map(({ line, endLine, sql }) => ({ line, endLine, sql })),
      [
        { line: 2, endLine: 3, sql: 'ALTER TABLE orders\n  ADD COLUMN note text' },
        { line: 5, endLine: 5, sql: 'CREATE INDEX i ON orders (note)' },
      ],
    );
    assert.deepEqual(Object.keys(statements[1].node ?? {}), ['IndexStmt']);
  });

  it("keeps a statement Preflight's parser rejects, so that PostgreSQL says what is wrong with it", async () => {
    const statements = await migrationStatements('SELECT 1;\nALTER TABLE orders ADD COLUMN;\nSELECT 2;\n');
    assert.deepEqual(
      statements.map(({ line, sql, node }) => ({ line, sql, parsed: node !== undefined })),
      [
        { line: 1, sql: 'SELECT 1', parsed: true },
        { line: 2, sql: 'ALTER TABLE orders ADD COLUMN', parsed: false },
        { line: 3, sql: 'SELECT 2', parsed: true },
      ],
    );
  });

  it("leaves out goose's Down section, and keeps a function body with semicolons in one statement", async () => {
    const text = [
      '-- +goose Up',
      '-- +goose StatementBegin',
      'CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;',
      '-- +goose StatementEnd',
      '-- +goose Down',
      'DROP FUNCTION f();',
      '',
    ].join('\n');
    const statements = await migrationStatements(text);
    assert.deepEqual(
      statements.map((s) => [s.line, s.sql]),
      [[3, 'CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql']],
    );
  });

  it('tells which statements open and close a transaction block', async () => {
    const statements = await migrationStatements('BEGIN;\nSELECT 1;\nSAVEPOINT a;\nROLLBACK TO SAVEPOINT a;\nCOMMIT;\n');
    assert.deepEqual(
      statements.map((s) => transactionEffect(s)),
      ['begin', undefined, undefined, undefined, 'end'],
    );
  });

  it('an empty migration, or one with only comments, has no statements', async () => {
    assert.deepEqual(await migrationStatements(''), []);
    assert.deepEqual(await migrationStatements('-- nothing yet\n'), []);
  });
});
