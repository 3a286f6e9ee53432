/**
 * libpg-query's WebAssembly asks for 128 MB of memory up front (Emscripten's INITIAL_MEMORY) and
 * may grow to 1 GB. Creating that memory is most of what instantiating the parser costs, and V8
 * answers the 128 MB of external memory with a full garbage collection: a one-file scan spent
 * 40 ms of its 270 on it (bench). The build lowers the module's declared minimum to what its own
 * layout needs (its data, and the stack below the stack pointer's start, where the heap begins)
 * plus 1 MB; the heap grows from there as Emscripten built it to. Only the minimum's bytes change.
 */

const PAGE = 64 * 1024;
const HEADROOM = 1024 * 1024;
const MEMORY_SECTION = 5;
const GLOBAL_SECTION = 6;
const DATA_SECTION = 11;
const I32_CONST = 0x41;
const END = 0x0b;

interface Reader {
  bytes: Uint8Array;
  at: number;
}

function unsigned(reader: Reader): number {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = reader.bytes[reader.at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}

function signed32(reader: Reader): number {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = reader.bytes[reader.at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return shift < 32 && byte & 0x40 ? value | (~0 << shift) : value;
}

/** A constant initialiser's value when it is `i32.const N`; any other single instruction is skipped. */
function constantInitialiser(reader: Reader): number | undefined {
  const opcode = reader.bytes[reader.at++];
  let value: number | undefined;
  if (opcode === I32_CONST) value = signed32(reader);
  else if (opcode === 0x42 || opcode === 0x23 || opcode === 0xd2)
    unsigned(reader); // i64.const, global.get, ref.func
  else if (opcode === 0x43 || opcode === 0x44)
    reader.at += opcode === 0x43 ? 4 : 8; // f32.const, f64.const
  else if (opcode === 0xd0)
    reader.at++; // ref.null
  else throw new Error(`an initialiser this reader does not know (opcode 0x${opcode.toString(16)})`);
  if (reader.bytes[reader.at++] !== END) throw new Error('an initialiser of more than one instruction');
  return value;
}

interface Layout {
  /** Where the memory's minimum (in pages) is written, and in how many bytes. */
  minimum?: { at: number; length: number; pages: number };
  /** The highest address the module's data segments and constant globals (the stack pointer) reach. */
  highest: number;
}

function layoutOf(bytes: Uint8Array): Layout {
  const reader: Reader = { bytes, at: 8 };
  const layout: Layout = { highest: 0 };
  while (reader.at < bytes.length) {
    const id = bytes[reader.at++];
    const end = unsigned(reader) + reader.at;
    if (id === MEMORY_SECTION && unsigned(reader) === 1) {
      unsigned(reader); // limits' flags
      const at = reader.at;
      const pages = unsigned(reader);
      layout.minimum = { at, length: reader.at - at, pages };
    } else if (id === GLOBAL_SECTION) {
      for (let count = unsigned(reader); count > 0; count--) {
        reader.at += 2; // value type, mutability
        layout.highest = Math.max(layout.highest, constantInitialiser(reader) ?? 0);
      }
    } else if (id === DATA_SECTION) {
      for (let count = unsigned(reader); count > 0; count--) {
        const flags = unsigned(reader);
        if (flags === 2) unsigned(reader); // memory index
        const offset = flags === 1 ? undefined : constantInitialiser(reader);
        const size = unsigned(reader);
        reader.at += size;
        if (offset !== undefined) layout.highest = Math.max(layout.highest, offset + size);
      }
    }
    reader.at = end;
  }
  return layout;
}

/** The module with its memory's minimum lowered to its layout plus 1 MB; unchanged when that would not be lower. */
export function withLowerInitialMemory(wasm: Uint8Array): Uint8Array {
  let layout: Layout;
  try {
    layout = layoutOf(wasm);
  } catch {
    return wasm; // a module this reader cannot lay out is copied as it is
  }
  const { minimum, highest } = layout;
  if (!minimum) return wasm;
  const pages = Math.ceil((highest + HEADROOM) / PAGE);
  if (pages >= minimum.pages || pages >= 2 ** (7 * minimum.length)) return wasm;
  const patched = Uint8Array.from(wasm);
  // The same number of bytes (a padded LEB128), so that no section's size changes.
  for (let i = 0, rest = pages; i < minimum.length; i++, rest = Math.floor(rest / 128))
    patched[minimum.at + i] = (rest & 0x7f) | (i < minimum.length - 1 ? 0x80 : 0);
  return patched;
}

/** The memory's declared minimum, in 64 KB pages. */
export function initialMemoryPages(wasm: Uint8Array): number | undefined {
  return layoutOf(wasm).minimum?.pages;
}
