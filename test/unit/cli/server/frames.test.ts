import assert from 'node:assert/strict';
import { encodeFrame, FRAME, FrameReader } from '../../../../src/cli/server/frames';

describe("the Preflight server's frames", () => {
  const frames = [
    encodeFrame(FRAME.request, JSON.stringify({ argv: ['scan'], cwd: '/repo' })),
    encodeFrame(FRAME.accepted),
    encodeFrame(FRAME.out, 'db/migrate/001.sql:1:1  error  é\n'),
    encodeFrame(FRAME.err, Buffer.from([0, 255, 10])),
    encodeFrame(FRAME.exit, '1'),
  ];
  const stream = Buffer.concat(frames);
  const decoded = (chunks: Buffer[]) => {
    const reader = new FrameReader();
    return chunks.flatMap((chunk) => reader.push(chunk)).map(({ type, payload }) => [type, payload.toString('latin1')]);
  };
  const whole = decoded([stream]);

  it('reads back each frame: its type and its bytes', () => {
    assert.deepEqual(whole, [
      [FRAME.request, '{"argv":["scan"],"cwd":"/repo"}'],
      [FRAME.accepted, ''],
      [FRAME.out, Buffer.from('db/migrate/001.sql:1:1  error  é\n').toString('latin1')],
      [FRAME.err, '\x00\xff\n'],
      [FRAME.exit, '1'],
    ]);
  });

  it('reads the same frames however the stream is cut', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      assert.deepEqual(decoded([stream.subarray(0, cut), stream.subarray(cut)]), whole, `cut at ${cut}`);
    }
    assert.deepEqual(decoded([...stream].map((byte) => Buffer.from([byte]))), whole, 'a byte at a time');
  });

  it('waits for the rest of a frame', () => {
    const reader = new FrameReader();
    const frame = encodeFrame(FRAME.out, 'x'.repeat(70_000));
    assert.deepEqual(reader.push(frame.subarray(0, 4)), []);
    assert.deepEqual(reader.push(frame.subarray(4, 60_000)), []);
    const [read] = reader.push(frame.subarray(60_000));
    assert.equal(read.payload.length, 70_000);
  });
});
