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
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ type: number; payload: Buffer }> {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Array<{ type: number; payload: Buffer }> = [];
    while (this.pending.length >= HEADER) {
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < HEADER + length) break;
      frames.push({ type: this.pending[0], payload: this.pending.subarray(HEADER, HEADER + length) });
      this.pending = this.pending.subarray(HEADER + length);
    }
    return frames;
  }
}
