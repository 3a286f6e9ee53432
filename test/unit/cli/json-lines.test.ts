import assert from 'node:assert/strict';
import { writeJson } from '../../../src/cli/formats/json-lines';
import type { CommandIo } from '../../../src/cli/io';

async function written(report: Record<string, unknown>): Promise<{ text: string; writes: number; waits: number }> {
  const pieces: string[] = [];
  let waits = 0;
  const io = { out: (text: string) => pieces.push(`${text}\n`), drained: async () => void waits++ } as unknown as CommandIo;
  await writeJson(io, report);
  return { text: pieces.join(''), writes: pieces.length, waits };
}

describe('writeJson', () => {
  it('writes what JSON.stringify(report, null, 2) gives, with io.out’s newline', async () => {
    const report = {
      version: 1,
      findings: [
        {
          ruleId: 'migration/ban-drop-column',
          file: 'db/V1__a.sql',
          line: 3,
          message: 'a "quoted"\nline\twith \u001b[31m escapes \u202e and 🚀',
          fix: { description: 'x', edits: [{ file: 'a', range: { start: { line: 1, column: 1 } }, newText: '' }] },
          help: undefined,
        },
        { nested: [[], {}, [1, [2, { three: null }]]], empty: '' },
      ],
      skipped: [],
      more: { a: [], b: {} },
      dropped: undefined,
      list: [undefined, () => 1, 'x'],
    };
    assert.equal((await written(report)).text, `${JSON.stringify(report, null, 2)}\n`);
  });

  it('writes an empty report as {}', async () => {
    assert.equal((await written({})).text, '{}\n');
  });

  it('writes thousands of findings in pieces that join to the same text, waiting for the reader after each', async () => {
    const findings = Array.from({ length: 3000 }, (_, i) => ({ ruleId: `r${i % 7}`, line: i, message: `finding ${i}`.repeat(5) }));
    const report = { version: 1, findings, skipped: [{ file: 'a.bin', reason: 'binary' }] };
    const { text, writes, waits } = await written(report);
    assert.equal(text, `${JSON.stringify(report, null, 2)}\n`);
    assert.ok(writes > 5, `${writes} writes`);
    assert.equal(waits, writes - 1, 'a wait after each piece but the last');
  });

  it('joins chunks of any kind of element, whatever ends a chunk (a string, null, an array, a hole or a function)', async () => {
    const kinds: unknown[] = ['x', null, [1, [2]], undefined, () => 1, { a: [] }, 3.5, '', []];
    const list = Array.from({ length: 64 * 9 + 5 }, (_, i) => kinds[Math.floor(i / 64 + i) % kinds.length]);
    const report = { list, long: Array.from({ length: 200 }, (_, i) => ({ message: 'm'.repeat(300 + i) })), last: [] };
    assert.equal((await written(report)).text, `${JSON.stringify(report, null, 2)}\n`);
  });
});
