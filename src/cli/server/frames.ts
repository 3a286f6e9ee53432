/**
 * The Preflight server's wire format, both ways: frames of one type byte, a 4-byte big-endian
 * length and that many bytes. Output travels as the bytes the terminal would get, so a 6 MB JSON
 * report is not escaped into JSON a second time.
 */
export const FRAME = {
  /** client → server: the run, as JSON (`ServerRequest`) */
  request: 0x52,
  /** client → server: everything the client read from its stdin */
  stdin: 0x49,
  /** server → client: the run has started (the client can no longer fall back to running it itself) */
  accepted: 0x41,
  /** server → client: this server does not run that request (another build); the client runs it itself */
  refused: 0x58,
  /** server → client: bytes for stdout, for stderr */
  out: 0x4f,
  err: 0x45,
  /** server → client: the command reads stdin */
  readStdin: 0x53,
  /** server → client: the run ended with this exit code (decimal) */
  exit: 0x43,
} as const;

export interface ServerRequest {
  build: string;
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether the client's stdout is a terminal (the CLI colours its output then). */
  stdoutIsTTY: boolean;
}

const HEADER = 5;

export function encodeFrame(type: number, payload: string | Uint8Array = ''): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const frame = Buffer.allocUnsafe(HEADER + body.length);
  frame[0] = type;
  frame.writeUInt32BE(body.length, 1);
  frame.set(body, HEADER);
  return frame;
}

/** Splits a byte stream into frames, however the stream was chunked. */
export class FrameReader {
  // Chunks are joined only once a whole frame is there: a 6 MB report arrives in a hundred of them.
  private chunks: Buffer[] = [];
  private length = 0;

  push(chunk: Buffer): Array<{ type: number; payload: Buffer }> {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.length < HEADER || this.length < HEADER + this.header().readUInt32BE(1)) return [];
    let pending = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    const frames: Array<{ type: number; payload: Buffer }> = [];
    while (pending.length >= HEADER && pending.length >= HEADER + pending.readUInt32BE(1)) {
      const end = HEADER + pending.readUInt32BE(1);
      frames.push({ type: pending[0], payload: pending.subarray(HEADER, end) });
      pending = pending.subarray(end);
    }
    this.chunks = pending.length > 0 ? [pending] : [];
    this.length = pending.length;
    return frames;
  }

  private header(): Buffer {
    return this.chunks[0].length >= HEADER ? this.chunks[0] : Buffer.concat(this.chunks, this.length).subarray(0, HEADER);
  }
}
