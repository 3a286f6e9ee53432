import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSql } from '../../../src/core/migrations/sql/parser';
import { initialMemoryPages, withLowerInitialMemory } from '../../../scripts/wasm-initial-memory';

// This project's TypeScript has no DOM library: what the tests use of the WebAssembly global.
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  instantiate(bytes: Uint8Array, imports: unknown): Promise<{ instance: unknown }>;
};

const LIBPG_QUERY = readFileSync(require.resolve('libpg-query/wasm/libpg-query.wasm'));

/** A module of a memory section only (`min` pages, `max` when given), and optionally one data segment. */
function tinyModule(min: number, data?: { offset: number; size: number }): Uint8Array {
  const leb = (value: number) => {
    const out: number[] = [];
    do {
      out.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
      value = Math.floor(value / 128);
    } while (value > 0);
    return out;
  };
  const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
  const memory = section(5, [1, 0, ...leb(min)]);
  const segment = data
    ? section(11, [1, 0, 0x41, ...leb(data.offset), 0x0b, ...leb(data.size), ...new Array<number>(data.size).fill(7)])
    : [];
  return Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...memory, ...segment]);
}

/** libpg-query's own loader, instantiating the given bytes. */
async function parserOf(wasm: Uint8Array) {
  const { default: createPgQueryModule } = await import('libpg-query/wasm/libpg-query.js');
  const options = {
    print: () => undefined,
    printErr: () => undefined,
    instantiateWasm: (imports: unknown, done: (instance: unknown) => void) => {
      void WebAssembly.instantiate(wasm, imports).then((result) => done(result.instance));
      return {};
    },
  };
  return (await createPgQueryModule(options)) as Awaited<ReturnType<typeof createPgQueryModule>> & { HEAPU8: Uint8Array };
}

describe("build: the PostgreSQL parser's initial memory", () => {
  it("lowers libpg-query's 128 MB to its data and stack plus 1 MB, changing only the minimum's bytes", () => {
    const patched = withLowerInitialMemory(LIBPG_QUERY);
    assert.equal(initialMemoryPages(LIBPG_QUERY), 2048);
    assert.equal(initialMemoryPages(patched), 543, 'the stack pointer starts at 34,515,008: 33 MB, plus 1 MB');
    assert.equal(patched.length, LIBPG_QUERY.length);
    const changed = [...patched].flatMap((byte, index) => (byte === LIBPG_QUERY[index] ? [] : [index]));
    assert.ok(changed.length > 0 && changed.length <= 2 && changed[changed.length - 1] - changed[0] < 2, `changed: ${changed.join(', ')}`);
    assert.ok(WebAssembly.validate(patched));
  });

  it('leaves a module alone when its minimum is already low, and counts its data segments', () => {
    assert.deepEqual(withLowerInitialMemory(tinyModule(16)), tinyModule(16));
    assert.equal(initialMemoryPages(withLowerInitialMemory(tinyModule(2048))), 16, '1 MB of headroom');
    const withData = withLowerInitialMemory(tinyModule(2048, { offset: 3 * 65536, size: 100 }));
    assert.equal(initialMemoryPages(withData), 20, 'its data ends in the fourth page, plus 16');
    assert.ok(WebAssembly.validate(withData));
  });

  it('parses as the original does, growing its memory for a statement that needs more', async function () {
    this.timeout(30_000);
    const parser = await parserOf(withLowerInitialMemory(LIBPG_QUERY));
    assert.equal(parser.HEAPU8.length, 543 * 65536);
    const sql = `INSERT INTO t (a, b) VALUES ${Array.from({ length: 20_000 }, (_, i) => `(${i}, 'x')`).join(', ')};`;
    const size = parser.lengthBytesUTF8(sql) + 1;
    const query = parser._malloc(size);
    parser.stringToUTF8(sql, query, size);
    const result = parser._wasm_parse_query_raw(query);
    assert.equal(parser.getValue(result + 8, 'i32'), 0, 'no error');
    const tree = JSON.parse(parser.UTF8ToString(parser.getValue(result, 'i32'))) as { stmts: Array<{ stmt: unknown }> };
    assert.ok(parser.HEAPU8.length > 543 * 65536, 'the memory grew');
    const original = await parseSql(sql);
    assert.ok('statements' in original);
    assert.deepEqual(tree.stmts[0].stmt, original.statements[0].node);
  });
});
